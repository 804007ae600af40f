#!/usr/bin/env bash
# Oversight benchmarks (issue 4, "Performance"), on the national datasets of
# bench/national_data.sh (4,500 and 45,000 organisations; SQLite files under data/bench/national
# and PostgreSQL databases careguard_national_4500 / _45000). Never a test: it reports numbers.
#
#   make bench-oversight            # builds build-bench, then runs this
#   bash bench/oversight.sh         # expects $BUILD/oversight_latency and $BUILD/careguard
#
# 1. Latency, in process (bench/oversight_latency.cpp): the national, a region's and an ICS's
#    dashboard figures as the page computes them (counters_of + area_figures + names_of), warm,
#    p50 and p99; on both sizes and both databases; BENCH_LATENCY_RUNS runs round-robin, medians.
# 2. DuckDB (bench/duckdb/aggregates.mjs, npm @duckdb/node-api): organisations and org_status
#    exported from the SQLite dataset with `sqlite3 -csv -header`, loaded into an in-memory
#    DuckDB; the national status counts per edition (all, by type, region, ICS, size band)
#    computed there, timed warm, and checked EQUAL to Careguard's figures (oversight_latency
#    --figures). Ratio: Careguard's "aggregates" p50 / DuckDB's median.
# 3. HTTP, wrk -t2 -c64 (like bench/run.sh): the national dashboard and a region dashboard
#    (signed in as the generated national admin, TOTP enrolled with oathtool) and the public
#    search /status?q=care, against nginx serving the same bytes; on a COPY of the 45,000
#    dataset (SQLite file copy; PostgreSQL CREATE DATABASE ... TEMPLATE), since signing in
#    enrols TOTP and writes sessions.
# 4. Writes the section between the bench:oversight markers of BENCHMARKS.md (BENCH_WRITE=0: no).
#
# Settings: BUILD (default build-bench), BENCH_NATIONAL_DIR, CAREGUARD_BENCH_POSTGRES_URL (or
# CAREGUARD_TEST_POSTGRES_URL; unset = SQLite only), BENCH_LATENCY_RUNS (3),
# BENCH_ITERATIONS (200), BENCH_DUCKDB_RUNS (10), BENCH_DURATION (8 s), BENCH_REPEATS (3),
# BENCH_HTTP_POSTGRES (1), BENCH_CONNECTIONS (64), BENCH_SEARCH (care).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LAT=$BUILD/bench/oversight_latency
CAREGUARD=${CAREGUARD:-$BUILD/careguard}
DIR=${BENCH_NATIONAL_DIR:-$ROOT/data/bench/national}
PG_ADMIN=${CAREGUARD_BENCH_POSTGRES_URL:-${CAREGUARD_TEST_POSTGRES_URL:-}}
LAT_RUNS=${BENCH_LATENCY_RUNS:-3}
ITERATIONS=${BENCH_ITERATIONS:-200}
DUCK_RUNS=${BENCH_DUCKDB_RUNS:-10}
DURATION=${BENCH_DURATION:-8}
REPEATS=${BENCH_REPEATS:-3}
HTTP_PG=${BENCH_HTTP_POSTGRES:-1}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
SEARCH=${BENCH_SEARCH:-care}
WRITE=${BENCH_WRITE:-1}
OUT_MD=$ROOT/BENCHMARKS.md
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
ADMIN_EMAIL=admin@national.careguard.test
PASSWORD="demo kettle orange bicycle"

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$LAT" ] || die "$LAT is missing; build it: cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCAREGUARD_BENCH=ON && cmake --build build-bench --target oversight_latency careguard"
[ -x "$CAREGUARD" ] || die "$CAREGUARD is missing"
[ -x "$NGINX" ] || die "nginx is missing (apt-get install nginx-light)"
for tool in wrk curl sqlite3 node npm oathtool jq; do command -v $tool >/dev/null || die "$tool is missing"; done
for n in 4500 45000; do [ -f "$DIR/national-$n.db" ] || die "$DIR/national-$n.db is missing; run bash bench/national_data.sh"; done
if [ -n "$PG_ADMIN" ]; then
  command -v psql >/dev/null || die "psql is missing"
  psql "$PG_ADMIN" -Atc 'SELECT 1' >/dev/null 2>&1 || { echo "bench: PostgreSQL at $PG_ADMIN unreachable; SQLite only" >&2; PG_ADMIN=""; }
