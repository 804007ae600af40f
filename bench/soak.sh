#!/usr/bin/env bash
# Load and soak test (issue #5): 1,000 keep-alive connections for 10 minutes against signed-in
# pages and the JSON API, on loopback. Passes only with no failed request, RSS growth under 5%
# after warm-up (its level and its peak: bench/soak_samples.awk) and no file descriptors left
# behind. Builds nothing: it runs $CAREGUARD.
#
#   make soak                                   # 10 minutes on SQLite
#   make soak SOAK_DATABASE=postgres            # on a fresh database in scripts/services.sh's server
#   SOAK_SECONDS=20 bash bench/soak.sh          # the quick version `make test` runs
#
# Settings (environment):
#   CAREGUARD            the binary (default ./build/careguard)
#   SOAK_DATABASE        sqlite (default: a new file) or postgres (a new database in the server
#                        of $CAREGUARD_TEST_POSTGRES_URL or scripts/services.sh, dropped after)
#   SOAK_SECONDS         length of the load (default 600)
#   SOAK_CONNECTIONS     keep-alive connections (default 1000); SOAK_THREADS wrk threads (2)
#   SOAK_WARMUP_SECONDS  start of the RSS comparison (default 20% of the run, at least 30 s
#                        but never more than half of it)
#   SOAK_SAMPLE_SECONDS  how often RSS and open files are sampled (default 5, 2 for short runs)
#   SOAK_RSS_GROWTH_PERCENT (5) and SOAK_FD_SLACK (4): the limits
#   SOAK_RESULTS         where samples.csv, wrk.txt, summary.txt, the server's log without its
#                        request lines and its requests of 5 s or more are kept (default
#                        .tmp/soak/<date>-<database>)
#
# What it does: a fresh database with `careguard demo`; an API token for the demo organisation
# lead; every item of the lead's assessment answered through the API (bench/toolkit.sh); the
# lead signed in with TOTP and the support adviser with a password; each planned request
# checked once with curl; a short priming run so lazily opened database connections exist
# before the baseline; then wrk with bench/soak.lua, which cycles over the plan and counts every
# status (any answer but 200 is an error: a redirect would mean a lost session). The server's
# RSS (VmRSS), open files (/proc/PID/fd) and threads are sampled throughout.
#
# The API rate limit is raised for this run (CAREGUARD_API_REQUESTS_PER_MINUTE): one token
# carries two fifths of the load here, far above what one person's token may do; the limiter
# still runs on every call and RateLimitTest checks that it refuses.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CAREGUARD=${CAREGUARD:-$ROOT/build/careguard}
KIND=${SOAK_DATABASE:-sqlite}
DURATION=${SOAK_SECONDS:-600}
CONNECTIONS=${SOAK_CONNECTIONS:-1000}
THREADS=${SOAK_THREADS:-2}
RSS_LIMIT=${SOAK_RSS_GROWTH_PERCENT:-5}
FD_SLACK=${SOAK_FD_SLACK:-4}
default_warmup=$((DURATION / 5))
[ "$default_warmup" -lt 30 ] && default_warmup=30
[ "$default_warmup" -gt $((DURATION / 2)) ] && default_warmup=$((DURATION / 2))
WARMUP=${SOAK_WARMUP_SECONDS:-$default_warmup}
default_sample=5
[ "$DURATION" -lt 60 ] && default_sample=2
SAMPLE=${SOAK_SAMPLE_SECONDS:-$default_sample}
RESULTS=${SOAK_RESULTS:-$ROOT/.tmp/soak/$(date +%Y%m%d-%H%M%S)-$KIND}

die() { echo "soak: $*" >&2; exit 1; }
[[ $DURATION =~ ^[0-9]+$ && $DURATION -ge 10 ]] || die "SOAK_SECONDS must be a whole number, at least 10"
[[ $WARMUP =~ ^[0-9]+$ && $WARMUP -lt $DURATION ]] || die "SOAK_WARMUP_SECONDS must be below SOAK_SECONDS"
[ "$KIND" = sqlite ] || [ "$KIND" = postgres ] || die "SOAK_DATABASE must be sqlite or postgres"
[ -x "$CAREGUARD" ] || die "$CAREGUARD is missing; run 'make build' first"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
# shellcheck source=bench/toolkit.sh
source "$ROOT/bench/toolkit.sh"
oathtool_check

