#!/usr/bin/env bash
# The fresh-machine check (tier 6 in ARCHITECTURE.md): the README's two commands on a bare
# Debian 12, and the Debian package installed on another.
#
#   1. debootstrap --variant=minbase bookworm: a root with nothing but bash, apt-get and dpkg
#      (its sources list gains bookworm-updates and bookworm-security, as the Debian installer
#      and Debian's cloud images write it); a copy of it is kept, untouched, for step 5.
#   2. The checkout (tracked and untracked files, not ignored ones: no build/, node_modules/ or
#      .tmp/) is copied to /root/careguard in it.
#   3. `./careguard-dev run` there, until the server answers /readyz and its public search finds
#      the demo data; it is stopped, and run a second time (it must be safe to run again).
#   4. `./careguard-dev test` there, to the end: every test, the browser tests included.
#   5. `./careguard-dev package` there, and the package installed into the untouched copy with
#      `apt-get install ./careguard_*.deb`, which must bring in every library it needs;
#      `careguard migrate`, `content check` and `serve` run as the careguard user with the
#      installed configuration file until /readyz, a signed-out page and its assets answer; a
#      common password is refused (the installed list is read); the backup the timer runs keeps
#      the newest 14; then the same on PostgreSQL as the README sets it up (socket, peer
#      authentication; the backup is a pg_dump archive); the units pass
#      `systemd-analyze verify`; and a copy of that root is booted with systemd-nspawn, where
#      scripts/package-boot-check.sh checks careguard.service as systemd runs it, hardening and
#      all: started at boot, reload, the backup timer, direct TLS on port 443 and a renewed
#      certificate served after reload.
#
# Needs root, debootstrap and systemd-nspawn (both installed when missing), unshare and curl, and
# a network to Debian's and npm's registries. Everything runs in a private mount and PID
# namespace: the bind mounts (/proc, /dev, /sys, the caches) are never seen outside it and vanish
# with it, and every process started in the roots (servers, PostgreSQL, Chromium) ends when this
# script does.
#
# As an operator's machine would have them, the roots get this machine's /etc/resolv.conf and its
# CA certificates (the bundle, and /usr/local/share/ca-certificates so Debian's ca-certificates
# package keeps them), and NODE_EXTRA_CA_CERTS. Nothing else is added, except policy-rc.d: as in
# Debian's container images, installing a package starts no daemon (PostgreSQL on 5432 or nginx
# on 80 would otherwise start in the root, on this machine's network).
#
# Environment:
#   FRESH_DIR      where the roots and logs go (default .tmp/fresh-machine; wiped at each run)
#   FRESH_CACHE    kept between runs: downloaded .deb files, the npm cache and ccache's
#                  (default /var/cache/careguard-fresh; outside the checkout, so a new clone
#                  still finds them). None changes what is installed or built, only how long it
#                  takes: apt and npm still check every file against the registry's hashes, and
#                  ccache reuses an object only for the same compiler, flags and preprocessed
#                  source (headers that are missing still fail the build).
#   FRESH_CCACHE=0 start ccache empty (a cold build, as on a brand-new machine)
#   FRESH_MIRROR   Debian mirror (default http://deb.debian.org/debian), and
#   FRESH_SECURITY_MIRROR  its security archive (default http://deb.debian.org/debian-security)
#   FRESH_PORT     port of `./careguard-dev run` and of the installed server (default 8080)
#   FRESH_STEPS    steps to run after 1 and 2 (default "run test package")
#   FRESH_REUSE=1  only when working on this script: keep the roots of the last run (what they
#                  installed and built, too) and copy the checkout over the old copy
#   CAREGUARD_PG_PORT, CAREGUARD_SMTP_PORT, JOBS are passed to the commands in the root.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${FRESH_DIR:-$repo/.tmp/fresh-machine}
cache=${FRESH_CACHE:-/var/cache/careguard-fresh}
mirror=${FRESH_MIRROR:-http://deb.debian.org/debian}
security_mirror=${FRESH_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
port=${FRESH_PORT:-8080}
steps=${FRESH_STEPS:-run test package}
suite=bookworm

log() { echo "fresh-machine: $*"; }
die() {
  echo "fresh-machine: FAILED: $*" >&2
  exit 1
}

[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap, chroot, mounts)"

# ---- into a private mount and PID namespace ---------------------------------------------------
if [[ -z ${FRESH_IN_NAMESPACE:-} ]]; then
  for tool in unshare chroot curl; do
    command -v "$tool" >/dev/null || die "$tool is missing"
  done
  # The check's own tools on this machine: debootstrap, and systemd-nspawn to boot the root
  # the package went into.
  tools=()
  command -v debootstrap >/dev/null || tools+=(debootstrap)
  command -v systemd-nspawn >/dev/null || tools+=(systemd-container)
  if [[ ${#tools[@]} -gt 0 ]]; then
    log "installing ${tools[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${tools[@]}"
  fi
  FRESH_IN_NAMESPACE=1 exec unshare --mount --pid --fork --propagation private -- "$0" "$@"
fi
mount -t proc proc /proc  # this namespace's processes, for the checks below

started=$(date +%s)
declare -a timings=()
phase_started=0
phase() {
  phase_started=$(date +%s)
  log "== $* ($(date -u +%H:%M:%S))"
}
phase_done() {
  local took=$(($(date +%s) - phase_started))
  timings+=("$(printf '%-28s %4d s  (%d min %02d s)' "$1" "$took" $((took / 60)) $((took % 60)))")
  log "   $1 took $took s"
}
checks=0
ok() {
  checks=$((checks + 1))
  log "   ok: $*"
}
summary() {
  local status=$?
  local line
  if [[ ${#timings[@]} -gt 0 ]]; then
    log "times:"
    for line in "${timings[@]}"; do echo "  $line"; done
    echo "  total                        $(($(date +%s) - started)) s"
  fi
  if [[ $status -eq 0 ]]; then
    log "passed"
  else
    log "FAILED (exit $status); logs in $dir/logs"
  fi
  echo "fresh-machine: $checks passed, $((status == 0 ? 0 : 1)) failed"
}
trap summary EXIT

root=$dir/root
pkgroot=$dir/pkgroot
logs=$dir/logs

# Mounts what a root needs to run builds, PostgreSQL and Chromium, and the caches.
prepare_root() {
  local r=$1
  mount -t proc proc "$r/proc"
  mount -t sysfs sysfs "$r/sys"
  mount --bind /dev "$r/dev"
  mount --bind /dev/pts "$r/dev/pts"
  mount -t tmpfs -o mode=1777,nosuid,nodev shm "$r/dev/shm"
  mkdir -p "$cache/apt" "$cache/npm" "$cache/ccache" "$r/root/.npm" "$r/root/.cache/ccache"
  mount --bind "$cache/apt" "$r/var/cache/apt/archives"
  mount --bind "$cache/npm" "$r/root/.npm"
  if [[ ${FRESH_CCACHE:-1} != 0 ]]; then
    mount --bind "$cache/ccache" "$r/root/.cache/ccache"
  fi
  cp /etc/resolv.conf "$r/etc/resolv.conf"
  if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
    mkdir -p "$r/etc/ssl/certs"
    cp /etc/ssl/certs/ca-certificates.crt "$r/etc/ssl/certs/ca-certificates.crt"
  fi
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    mkdir -p "$r/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$r/usr/local/share/ca-certificates/"
  fi
  printf '#!/bin/sh\n# fresh-machine check: no daemon starts when a package is installed.\nexit 101\n' \
    >"$r/usr/sbin/policy-rc.d"
  chmod 755 "$r/usr/sbin/policy-rc.d"
}

# Runs a command line in a root, as root, with the environment a new login would have.
in_root() {
  local r=$1
  shift
  local env=(HOME=/root "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    LANG=C.UTF-8 TERM=dumb NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
    "CI=${CI:-}" "LISTEN=127.0.0.1:$port")
  local name
  env+=("pg=postgresql:///careguard?host=/var/run/postgresql")  # README's PostgreSQL example
  for name in CAREGUARD_PG_PORT CAREGUARD_SMTP_PORT JOBS; do
    [[ -n ${!name:-} ]] && env+=("$name=${!name}")
  done
  chroot "$r" /usr/bin/env -i "${env[@]}" /bin/bash -c "$*"
}

# Copies lines to stdout, and to the file named with the time each arrived (seconds since 1970),
# so the parts of a long command can be timed afterwards (breakdown below).
stamp_to() {  # file
  local line
  while IFS= read -r line; do
    printf '%s\n' "$line"
    printf '%(%s)T %s\n' -1 "$line" >&3
  done 3>>"$1"
}

export -f in_root stamp_to
export port

# Times the parts of a command from its stamped log: each part ends at the first line, after the
# previous part's end, that matches its pattern. Adds them to the summary.
breakdown() {  # log, then label and extended regular expression pairs, in order
  local log=$1 label regex end took
  shift
  local prev
  prev=$(head -n 1 "$log" | cut -d' ' -f1)
  [[ -n $prev ]] || return 0
  while [[ $# -ge 2 ]]; do
    label=$1 regex=$2
    shift 2
    end=$(awk -v after="$prev" -v re="$regex" '$1 >= after && substr($0, index($0, " ") + 1) ~ re \
      { print $1; exit }' "$log")
    [[ -n $end ]] || continue
    took=$((end - prev))
    timings+=("$(printf '  %-26s %4d s  (%d min %02d s)' "$label" "$took" $((took / 60)) \
      $((took % 60)))")
    prev=$end
  done
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

# Waits until a server started in the background answers /readyz; fails when it exits first.
wait_ready() {  # pid, log, seconds
  local pid=$1 output=$2 limit=$3 waited=0
  until curl -fsS --max-time 5 -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 60 "$output" >&2
      die "the server exited before it answered /readyz (log: $output)"
    fi
    if ((waited >= limit)); then
      tail -n 60 "$output" >&2
      die "no answer from /readyz after $limit s (log: $output)"
    fi
    sleep 2
    waited=$((waited + 2))
  done
}

# Stops a process group started with setsid, and waits for it.
stop_group() {  # pid
  local pid=$1 i
  kill -TERM -- "-$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

page_has() {  # path, text
  local body
  body=$(curl -fsS --max-time 10 "http://127.0.0.1:$port$1") || die "GET $1 failed"
  grep -q -F -- "$2" <<<"$body" || die "GET $1 does not show '$2'"
}

# The steps, in one function: bash reads a function whole before running it, so the script can
# be edited while a run (which takes a while) goes on.
main() {
  # ---- 1. a bare Debian 12 -----------------------------------------------------------------------
  port_free || die "port $port is in use (set FRESH_PORT)"
  phase "debootstrap --variant=minbase $suite"
  if [[ ${FRESH_REUSE:-} == 1 && -d $root/root && -d $pkgroot/root ]]; then
    log "   FRESH_REUSE=1: the roots of the last run, as they were left"
  else
    rm -rf "$dir"
    mkdir -p "$logs" "$cache/debootstrap"
    debootstrap --variant=minbase --cache-dir="$cache/debootstrap" "$suite" "$root" "$mirror" \
      >"$logs/debootstrap.log" 2>&1 || {
      tail -n 30 "$logs/debootstrap.log" >&2
      die "debootstrap failed"
    }
    for tool in make gcc g++ git node npm curl; do
      if chroot "$root" /bin/sh -c "command -v $tool" >/dev/null 2>&1; then
        die "the new root already has $tool: it is not a bare Debian"
      fi
    done
    ok "debootstrap made a bare Debian 12: no make, gcc, g++, git, node, npm or curl"
    # debootstrap lists only the release itself; the Debian installer and Debian's cloud images
    # also list its security and point-release updates, so a real machine gets those versions.
    cat >"$root/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security_mirror $suite-security main
SOURCES
    cp -a "$root" "$pkgroot"
  fi
  phase_done "debootstrap"

  # ---- 2. the checkout ---------------------------------------------------------------------------
  phase "copy the checkout to /root/careguard"
  mkdir -p "$root/root/careguard"
  if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$repo" ls-files -z --cached --others --exclude-standard |
      (cd "$repo" && xargs -0 -r stat --printf '%n\0' 2>/dev/null) |
      tar -C "$repo" --null -T - -cf - | tar -C "$root/root/careguard" -xf -
  else
    tar -C "$repo" --exclude=./build --exclude='./build-*' --exclude=./.tmp --exclude=./.cache \
      --exclude=node_modules --exclude=./data --exclude=./web/dist -cf - . |
      tar -C "$root/root/careguard" -xf -
  fi
  prepare_root "$root"
  phase_done "copy"

  for step in $steps; do
    case $step in
      run)
        # ---- 3. the README's first command ---------------------------------------------------
        for attempt in first second; do
          phase "./careguard-dev run ($attempt time)"
          port_free || die "port $port is in use"
          : >"$logs/run-$attempt.log"
          setsid bash -c "in_root '$root' 'cd /root/careguard && ./careguard-dev run' 2>&1 |
            stamp_to '$logs/run-$attempt.log'" </dev/null >/dev/null 2>&1 &
          run_pid=$!
          wait_ready "$run_pid" "$logs/run-$attempt.log" 5400
          page_has /readyz '"status":"ok"'
          page_has '/status?q=Sunnyside' 'Sunnyside Care Group'
          grep -q 'demo kettle orange bicycle' "$logs/run-$attempt.log" ||
            die "./careguard-dev run did not print the demo sign-ins"
          stop_group "$run_pid"
          ok "./careguard-dev run ($attempt time): /readyz answers, the demo data is there"
          phase_done "run ($attempt time)"
          if [[ $attempt == first ]]; then
            breakdown "$logs/run-$attempt.log" "apt-get install" '^install-node:' \
              "Node.js, npm, npm ci" '^cmake -S' "compile the server" 'Built target careguard$' \
              "assets, migrate, demo" 'Careguard is running'
          fi
        done
        ;;
      test)
        # ---- 4. the README's second command --------------------------------------------------
        phase "./careguard-dev test"
        set +e
        : >"$logs/test.log"
        in_root "$root" 'cd /root/careguard && ./careguard-dev test' 2>&1 | stamp_to "$logs/test.log"
        status=${PIPESTATUS[0]}
        set -e
        phase_done "test"
        breakdown "$logs/test.log" "apt-get install" '^install-node:' "npm ci" '^cmake -S' \
          "compile the test programs" '^Test project' "ctest" 'tests (passed|failed) out of' \
          "browser tests" '^ℹ duration_ms' "soak (20 s at 1,000 conn.)" 'tests/fuzz' \
          "compile the fuzz targets" '^== fuzz_' "run the fuzz targets" '^make test: '
        [[ $status -eq 0 ]] || die "./careguard-dev test failed (exit $status)"
        ok "./careguard-dev test: every test passed"
        ;;
      package)
        # ---- 5. the package, on another bare Debian 12 ---------------------------------------
        phase "./careguard-dev package"
        in_root "$root" 'cd /root/careguard && ./careguard-dev package' >"$logs/package.log" 2>&1 || {
          tail -n 40 "$logs/package.log" >&2
          die "./careguard-dev package failed"
        }
        debs=("$root"/root/careguard/build/package/careguard_*.deb)
        [[ -f ${debs[0]} ]] || die "no careguard_*.deb under build/package"
        deb=$(basename "${debs[0]}")
        ok "./careguard-dev package built $deb; Depends: $(dpkg-deb -f "${debs[0]}" Depends)"
        phase_done "package"

        phase "apt-get install ./$deb on a bare Debian 12"
        prepare_root "$pkgroot"
        cp "${debs[0]}" "$pkgroot/root/$deb"
        reinstall=""  # (a root kept by FRESH_REUSE=1 may have this version installed already)
        [[ ${FRESH_REUSE:-} == 1 ]] && reinstall=--reinstall
        in_root "$pkgroot" "set -e; apt-get update -qq; \
          DEBIAN_FRONTEND=noninteractive apt-get install -y $reinstall ./root/$deb" \
          >"$logs/package-install.log" 2>&1 || {
          tail -n 40 "$logs/package-install.log" >&2
          die "apt-get install ./$deb failed"
        }
        in_root "$pkgroot" 'set -e
          id careguard
          test "$(stat -c %U:%a /var/lib/careguard)" = careguard:750
          test "$(stat -c %G:%a /etc/careguard/careguard.conf)" = careguard:640
          grep -qx /etc/careguard/careguard.conf /var/lib/dpkg/info/careguard.conffiles
          test -d /usr/share/careguard/templates -a -d /usr/share/careguard/content
          test -f /usr/share/careguard/web/dist/nhsuk.css
          careguard version' >>"$logs/package-install.log" 2>&1 || {
          tail -n 20 "$logs/package-install.log" >&2
          die "the package did not install what it should"
        }
        ok "apt-get install ./$deb on a bare Debian 12: user, folders, conffile, careguard version"
        phase_done "package install"

        phase "the installed careguard, as the careguard user"
        as_careguard="runuser -u careguard -- env CAREGUARD_LISTEN=127.0.0.1:$port"
        in_root "$pkgroot" "set -e; cd /var/lib/careguard; \
          $as_careguard careguard migrate --config /etc/careguard/careguard.conf; \
          $as_careguard careguard content check" >"$logs/package-serve.log" 2>&1 || {
          tail -n 20 "$logs/package-serve.log" >&2
          die "careguard migrate / content check failed as the careguard user"
        }
        port_free || die "port $port is in use"
        setsid bash -c "in_root '$pkgroot' 'cd /var/lib/careguard && exec $as_careguard \
          careguard serve --config /etc/careguard/careguard.conf'" \
          </dev/null >>"$logs/package-serve.log" 2>&1 &
        serve_pid=$!
        wait_ready "$serve_pid" "$logs/package-serve.log" 60
        page_has /sign-in 'Sign in'
        css=$(curl -fsS "http://127.0.0.1:$port/sign-in" | grep -o '/assets/[^"]*\.css' | head -n 1)
        [[ -n $css ]] || die "the sign-in page links no stylesheet"
        curl -fsS -o /dev/null "http://127.0.0.1:$port$css" || die "GET $css failed"
        stop_group "$serve_pid"
        ok "migrate, content check and serve as careguard: /readyz, /sign-in and $css answer"
        # The common-password list, too, is read from /usr/share/careguard: demo data (whose
        # people get a password) and a common password refused, in a scratch database.
        in_root "$pkgroot" 'set -e
          db=sqlite:/tmp/careguard-package-check.db
          runuser -u careguard -- careguard demo --database $db >/dev/null
          if runuser -u careguard -- careguard user add --database $db --email new@example.org \
            --name New --org AB1C2 --role staff --password q1w2e3r4t5y6 2>/tmp/refused.txt; then
            echo "a common password was accepted"; exit 1
          fi
          cat /tmp/refused.txt
          grep -q "too common" /tmp/refused.txt
          rm -f /tmp/careguard-package-check.db*' >>"$logs/package-serve.log" 2>&1 || {
          tail -n 20 "$logs/package-serve.log" >&2
          die "the installed careguard does not judge passwords with its common-password list"
        }
        ok "the installed careguard refuses a common password (its list read from /usr/share)"
        # The backup the timer runs: with 15 older ones there, the oldest two must go.
        in_root "$pkgroot" 'set -e
          test -f /var/lib/careguard/careguard.db
          cd /var/lib/careguard/backups
          rm -f careguard-*.backup
          for day in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15; do
            runuser -u careguard -- touch careguard-202001${day}T023000Z.backup
          done
          runuser -u careguard -- /usr/lib/careguard/careguard-backup
          ls -l
          test "$(ls | grep -c "^careguard-.*\.backup$")" = 14
          test ! -e careguard-20200101T023000Z.backup -a ! -e careguard-20200102T023000Z.backup
          test -e careguard-20200103T023000Z.backup
          newest=$(ls careguard-2*.backup | tail -n 1)
          test "$(stat -c %U:%a "$newest")" = careguard:640
          test "$(head -c 15 "$newest")" = "SQLite format 3"' >>"$logs/package-serve.log" 2>&1 || {
          tail -n 20 "$logs/package-serve.log" >&2
          die "the backup failed"
        }
        ok "careguard-backup as careguard: a new SQLite backup (mode 640), the newest 14 kept"
        phase_done "package serve and backup"

        phase "the installed careguard on PostgreSQL, as README's Install on a server says"
        # As the README says: a careguard role and database, reached through the local socket with
        # peer authentication. policy-rc.d kept the cluster from starting, so it is started here, with
        # no TCP port (nothing on this machine's network).
        in_root "$pkgroot" 'set -e
          DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql \
            >/dev/null
          printf "listen_addresses = \047\047\n" >/etc/postgresql/15/main/conf.d/no-tcp.conf
          pg_ctlcluster 15 main start
          runuser -u postgres -- psql -qtc "DROP DATABASE IF EXISTS careguard" >/dev/null
          runuser -u postgres -- psql -qtc "DROP ROLE IF EXISTS careguard" >/dev/null
          runuser -u postgres -- createuser careguard
          runuser -u postgres -- createdb --owner careguard careguard
          cd /var/lib/careguard
          runuser -u careguard -- env CAREGUARD_DATABASE="$pg" \
            careguard migrate --config /etc/careguard/careguard.conf' >"$logs/package-postgres.log" 2>&1 || {
          tail -n 30 "$logs/package-postgres.log" >&2
          die "PostgreSQL for the installed careguard"
        }
        setsid bash -c "in_root '$pkgroot' 'cd /var/lib/careguard && exec $as_careguard \
          CAREGUARD_DATABASE=\"\$pg\" careguard serve --config /etc/careguard/careguard.conf'" \
          </dev/null >>"$logs/package-postgres.log" 2>&1 &
        serve_pid=$!
        wait_ready "$serve_pid" "$logs/package-postgres.log" 60
        page_has /readyz '"dialect":"postgresql"'
        page_has /sign-in 'Sign in'
        stop_group "$serve_pid"
        in_root "$pkgroot" 'set -e
          cd /var/lib/careguard/backups
          rm -f careguard-*.backup
          runuser -u careguard -- env CAREGUARD_DATABASE="$pg" /usr/lib/careguard/careguard-backup
          newest=$(ls careguard-2*.backup | tail -n 1)
          test "$(head -c 5 "$newest")" = PGDMP
          rm -f careguard-*.backup
          pg_ctlcluster 15 main stop' >>"$logs/package-postgres.log" 2>&1 || {
          tail -n 30 "$logs/package-postgres.log" >&2
          die "the backup of a PostgreSQL database failed"
        }
        ok "on PostgreSQL (socket, peer authentication): migrate, serve (/readyz, /sign-in), pg_dump backup"
        phase_done "package on PostgreSQL"

        phase "systemd-analyze verify"
        in_root "$pkgroot" 'set -e; DEBIAN_FRONTEND=noninteractive \
          apt-get install -y -qq --no-install-recommends systemd >/dev/null
          cd /lib/systemd/system
          systemd-analyze verify careguard.service careguard-backup.service careguard-backup.timer
          systemd-analyze security --offline=yes --no-pager careguard.service | tail -n 1' \
          >"$logs/package-systemd.log" 2>&1 || {
          cat "$logs/package-systemd.log" >&2
          die "systemd-analyze verify failed"
        }
        ok "systemd-analyze verify: the three units;$(tail -n 1 "$logs/package-systemd.log" | sed 's/^ *→//')"
        phase_done "systemd-analyze"

        phase "careguard.service under systemd: a copy of that root booted with systemd-nspawn"
        # On a copy, so the root the package went into stays as the package left it. Its own network
        # (loopback only), so ports 8080 and 443 inside it are its own. curl and openssl are the check's
        # tools, installed after the package's own dependencies were checked above.
        in_root "$pkgroot" 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
          --no-install-recommends curl openssl >/dev/null' >"$logs/package-boot.log" 2>&1 || {
          tail -n 20 "$logs/package-boot.log" >&2
          die "installing curl and openssl for the boot check"
        }
        bootroot=$dir/bootroot
        rm -rf "$bootroot"
        cp -a --one-file-system "$pkgroot" "$bootroot"
        install -m 755 "$repo/scripts/package-boot-check.sh" "$bootroot/usr/local/sbin/package-boot-check"
        cat >"$bootroot/etc/systemd/system/package-boot-check.service" <<UNIT
[Unit]
Description=fresh-machine check of the careguard package under systemd
After=careguard.service
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/package-boot-check
[Install]
WantedBy=multi-user.target
UNIT
        ln -sf /etc/systemd/system/package-boot-check.service \
          "$bootroot/etc/systemd/system/multi-user.target.wants/package-boot-check.service"
        rm -f "$bootroot/usr/sbin/policy-rc.d"
        timeout 300 systemd-nspawn -D "$bootroot" --boot --private-network --register=no --keep-unit \
          --quiet >>"$logs/package-boot.log" 2>&1 || true
        cp "$bootroot/root/package-boot-check.log" "$logs/" 2>/dev/null || true
        if ! grep -q '^RESULT=ok' "$logs/package-boot-check.log" 2>/dev/null; then
          tail -n 60 "$logs/package-boot-check.log" "$logs/package-boot.log" >&2 || true
          die "careguard.service under systemd (logs: package-boot-check.log, package-boot.log)"
        fi
        grep -E '^(NoNewPrivs|CapEff|Seccomp):' "$logs/package-boot-check.log" | tr '\n\t' '  ' |
          sed 's/^/fresh-machine:    the server under systemd: /; s/ *$/\n/'
        rm -rf "$bootroot"
        ok "booted with systemd: careguard.service started and hardened, reload (SIGHUP), backup timer and service, direct TLS on 443 with a renewed certificate served after reload"
        phase_done "package under systemd"
        ;;
      *) die "unknown step '$step' in FRESH_STEPS" ;;
    esac
  done
  # Keeps the .deb cache from growing with every point release: drops the files of versions
  # the archive no longer has.
  in_root "$root" 'apt-get autoclean -qq' >/dev/null 2>&1 || true
}

main "$@"; exit $?  # (one line: bash has read it whole before main runs)