fi
pg_url() { printf '%s' "$PG_ADMIN" | sed "s#/[^/?]*\(?.*\)\{0,1\}\$#/$1\1#"; }

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "bench: load average at start: $LOAD_START"
WORK=$(mktemp -d /tmp/careguard-oversight-bench.XXXXXX)
chmod 755 "$WORK"
CG_PID=""
NGINX_PID=""
PG_COPY=""
stop_pid() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
cleanup() {
  local status=$?
  stop_pid "$CG_PID"
  stop_pid "$NGINX_PID"
  if [ -n "$PG_COPY" ]; then psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $PG_COPY WITH (FORCE)" >/dev/null 2>&1 || true; fi
  if [ $status -ne 0 ]; then
    echo "bench: failed; logs follow" >&2
    tail -n 20 "$WORK"/careguard*.log "$WORK"/nginx/error.log 2>/dev/null >&2 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# --- 1. latency ------------------------------------------------------------------------------
DATASETS=("sqlite-4500|sqlite:$DIR/national-4500.db" "sqlite-45000|sqlite:$DIR/national-45000.db")
if [ -n "$PG_ADMIN" ]; then
  for n in 4500 45000; do
    if psql "$(pg_url careguard_national_$n)" -Atc 'SELECT 1 FROM status_counts LIMIT 1' >/dev/null 2>&1; then
      DATASETS+=("postgres-$n|$(pg_url careguard_national_$n)")
    else
      echo "bench: database careguard_national_$n missing; run bench/national_data.sh" >&2
    fi
  done
fi
LAT_LOADS=""
for run in $(seq "$LAT_RUNS"); do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  LAT_LOADS="${LAT_LOADS:+$LAT_LOADS; }run $run: $load"
  for ds in "${DATASETS[@]}"; do
    label=${ds%%|*}
    url=${ds#*|}
    echo "bench: latency run $run, $label"
    "$LAT" --database "$url" --label "$label" --iterations "$ITERATIONS" \
      --figures "$WORK/figures-$label.csv" >"$WORK/lat-$label-$run.txt" 2>"$WORK/lat-$label-$run.err" ||
      die "oversight_latency failed on $label: $(cat "$WORK/lat-$label-$run.err")"
    grep '^RESULT' "$WORK/lat-$label-$run.txt" | sed 's/^/  /'
    cat "$WORK/lat-$label-$run.txt" >>"$WORK/lat-all.txt"
  done
done
# stat LABEL SCENARIO_PREFIX FIELD(4 = p50, 5 = p99): the median over the runs
stat() {
  # shellcheck disable=SC2046
  median $(awk -F'\t' -v l="$1" -v s="$2" -v f="$3" '$2 == l && index($3, s) == 1 { print $f }' "$WORK/lat-all.txt")
}
LAT_TABLE=$(
  echo "| Database | Scenario | p50 ms 4,500 | p50 ms 45,000 | 45k / 4.5k p50 | p99 ms 4,500 | p99 ms 45,000 |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for db in sqlite postgres; do
    grep -q "^RESULT	$db-45000" "$WORK/lat-all.txt" || continue
    for sc in national region ics aggregates recount; do
      a=$(stat "$db-4500" "$sc" 4); b=$(stat "$db-45000" "$sc" 4)
      c=$(stat "$db-4500" "$sc" 5); d=$(stat "$db-45000" "$sc" 5)
      echo "| $db | $sc | $a | $b | $(div "$b" "$a")× | $c | $d |"
    done
  done
)
NAT_VERDICT=$(
  for db in sqlite postgres; do
    grep -q "^RESULT	$db-45000" "$WORK/lat-all.txt" || continue
    a=$(stat "$db-4500" national 4); b=$(stat "$db-45000" national 4); r=$(div "$b" "$a")
    p=$(awk -v b="$b" 'BEGIN { print (b < 10) ? "met" : "NOT met" }')
    q=$(awk -v r="$r" 'BEGIN { print (r < 1.5) ? "met" : "NOT met" }')
    echo "- $db: national p50 at 45,000 under 10 ms: **$p** ($b ms); 45k/4.5k under 1.5×: **$q** (${r}×)"
  done
)
echo "$LAT_TABLE"
echo "$NAT_VERDICT"

# --- 2. DuckDB -------------------------------------------------------------------------------
(cd "$ROOT/bench/duckdb" && { [ -d node_modules/@duckdb/node-api ] || npm ci --no-audit --no-fund >"$WORK/npm.log" 2>&1; }) ||
  die "npm ci failed in bench/duckdb: $(tail "$WORK/npm.log")"
DUCK_VERSION=$(node -p "require('$ROOT/bench/duckdb/node_modules/@duckdb/node-api/package.json').version")
DUCK_ROWS=""
DUCK_CHECK=""
for n in 4500 45000; do
  db=$DIR/national-$n.db
  sqlite3 -csv -header "$db" 'SELECT id, type, region_id, ics_id, staff_count FROM organisations' >"$WORK/orgs-$n.csv"
  sqlite3 -csv -header "$db" 'SELECT org_id, edition, status FROM org_status' >"$WORK/status-$n.csv"
  echo "bench: DuckDB, $n organisations"
  set +e
  node "$ROOT/bench/duckdb/aggregates.mjs" "$WORK/orgs-$n.csv" "$WORK/status-$n.csv" \
    "$WORK/figures-sqlite-$n.csv" "$DUCK_RUNS" >"$WORK/duck-$n.txt" 2>"$WORK/duck-$n.err"
  rc=$?
  set -e
  cat "$WORK/duck-$n.txt" "$WORK/duck-$n.err" | sed 's/^/  /'
  [ $rc = 0 ] || [ $rc = 3 ] || die "DuckDB script failed: $(cat "$WORK/duck-$n.err")"
  dm=$(awk '$1 == "DUCKDB_MEDIAN_MS" { print $2 }' "$WORK/duck-$n.txt")
  dl=$(awk '$1 == "DUCKDB_LOAD_MS" { print $2 }' "$WORK/duck-$n.txt")
  check=$(grep '^CHECK' "$WORK/duck-$n.txt" | sed 's/^CHECK //')
  [ $rc = 3 ] && check="**MISMATCH: $check** (see the run's output)"
  cs=$(stat "sqlite-$n" aggregates 4)
  row="| $n | $cs | ${dm} | $(div "$cs" "$dm")× | $dl | $check |"
  if grep -q "^RESULT	postgres-$n" "$WORK/lat-all.txt"; then
    cp=$(stat "postgres-$n" aggregates 4)
    pg_same=$(cmp -s "$WORK/figures-sqlite-$n.csv" "$WORK/figures-postgres-$n.csv" && echo "PostgreSQL counters identical" || echo "**PostgreSQL counters differ from SQLite's**")
    row="| $n | $cs (PostgreSQL $cp) | ${dm} | $(div "$cs" "$dm")× (PostgreSQL $(div "$cp" "$dm")×) | $dl | $check; $pg_same |"
  fi
  DUCK_ROWS="$DUCK_ROWS$row"$'\n'
  DUCK_CHECK="$DUCK_CHECK $check"
done
DUCK_TABLE=$(
  echo "| Organisations | Careguard p50 ms (SQLite) | DuckDB median ms | Careguard / DuckDB | DuckDB CSV load ms | Figures equal? |"
  echo "|---:|---:|---:|---:|---:|---|"
  printf '%s' "$DUCK_ROWS"
)
echo "$DUCK_TABLE"

# --- 3. HTTP ---------------------------------------------------------------------------------
# shellcheck source=bench/ports.sh
source "$ROOT/bench/ports.sh"
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

# sign_in_admin CG: signs the national admin in, enrolling TOTP; sets ADMIN_COOKIE
sign_in_admin() {
  local cg=$1 jar=$WORK/admin-cookies.txt token status secret code
  rm -f "$jar"
  curl -fsS --max-time 10 -c "$jar" -o "$WORK/sign-in.html" "$cg/sign-in"
  token=$(grep -o 'name="csrf_token" value="[^"]*"' "$WORK/sign-in.html" | head -n1 | sed 's/.*value="//; s/"$//')
  [ -n "$token" ] || die "no csrf_token field on /sign-in"
  status=$(curl -sS --max-time 10 -b "$jar" -c "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
    --data-urlencode "csrf_token=$token" --data-urlencode "email=$ADMIN_EMAIL" \
    --data-urlencode "password=$PASSWORD" "$cg/sign-in")
  [[ $status == "303 "*/account/mfa/setup ]] ||
    die "the national admin's sign-in answered '$status', expected 303 to /account/mfa/setup (TOTP enrolment)"
  curl -fsS --max-time 10 -b "$jar" -c "$jar" -o "$WORK/mfa-setup.html" "$cg/account/mfa/setup"
  secret=$(sed -n 's/.*<code id="totp-secret"[^>]*>\([^<]*\)<\/code>.*/\1/p' "$WORK/mfa-setup.html" | head -n1 | tr -d ' ')
  [ -n "$secret" ] || die "no <code id=\"totp-secret\"> on /account/mfa/setup"
  token=$(grep -o 'name="csrf_token" value="[^"]*"' "$WORK/mfa-setup.html" | head -n1 | sed 's/.*value="//; s/"$//')
  code=$(oathtool --totp -b "$secret")
  status=$(curl -sS --max-time 10 -b "$jar" -c "$jar" -o "$WORK/mfa-done.html" -w '%{http_code}' \
    --data-urlencode "csrf_token=$token" --data-urlencode "code=$code" "$cg/account/mfa/setup")
  [ "$status" = 200 ] || die "confirming TOTP enrolment answered $status"
  local session csrf
  session=$(awk '$6 == "cg_session" { v = $7 } END { print v }' "$jar")
  csrf=$(awk '$6 == "cg_csrf" { v = $7 } END { print v }' "$jar")
  [ -n "$session" ] || die "the admin's sign-in set no cg_session cookie"
  ADMIN_COOKIE="cg_session=$session; cg_csrf=$csrf"
}

fetch() {  # fetch URL FILE COOKIE
  local code
  code=$(curl -sS --max-time 30 -H "Cookie: $3" -o "$2" -w '%{http_code}' "$1")
  [ "$code" = 200 ] || die "$1 answered $code, expected 200"
}

HTTP_ROWS=""
HTTP_VERDICT=""
HTTP_LOADS=""
# http_bench LABEL DATABASE_URL
http_bench() {
  local label=$1 db=$2
  CG_PORT=$(free_port)
  CAREGUARD_ACCESS_LOG=false "$CAREGUARD" serve --database "$db" --insecure-cookies \
    --listen "127.0.0.1:$CG_PORT" --port-file "$WORK/careguard-$label.port" >"$WORK/careguard-$label.log" 2>&1 &
  CG_PID=$!
  for _ in $(seq 300); do [ -s "$WORK/careguard-$label.port" ] && break; kill -0 "$CG_PID" || die "careguard exited"; sleep 0.1; done
  [ -s "$WORK/careguard-$label.port" ] || die "careguard did not start listening within 30 s"
  local cg="http://127.0.0.1:$(cat "$WORK/careguard-$label.port")"
  sign_in_admin "$cg"
  local national region support region_pages
  local q_nat="SELECT id FROM organisations WHERE type = 'national' ORDER BY id LIMIT 1"
  local q_reg="SELECT region_id FROM organisations WHERE region_id IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1"
  local q_sup="SELECT support_org_id FROM portfolio GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1"
  if [[ $db == sqlite:* ]]; then
    national=$(sqlite3 "${db#sqlite:}" "$q_nat")
    region=$(sqlite3 "${db#sqlite:}" "$q_reg")
    support=$(sqlite3 "${db#sqlite:}" "$q_sup")
  else
    national=$(psql "$db" -Atc "$q_nat")
    region=$(psql "$db" -Atc "$q_reg")
    support=$(psql "$db" -Atc "$q_sup")
  fi
  local p_nat="/orgs/$national/dashboard" p_reg="/orgs/$region/dashboard" p_search="/status?q=$SEARCH"
  local p_sup="/orgs/$support/dashboard"
  rm -rf "$WORK/nginx"
  mkdir -p "$WORK/nginx/root" "$WORK/nginx/tmp"
  fetch "$cg$p_nat" "$WORK/nginx/root/national.html" "$ADMIN_COOKIE"
  fetch "$cg$p_reg" "$WORK/nginx/root/region.html" "$ADMIN_COOKIE"
  fetch "$cg$p_sup" "$WORK/nginx/root/support.html" "$ADMIN_COOKIE"
  fetch "$cg$p_search" "$WORK/nginx/root/search.html" ""
  for f in national region support search; do grep -q '<html' "$WORK/nginx/root/$f.html" || die "$f page is not HTML"; done
  # The region's table pages, for the views that each ask for a different page and sort.
  region_pages=$(grep -o 'Page 1 of [0-9]*' "$WORK/nginx/root/region.html" | head -1 | awk '{ print $4 }')
  [ -n "$region_pages" ] || die "the region page does not say how many pages its table has"
  fetch "$cg$p_reg?sort=expires&dir=desc&page=$region_pages" "$WORK/last-page.html" "$ADMIN_COOKIE"
  grep -q -i 'sign in' "$WORK/nginx/root/national.html" && ! grep -q -i 'sign out' "$WORK/nginx/root/national.html" &&
    die "the national dashboard looks signed out"
  chmod -R a+rX "$WORK/nginx/root"
  local ng_port
  ng_port=$(free_port)
  cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$ng_port;
    root $WORK/nginx/root;
    default_type "text/html; charset=utf-8";
    location = $p_nat { try_files /national.html =404; }
    location = $p_reg { try_files /region.html =404; }
    location = $p_sup { try_files /support.html =404; }
    location = /status { try_files /search.html =404; }
  }
}
EOF
  "$NGINX" -p "$WORK/nginx" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" &
  NGINX_PID=$!
  for _ in $(seq 100); do port_in_use "$ng_port" && break; kill -0 "$NGINX_PID" || die "nginx exited"; sleep 0.1; done
  local ng="http://127.0.0.1:$ng_port"
  cmp -s <(curl -fsS "$ng$p_nat") "$WORK/nginx/root/national.html" || die "nginx does not serve the national copy"
  cmp -s <(curl -fsS "$ng$p_search") "$WORK/nginx/root/search.html" || die "nginx does not serve the search copy"
  # region_views: a different view of the region's table on each request (bench/region_pages.lua);
  # nginx answers every one with the region page's bytes.
  local -A URL=([cg_national]="$cg$p_nat" [ng_national]="$ng$p_nat" [cg_region]="$cg$p_reg"
    [ng_region]="$ng$p_reg" [cg_region_views]="$cg$p_reg" [ng_region_views]="$ng$p_reg"
    [cg_support]="$cg$p_sup" [ng_support]="$ng$p_sup" [cg_search]="$cg$p_search" [ng_search]="$ng$p_search"
    [cg_search_words]="$cg/status" [ng_search_words]="$ng/status")
  local -A RPS=() P99=() ERRS=()
  local names=(cg_national ng_national cg_region ng_region cg_region_views ng_region_views cg_support ng_support cg_search ng_search cg_search_words ng_search_words)
  local name rep log rps p99 bad
  for rep in $(seq "$REPEATS"); do
    HTTP_LOADS="${HTTP_LOADS:+$HTTP_LOADS; }$label run $rep: $(cut -d' ' -f1-3 /proc/loadavg)"
    for name in "${names[@]}"; do
      log=$WORK/wrk-$label-$name-$rep.txt
      local cookie="$ADMIN_COOKIE"
      [[ $name == *search* ]] && cookie=""
      local script=()
      [[ $name == *region_views ]] && script=(-s "$ROOT/bench/region_pages.lua")
      [[ $name == *search_words ]] && script=(-s "$ROOT/bench/search_words.lua")
      timeout $((DURATION + 30)) wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency ${cookie:+-H "Cookie: $cookie"} "${script[@]}" "${URL[$name]}" -- "$region_pages" >"$log" 2>&1 ||
        die "wrk failed for $name: $(cat "$log")"
      rps=$(awk '/^Requests\/sec:/ { print $2 }' "$log")
      p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$log")")
      bad=$(awk '/Non-2xx or 3xx responses:/ { s += $NF } /Socket errors:/ { gsub(/,/, ""); s += $4 + $6 + $8 + $10 } END { print s + 0 }' "$log")
      RPS[$name]="${RPS[$name]:-} $rps"
      P99[$name]="${P99[$name]:-} $p99"
      ERRS[$name]=$(( ${ERRS[$name]:-0} + bad ))
      printf '  %s run %d %-12s %10s req/s  p99 %8s ms  errors %s\n' "$label" "$rep" "$name" "$rps" "$p99" "$bad"
    done
  done
  # The session must still be valid, or the numbers are for a redirect.
  fetch "$cg$p_nat" "$WORK/after.html" "$ADMIN_COOKIE"
  local -A MR MP
  for name in "${names[@]}"; do
    # shellcheck disable=SC2086
    MR[$name]=$(median ${RPS[$name]})
    # shellcheck disable=SC2086
    MP[$name]=$(median ${P99[$name]})
  done
  local page bytes
  for page in national region region_views support search search_words; do
    bytes=$(wc -c <"$WORK/nginx/root/${page%_*s}.html")
    HTTP_ROWS="$HTTP_ROWS| $label | $page ($bytes B) | ${MR[cg_$page]} | ${MR[ng_$page]} | $(awk -v a="${MR[cg_$page]}" -v b="${MR[ng_$page]}" 'BEGIN { printf "%.0f%%", 100 * a / b }') | ${MP[cg_$page]} | ${MP[ng_$page]} | ${ERRS[cg_$page]} |"$'\n'
  done
  for page in region region_views support search search_words; do
    # wrk leaves requests that time out (2 s) out of its latency figures and counts them as
    # socket errors: any error means the target is not met, whatever p99 says.
    HTTP_VERDICT="$HTTP_VERDICT- $label $page p99 under 20 ms at $CONNECTIONS connections: **$(awk -v p="${MP[cg_$page]}" -v e="${ERRS[cg_$page]}" 'BEGIN { print (p < 20 && e == 0) ? "met" : "NOT met" }')** (${MP[cg_$page]} ms; ${ERRS[cg_$page]} errors/timeouts, not in wrk's latency)"$'\n'
  done
  stop_pid "$CG_PID"; CG_PID=""
  stop_pid "$NGINX_PID"; NGINX_PID=""
}