# Each connection is a file descriptor in wrk and in the server, which inherits this limit.
NEED_FILES=$((CONNECTIONS + 512))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$NEED_FILES" ]; then
  ulimit -n "$NEED_FILES" 2>/dev/null ||
    die "cannot raise the open-file limit to $NEED_FILES (hard limit $(ulimit -Hn)); raise it or lower SOAK_CONNECTIONS"
fi

WORK=$(mktemp -d /tmp/careguard-soak.XXXXXX)
mkdir -p "$RESULTS"
CG_PID=""
SAMPLER_PID=""
WRK_PID=""
PG_DB=""
PG_ADMIN_URL=""
cleanup() {
  local status=$?
  for pid in $SAMPLER_PID $WRK_PID; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$CG_PID" ] && kill -0 "$CG_PID" 2>/dev/null; then
    kill -TERM "$CG_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$CG_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$CG_PID" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  if [ -n "$PG_DB" ]; then
    psql -q -X "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null 2>&1 ||
      echo "soak: could not drop database $PG_DB" >&2
  fi
  if [ -f "$WORK/careguard.log" ]; then
    grep -v '"event":"request"' "$WORK/careguard.log" >"$RESULTS/server.log" 2>/dev/null || true
    if [ $status -ne 0 ]; then
      echo "soak: the server's last log lines (not requests):" >&2
      tail -n 15 "$RESULTS/server.log" >&2 || true
    fi
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=bench/ports.sh
source "$ROOT/bench/ports.sh"

# --- the database ---------------------------------------------------------------------------
if [ "$KIND" = postgres ]; then
  command -v psql >/dev/null || die "psql is missing (apt-get install postgresql-client)"
  PG_ADMIN_URL=${CAREGUARD_TEST_POSTGRES_URL:-$(bash "$ROOT/scripts/services.sh" env |
    sed -n 's/^export CAREGUARD_TEST_POSTGRES_URL=//p')}
  psql -q -X "$PG_ADMIN_URL" -c 'SELECT 1' >/dev/null 2>&1 ||
    die "PostgreSQL at $PG_ADMIN_URL does not answer; start it with scripts/services.sh start"
  PG_DB="careguard_soak_$$_$RANDOM"
  psql -q -X "$PG_ADMIN_URL" -c "CREATE DATABASE \"$PG_DB\"" >/dev/null || die "could not create database $PG_DB"
  DB="${PG_ADMIN_URL%/*}/$PG_DB"
else
  DB="sqlite:$WORK/careguard.db"
fi
"$CAREGUARD" migrate --database "$DB" >"$WORK/migrate.log" 2>&1 || die "migrate failed: $(cat "$WORK/migrate.log")"
"$CAREGUARD" demo --database "$DB" >"$WORK/demo.log" 2>&1 || die "demo failed: $(cat "$WORK/demo.log")"
toolkit_token "$CAREGUARD" "$DB"

# --- the server -----------------------------------------------------------------------------
CG_PORT=$(free_port)
CAREGUARD_API_REQUESTS_PER_MINUTE=1000000 CAREGUARD_API_BURST=1000000 \
  "$CAREGUARD" serve --database "$DB" --insecure-cookies --listen "127.0.0.1:$CG_PORT" \
  --port-file "$WORK/careguard.port" >"$WORK/careguard.log" 2>&1 &
CG_PID=$!
for _ in $(seq 100); do [ -s "$WORK/careguard.port" ] && break; kill -0 "$CG_PID" || die "careguard exited"; sleep 0.1; done
[ -s "$WORK/careguard.port" ] || die "careguard did not start listening within 10 s"
CG="http://127.0.0.1:$(cat "$WORK/careguard.port")"

# --- sessions and the plan ------------------------------------------------------------------
# The lead signs in (setting up two-step verification) before the token is used: a lead's token
# is refused until then.
toolkit_sign_in_lead "$CG"
toolkit_fill "$CG"

# The support adviser needs no second step; their dashboard is where /dashboard redirects.
JAR=$WORK/adviser-cookies.txt
curl -fsS --max-time 10 -c "$JAR" -o "$WORK/sign-in.html" "$CG/sign-in"
CSRF=$(grep -o 'name="csrf_token" value="[^"]*"' "$WORK/sign-in.html" | head -n1 | sed 's/.*value="//; s/"$//')
[ -n "$CSRF" ] || die "no csrf_token field on /sign-in"
status=$(curl -sS --max-time 10 -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code}' \
  --data-urlencode "csrf_token=$CSRF" --data-urlencode "email=adviser@demo.careguard.test" \
  --data-urlencode "password=$TK_PASSWORD" "$CG/sign-in")
[ "$status" = 303 ] || die "the adviser's sign-in answered $status, expected 303"
ADVISER_COOKIE="cg_session=$(awk '$6 == "cg_session" { v = $7 } END { print v }' "$JAR"); cg_csrf=$(awk '$6 == "cg_csrf" { v = $7 } END { print v }' "$JAR")"
DASHBOARD=$(curl -sS --max-time 10 -H "Cookie: $ADVISER_COOKIE" -o /dev/null -w '%{http_code} %{redirect_url}' "$CG/dashboard")
[[ $DASHBOARD == "303 $CG/orgs/"*/dashboard ]] || die "the adviser's /dashboard answered '$DASHBOARD', expected 303 to their dashboard"
DASHBOARD=${DASHBOARD#"303 $CG"}
SUPPORT_ORG=$(cut -d/ -f3 <<<"$DASHBOARD")

# Pages as a browser asks for them (gzip accepted), the API as a script would (no gzip).
LEAD=$'Cookie: '"$LEAD_COOKIE"$'\tAccept: text/html\tAccept-Encoding: gzip'
ADVISER=$'Cookie: '"$ADVISER_COOKIE"$'\tAccept: text/html\tAccept-Encoding: gzip'
API=$'Authorization: Bearer '"$TK_TOKEN"$'\tAccept: application/json'
SECOND_ITEM=$(sed -n 20p "$WORK/answers.tsv" | cut -f1)
ASSESSMENT_API="/api/v1/orgs/$TK_ORG/assessments/$TK_ASSESSMENT"
PLAN=$WORK/plan.tsv
{
  printf '%s\t%s\n' "/" "$LEAD"
  printf '%s\t%s\n' "/orgs/$TK_ORG" "$LEAD"
  printf '%s\t%s\n' "/orgs/$TK_ORG/toolkit" "$LEAD"
  printf '%s\t%s\n' "$TK_TASKS_PATH" "$LEAD"
  printf '%s\t%s\n' "$TK_QUESTION_PATH" "$LEAD"
  printf '%s\t%s\n' "$TK_TASKS_PATH/items/$SECOND_ITEM" "$LEAD"
  printf '%s\t%s\n' "/" "$ADVISER"
  printf '%s\t%s\n' "$DASHBOARD" "$ADVISER"
  printf '%s\t%s\n' "/orgs/$SUPPORT_ORG/portfolio/progress" "$ADVISER"
  printf '%s\t%s\n' "/api/v1/me" "$API"
  printf '%s\t%s\n' "/api/v1/orgs" "$API"
  printf '%s\t%s\n' "/api/v1/orgs/$TK_ORG" "$API"
  printf '%s\t%s\n' "/api/v1/orgs/$TK_ORG/assessments" "$API"
  printf '%s\t%s\n' "$ASSESSMENT_API" "$API"
  printf '%s\t%s\n' "/api/v1/orgs/$TK_ORG/status" "$API"
} >"$PLAN"

# Every planned request must answer 200 with a body before any load: a wrong path or a lost
# session fails here with its name instead of as a count in the results.
while IFS=$'\t' read -r -a fields; do
  args=(-sS --max-time 10 -o "$WORK/check.body" -w '%{http_code}' --compressed)
  for header in "${fields[@]:1}"; do args+=(-H "$header"); done
  code=$(curl "${args[@]}" "$CG${fields[0]}") || die "curl ${fields[0]} failed"
  if [ "$code" != 200 ] || [ ! -s "$WORK/check.body" ]; then
    die "${fields[0]} answered $code before the load, expected 200 with a body"
  fi
done <"$PLAN"
PLAN_SIZE=$(wc -l <"$PLAN")
PLAN_API=$(grep -c '^/api/' "$PLAN")
echo "soak: $PLAN_SIZE requests in the plan, each answered 200 (organisation $TK_ORG, assessment $TK_ASSESSMENT, support organisation $SUPPORT_ORG)"

# --- measuring ------------------------------------------------------------------------------
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$CG_PID/status"; }
threads() { awk '/^Threads:/ { print $2 }' "/proc/$CG_PID/status"; }
open_files() {
  local fds=("/proc/$CG_PID/fd/"*)
  echo "${#fds[@]}"
}
SAMPLES=$RESULTS/samples.csv
echo "seconds,phase,rss_kib,open_files,threads" >"$SAMPLES"
record() {  # record SECONDS PHASE
  echo "$1,$2,$(rss_kib),$(open_files),$(threads)" >>"$SAMPLES"
}

# A short, small run first: database connections open on first use and stay in the pool, so
# the baseline is taken with the pool as it will be, not before it fills.
wrk -t1 -c16 -d3s --timeout 10s -s "$ROOT/bench/soak.lua" "$CG" -- "$PLAN" >"$WORK/priming.txt" 2>&1 ||
  die "the priming run failed: $(cat "$WORK/priming.txt")"
grep -q '^soak: unexpected 0$' "$WORK/priming.txt" || die "the priming run had errors: $(grep '^soak:' "$WORK/priming.txt")"
sleep 2
record -1 before
BASE_FILES=$(open_files)
BASE_RSS=$(rss_kib)

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "soak: $CONNECTIONS connections for $DURATION s on $KIND (warm-up $WARMUP s, samples every $SAMPLE s);" \
  "load average before: $LOAD_BEFORE; server RSS $BASE_RSS KiB, $BASE_FILES open files"
STARTED=$(date +%s.%N)
(
  while kill -0 "$CG_PID" 2>/dev/null; do
    t=$(awk -v s="$STARTED" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - s }')
    phase=load
    awk -v t="$t" -v w="$WARMUP" 'BEGIN { exit !(t <= w) }' && phase=warm-up
    record "$t" "$phase"
    sleep "$SAMPLE"
  done
) &
SAMPLER_PID=$!
# In the background so that an interrupt is handled at once (bash runs traps during `wait`,
# but only after a command in the foreground ends).
WRK_STATUS=0
timeout $((DURATION + 60)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency \
  -s "$ROOT/bench/soak.lua" "$CG" -- "$PLAN" >"$RESULTS/wrk.txt" 2>&1 &
WRK_PID=$!
wait "$WRK_PID" || WRK_STATUS=$?
WRK_PID=""
kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
ENDED=$(date +%s.%N)
kill -0 "$CG_PID" 2>/dev/null || die "careguard exited during the load"
[ "$WRK_STATUS" = 0 ] || die "wrk failed (exit $WRK_STATUS): $(tail -n 20 "$RESULTS/wrk.txt")"

# The connections are closed when wrk exits; give the server up to 15 s to close its side.
SETTLE=0
while [ "$(open_files)" -gt $((BASE_FILES + FD_SLACK)) ] && [ "$SETTLE" -lt 15 ]; do
  sleep 1
  SETTLE=$((SETTLE + 1))
done
sleep 1
record "$(awk -v s="$STARTED" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - s }')" after
END_FILES=$(open_files)

# --- results --------------------------------------------------------------------------------
soak_line() { awk -v k="$1" '$1 == "soak:" && $2 == k { $1 = ""; $2 = ""; sub(/^ +/, ""); print }' "$RESULTS/wrk.txt"; }
REQUESTS=$(soak_line requests)
UNEXPECTED=$(soak_line unexpected)
STATUSES=$(awk '$1 == "soak:" && $2 == "status" { printf "%s%s: %s", sep, $3, $4; sep = ", " }' "$RESULTS/wrk.txt")
LATENCY=$(soak_line latency_ms)
read -r _ CONNECT_ERR _ READ_ERR _ WRITE_ERR _ TIMEOUT_ERR <<<"$(soak_line socket_errors)"
SOCKET_ERRORS=$((${CONNECT_ERR:-0} + ${READ_ERR:-0} + ${WRITE_ERR:-0} + ${TIMEOUT_ERR:-0}))
RPS=$(awk '/^Requests\/sec:/ { print $2 }' "$RESULTS/wrk.txt")
latency() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' <<<"$LATENCY"; }

# RSS levels (means over a window at the end of the warm-up and of the load) and peaks: see
# bench/soak_samples.awk. The window is a minute, or half the warm-up in a short run.
WINDOW=60
[ "$WINDOW" -gt $((WARMUP / 2)) ] && WINDOW=$((WARMUP / 2))
SUMMED=$(awk -v window="$WINDOW" -f "$ROOT/bench/soak_samples.awk" "$SAMPLES")
sample() { tr ' ' '\n' <<<"$SUMMED" | sed -n "s/^$1=//p"; }
WARNINGS=$(grep -c -E '"level":"(warn|error)"' "$WORK/careguard.log" || true)
# The server's own time for each request (from having read it to having written the answer;
# time spent waiting in the socket before that is not in it). Requests of 5 s or more are kept.
read -r SLOW SLOWEST <<<"$(awk -v out="$RESULTS/slow-requests.log" '
  /"event":"request"/ && match($0, /"ms":[0-9.eE+-]+/) {
    ms = substr($0, RSTART + 5, RLENGTH - 5) + 0
    if (ms > max) max = ms
    if (ms >= 5000) { print > out; n++ }
  }
  END { printf "%d %.0f\n", n, max }' "$WORK/careguard.log")"

FAILURES=()
[ -n "$REQUESTS" ] && [ "$REQUESTS" -gt 0 ] || FAILURES+=("wrk reported no requests")
[ "${UNEXPECTED:-1}" = 0 ] || FAILURES+=("$UNEXPECTED responses were not 200 ($STATUSES)")
[ "$SOCKET_ERRORS" = 0 ] || FAILURES+=("$SOCKET_ERRORS socket errors")
[ "$(sample load_samples)" -gt 0 ] || FAILURES+=("no RSS sample after the warm-up")
within_limit() { awk -v g="$1" -v l="$RSS_LIMIT" 'BEGIN { exit !(g != "nan" && g <= l) }'; }
within_limit "$(sample level_growth)" ||
  FAILURES+=("RSS level grew $(sample level_growth)% after the warm-up (limit ${RSS_LIMIT}%)")
within_limit "$(sample peak_growth)" ||
  FAILURES+=("RSS peak grew $(sample peak_growth)% above the warm-up's (limit ${RSS_LIMIT}%)")
[ "$END_FILES" -le $((BASE_FILES + FD_SLACK)) ] ||
  FAILURES+=("$END_FILES files open after the load, $BASE_FILES before (slack $FD_SLACK)")

VERDICT=passed
[ ${#FAILURES[@]} -eq 0 ] || VERDICT=FAILED
SUMMARY=$(
  cat <<EOF
Soak $VERDICT: $KIND, $CONNECTIONS keep-alive connections for $DURATION s ($(awk -v a="$STARTED" -v b="$ENDED" 'BEGIN { printf "%.0f", b - a }') s measured), warm-up $WARMUP s
  command:      SOAK_DATABASE=$KIND SOAK_SECONDS=$DURATION SOAK_CONNECTIONS=$CONNECTIONS bash bench/soak.sh
  load:         wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --timeout 10s -s bench/soak.lua, $PLAN_SIZE requests in rotation ($((PLAN_SIZE - PLAN_API)) signed-in pages, $PLAN_API API GETs)
  machine:      $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr); load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)
  requests:     $REQUESTS ($RPS req/s); statuses $STATUSES; not 200: ${UNEXPECTED:-?}
  socket errors: connect $CONNECT_ERR, read $READ_ERR, write $WRITE_ERR, timeout $TIMEOUT_ERR
  latency ms:   p50 $(latency p50), p90 $(latency p90), p99 $(latency p99), p99.9 $(latency p999), max $(latency max)
  RSS KiB:      before load $BASE_RSS; warm-up: mean of its last $WINDOW s $(sample warm_level), peak $(sample warm_peak)
                after warm-up: mean of the last $WINDOW s $(sample end_level) ($(sample level_growth)%), peak $(sample load_peak) ($(sample peak_growth)%), last sample $(sample end_rss); trend $(sample trend_kib_per_min) KiB/min
  open files:   before load $BASE_FILES; end of warm-up $(sample warm_files); peak $(sample files_peak); after the load $END_FILES (${SETTLE} s to settle)
  threads:      peak $(sample threads_peak)
  server log:   $WARNINGS warning or error lines; slowest request inside the server $SLOWEST ms, $SLOW of 5 s or more
  results:      $RESULTS (samples.csv, wrk.txt, summary.txt, server.log, slow-requests.log)
EOF
)
echo "$SUMMARY" | tee "$RESULTS/summary.txt"
if [ ${#FAILURES[@]} -ne 0 ]; then
  printf 'soak: FAILED: %s\n' "${FAILURES[@]}" | tee -a "$RESULTS/summary.txt" >&2
  exit 1
fi
