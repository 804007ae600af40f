#!/usr/bin/env bash
# Starts and stops the services the tests need, on private ports, in a private directory:
#   - a real PostgreSQL 15 server (trust authentication, 127.0.0.1 only), port $CAREGUARD_PG_PORT
#     (default 55432);
#   - an SMTP sink (scripts/smtp_sink.py) on 127.0.0.1:$CAREGUARD_SMTP_PORT (default 2525) that
#     writes every message it receives to $CAREGUARD_TMP/mail/*.eml.
# Everything lives under $CAREGUARD_TMP (default <repo>/.tmp).
#
# usage: scripts/services.sh start|stop|status|env
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=${CAREGUARD_TMP:-$repo/.tmp}
mkdir -p "$tmp"
tmp=$(cd "$tmp" && pwd)

pg_port=${CAREGUARD_PG_PORT:-55432}
smtp_port=${CAREGUARD_SMTP_PORT:-2525}
pg_bin=/usr/lib/postgresql/15/bin
python=/usr/bin/python3  # Debian's Python, which has python3-aiosmtpd (not a pyenv one)

mail_dir=$tmp/mail
smtp_dir=$tmp/smtp
smtp_pid_file=$smtp_dir/smtp.pid
smtp_log=$smtp_dir/smtp.log

as_root=0
[[ $(id -u) -eq 0 ]] && as_root=1

# PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, which must be
# able to reach its directory. When it cannot (say the repo is under /root), or the socket path
# would be too long, the server's directory moves to a fixed place under /tmp named after $tmp.
pg_root=$tmp/postgres
pg_reachable() {
  local dir=$1
  if [[ $as_root -eq 1 ]]; then
    runuser -u postgres -- test -x "$dir" 2>/dev/null
  else
    test -x "$dir"
  fi
}
if ! pg_reachable "$tmp" || [[ ${#pg_root} -gt 80 ]]; then
  pg_root=/tmp/careguard-pg-$(printf '%s' "$tmp" | sha1sum | cut -c1-12)
fi
pg_data=$pg_root/data
pg_socket=$pg_root/run
pg_log=$pg_root/postgres.log

as_pg() {
  if [[ $as_root -eq 1 ]]; then
    # From /: PostgreSQL's programs complain when the postgres user cannot enter the current
    # folder (a checkout under /root, as on a fresh machine).
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

log() { echo "services: $*"; }
die() {
  echo "services: $*" >&2
  exit 1
}

tcp_open() {  # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# ---- PostgreSQL -------------------------------------------------------------------------

pg_running() {
  [[ -f $pg_data/PG_VERSION ]] && as_pg "$pg_bin/pg_ctl" status -D "$pg_data" >/dev/null 2>&1
}

pg_init() {
  [[ -x $pg_bin/initdb ]] || die "PostgreSQL 15 is not installed (run scripts/install-deps.sh)"
  mkdir -p "$pg_root"
  if [[ ! -f $pg_data/PG_VERSION ]]; then
    rm -rf "$pg_data"
    mkdir -p "$pg_data" "$pg_socket"
    [[ $as_root -eq 1 ]] && chown -R postgres:postgres "$pg_root"
    chmod 700 "$pg_data"
    log "initdb $pg_data"
    as_pg "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --no-locale \
      >"$pg_root/initdb.log" 2>&1 || {
      cat "$pg_root/initdb.log" >&2
      die "initdb failed"
    }
    cat >"$pg_data/pg_hba.conf" <<HBA
# Test server only: trust, and only from this machine.
local   all all              trust
host    all all 127.0.0.1/32 trust
HBA
    [[ $as_root -eq 1 ]] && chown postgres:postgres "$pg_data/pg_hba.conf"
  fi
  mkdir -p "$pg_socket"
  [[ $as_root -eq 1 ]] && chown -R postgres:postgres "$pg_root"
  # Settings are rewritten on every start so a changed port takes effect.
  cat >"$pg_data/postgresql.auto.conf" <<CONF
# Written by scripts/services.sh (a throwaway test server).
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_socket'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
CONF
  [[ $as_root -eq 1 ]] && chown postgres:postgres "$pg_data/postgresql.auto.conf"
  return 0
}

pg_start() {
  if pg_running; then
    log "postgres already running (port $pg_port, data $pg_data)"
  else
    pg_init
    if tcp_open 127.0.0.1 "$pg_port"; then
      die "port $pg_port is already in use by something else (set CAREGUARD_PG_PORT)"
    fi
    log "starting postgres on 127.0.0.1:$pg_port"
    as_pg "$pg_bin/pg_ctl" start -D "$pg_data" -l "$pg_log" -w -t 60 >/dev/null || {
      tail -n 50 "$pg_log" >&2 || true
      die "postgres did not start"
    }
  fi
  local i
  for ((i = 0; i < 120; i++)); do
    if "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" -U postgres; then
      return 0
    fi
    sleep 0.25
  done
  tail -n 50 "$pg_log" >&2 || true
  die "postgres is not accepting connections on 127.0.0.1:$pg_port"
}

pg_stop() {
  if pg_running; then
    log "stopping postgres"
    as_pg "$pg_bin/pg_ctl" stop -D "$pg_data" -m fast -w -t 60 >/dev/null ||
      as_pg "$pg_bin/pg_ctl" stop -D "$pg_data" -m immediate -w -t 30 >/dev/null || true
  else
    log "postgres is not running"
  fi
}

# ---- SMTP sink --------------------------------------------------------------------------

smtp_pid() {
  [[ -f $smtp_pid_file ]] || return 1
  local pid
  pid=$(cat "$smtp_pid_file" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid: it must still be our sink.
  grep -q smtp_sink.py "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

smtp_start() {
  mkdir -p "$mail_dir" "$smtp_dir"
  local pid
  if pid=$(smtp_pid); then
    log "smtp sink already running (pid $pid, port $smtp_port)"
  else
    [[ -x $python ]] || die "$python not found (run scripts/install-deps.sh)"
    "$python" -c 'import aiosmtpd' 2>/dev/null ||
      die "python3-aiosmtpd is missing for $python (run scripts/install-deps.sh)"
    if tcp_open 127.0.0.1 "$smtp_port"; then
      die "port $smtp_port is already in use by something else (set CAREGUARD_SMTP_PORT)"
    fi
    log "starting smtp sink on 127.0.0.1:$smtp_port (mail in $mail_dir)"
    setsid "$python" "$repo/scripts/smtp_sink.py" --host 127.0.0.1 --port "$smtp_port" \
      --dir "$mail_dir" </dev/null >>"$smtp_log" 2>&1 &
    echo $! >"$smtp_pid_file"
  fi
  local i
  for ((i = 0; i < 100; i++)); do
    if tcp_open 127.0.0.1 "$smtp_port" && smtp_pid >/dev/null; then
      return 0
    fi
    if ! smtp_pid >/dev/null; then
      tail -n 30 "$smtp_log" >&2 || true
      die "smtp sink exited"
    fi
    sleep 0.1
  done
  tail -n 30 "$smtp_log" >&2 || true
  die "smtp sink is not accepting connections on 127.0.0.1:$smtp_port"
}

smtp_stop() {
  local pid i
  if pid=$(smtp_pid); then
    log "stopping smtp sink (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  else
    log "smtp sink is not running"
  fi
  rm -f "$smtp_pid_file"
}

# ---- commands ---------------------------------------------------------------------------

print_env() {
  echo "export CAREGUARD_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$pg_port/postgres"
  echo "export CAREGUARD_TEST_SMTP_URL=smtp://127.0.0.1:$smtp_port"
  echo "export CAREGUARD_TEST_MAIL_DIR=$mail_dir"
}

status() {
  local ok=0 pid
  if pg_running && "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" -U postgres; then
    echo "postgres: running on 127.0.0.1:$pg_port (data $pg_data)"
  else
    echo "postgres: stopped"
    ok=3
  fi
  if pid=$(smtp_pid); then
    echo "smtp sink: running on 127.0.0.1:$smtp_port (pid $pid, mail in $mail_dir)"
  else
    echo "smtp sink: stopped"
    ok=3
  fi
  return $ok
}

case ${1:-} in
  start)
    pg_start
    smtp_start
    log "ready"
    ;;
  stop)
    smtp_stop
    pg_stop
    ;;
  status) status ;;
  env) print_env ;;
  *)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