echo "bench: HTTP on a copy of the 45,000 SQLite dataset"
cp "$DIR/national-45000.db" "$WORK/national-45000.db"
http_bench sqlite-45000 "sqlite:$WORK/national-45000.db"
rm -f "$WORK"/national-45000.db*
if [ -n "$PG_ADMIN" ] && [ "$HTTP_PG" = 1 ]; then
  PG_COPY=cg_oversight_bench_$$
  if psql "$PG_ADMIN" -qc "CREATE DATABASE $PG_COPY TEMPLATE careguard_national_45000" >/dev/null 2>"$WORK/pgcopy.err"; then
    echo "bench: HTTP on a copy of the 45,000 PostgreSQL dataset"
    http_bench postgres-45000 "$(pg_url "$PG_COPY")"
  else
    echo "bench: could not copy careguard_national_45000 (someone connected to it?): $(cat "$WORK/pgcopy.err"); PostgreSQL HTTP skipped" >&2
    HTTP_VERDICT="$HTTP_VERDICT- PostgreSQL HTTP skipped: could not copy careguard_national_45000 (in use)"$'\n'
    PG_COPY=""
  fi
fi
HTTP_TABLE=$(
  echo "| Dataset | Page | careguard req/s | nginx req/s | careguard / nginx | careguard p99 ms | nginx p99 ms | careguard errors (timeouts > 2 s, over all rounds) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  printf '%s' "$HTTP_ROWS"
)
echo "$HTTP_TABLE"
printf '%s' "$HTTP_VERDICT"

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
[ "$WRITE" = 1 ] || exit 0

CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
BUILD_TYPE=$(awk -F= '/^CMAKE_BUILD_TYPE:/ { print $2 }' "$BUILD/CMakeCache.txt" 2>/dev/null || true)
PG_VERSION=""
[ -n "$PG_ADMIN" ] && PG_VERSION=", PostgreSQL $(psql "$PG_ADMIN" -Atc 'SHOW server_version')"
SECTION_FILE=$WORK/section.md
cat >"$SECTION_FILE" <<EOF
<!-- bench:oversight:begin (written by bench/oversight.sh; everything up to the end marker is replaced) -->
## Oversight dashboards (issue 4)

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); command: \`bash bench/oversight.sh\` (BUILD=${BUILD#"$ROOT"/}, BENCH_LATENCY_RUNS=$LAT_RUNS BENCH_ITERATIONS=$ITERATIONS BENCH_DUCKDB_RUNS=$DUCK_RUNS BENCH_DURATION=$DURATION BENCH_REPEATS=$REPEATS)
- Machine: $(nproc) CPUs ($CPU), $MEM RAM, $(uname -sr); build type ${BUILD_TYPE:-unknown}; SQLite$PG_VERSION; DuckDB @duckdb/node-api $DUCK_VERSION (node $(node --version)); $("$NGINX" -v 2>&1 | sed 's/^nginx version: //')
- Load average (1, 5, 15 min): at start $LOAD_START, at end $LOAD_END. The load rises during the HTTP rounds from the benchmark itself (wrk, the server, nginx and PostgreSQL share 2 CPUs); other work on the machine adds noise: compare within a row (same run).
- Datasets: \`careguard demo --national\` at 4,500 and 45,000 organisations (bench/national_data.sh).

### Dashboard figures, in process (bench/oversight_latency.cpp)

Warm, one pooled connection, $ITERATIONS iterations after 20 untimed; nearest-rank p50/p99 in ms; medians over $LAT_RUNS runs (round-robin; load before each: $LAT_LOADS). *national*, *region*, *ics*: what the dashboard page computes before rendering (counters_of(area) + area_figures for the newest edition + names_of the regions/ICSs shown), for the nation, the largest region and the largest ICS. *aggregates*: the national status counts of every edition, overall and by type, region, ICS and size band, from the counters (what DuckDB computes below). *recount*: the same counters recomputed from scratch with GROUP BYs (oversight::recount), for scale; one cold-ish iteration per run, so its p50 = p99.

$LAT_TABLE

Targets (national dashboard):

$NAT_VERDICT

### DuckDB over the same data (bench/duckdb/aggregates.mjs)

\`organisations\` (id, type, region_id, ics_id, staff_count) and \`org_status\` (org_id, edition, status) exported from the SQLite dataset with \`sqlite3 -csv -header\`, loaded into an in-memory DuckDB (2 threads); one query computes the national status counts of every edition (overall, by type, region, ICS and size band, Not Published included). Median of $DUCK_RUNS warm runs. Every figure is compared with Careguard's (oversight_latency --figures): an independent check of the counters.

$DUCK_TABLE

Careguard reads precomputed counters (a few hundred rows); DuckDB scans and joins the raw rows each time, so a ratio well under 1× is expected; the "recount" row above is the like-for-like from-scratch figure.

### HTTP (wrk -t2 -c$CONNECTIONS -d${DURATION}s, $REPEATS rounds, medians)

On a copy of the 45,000 dataset. National, region and support organisation dashboards (the largest region; the support organisation with the largest portfolio, about 800 providers) signed in as the generated national admin ($ADMIN_EMAIL, TOTP enrolled with oathtool at sign-in), the same Cookie header sent to nginx; public search \`/status?q=$SEARCH\` signed out. nginx serves the very same bytes statically. Dashboards keep their rendered bodies between requests while the data they show is unchanged (oversight_version, migration 0010), so *region* (one URL) measures a kept body; *region_views* asks for a different view on every request (each of the 6 sorts, both directions, every page of the table, in random order: about 1,500 URLs, more than the bodies kept), which measures making the page. *search_words* searches for one of 20 words (common and rare, early and late in the alphabet) on page 1, 2 or 3 at random (bench/search_words.lua); nginx answers each with the \`q=$SEARCH\` page's bytes. Load before each round: $HTTP_LOADS

$HTTP_TABLE

Targets (region and support organisation dashboards and public search p99 under 20 ms at $CONNECTIONS connections):

$HTTP_VERDICT
Notes: the in-process figures above are only the counters and what is computed from them; the
region and ICS pages also list their providers (a table of every organisation in the area),
which the HTTP rows include and the in-process rows do not. wrk's latency leaves out requests
that timed out (2 s), so a p99 next to errors understates the real tail.
<!-- bench:oversight:end -->
EOF
[ -f "$OUT_MD" ] || printf '# Benchmarks\n\n' >"$OUT_MD"
awk -v section_file="$SECTION_FILE" '
  BEGIN { while ((getline line < section_file) > 0) section = section line "\n" }
  /^<!-- bench:oversight:begin/ { printf "%s", section; skipping = 1; done = 1; next }
  /^<!-- bench:oversight:end/ { skipping = 0; next }
  !skipping { print }
  END { if (!done) printf "\n%s", section }
' "$OUT_MD" >"$WORK/BENCHMARKS.md"
cp "$WORK/BENCHMARKS.md" "$OUT_MD"
echo "bench: wrote $OUT_MD"
