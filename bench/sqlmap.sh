#!/usr/bin/env bash
# sqlmap against a local Careguard holding the demo data: a repeatable look for SQL injection
# from the outside, beside the injection integration test (tests/integration/injection_test.cpp).
# It builds nothing: it expects ./build/careguard (`make build`), or CAREGUARD=path.
#
#   bash bench/sqlmap.sh                                  # every target below (5-7 minutes)
#   SQLMAP_TARGETS="status api-orgs" bash bench/sqlmap.sh # some of them
#   CAREGUARD=./build-inject/careguard SQLMAP_OUT=/tmp/sqlmap bash bench/sqlmap.sh
#   SQLMAP_DATABASE=postgresql://careguard@127.0.0.1:55432/empty_db bash bench/sqlmap.sh
#
# It starts `careguard serve` on a free loopback port over a fresh SQLite database filled by
# `careguard demo` (or over SQLMAP_DATABASE, which must name an EMPTY database: it is migrated,
# filled with the demo data and left as it is afterwards), signs the demo lead and national admin
# in (enrolling TOTP with oathtool, as leads and admins must), makes an API token for the lead,
# and runs sqlmap once per target with
#   --batch --level=3 --risk=2 (plus SQLMAP_ARGS, if set)
# so sqlmap also tries the cookies, User-Agent and Referer. The CSRF token is left alone (it is
# bound to the session, so a changed one only gets a 403). Targets:
#   sign-in        POST /sign-in form (email, password, next), signed out
#   status         GET /status?q=&page=            the public status search
#   orgs           GET /orgs?q=&after=             the organisation list, as the national admin
#   dashboard      GET /orgs/N/dashboard?edition=&by=&status=&type=&size=&name=&sort=&dir=&page=
#                  the national dashboard with every filter, as the national admin
#   api-orgs       GET /api/v1/orgs?q=&limit=      the API with query parameters (bearer token)
#   api-org-create POST /api/v1/orgs               a JSON body (parent_id, name, type, ...)
#   api-answer     PUT /api/v1/orgs/N/assessments/A/answers/1.1   a JSON body (value, note)
#   answer         POST /orgs/N/toolkit/A/items/1.1                the toolkit answer form
# Prints a Markdown table, one row per target: the parameters sqlmap reports on, its verdict,
# the requests the server logged for the target, how many it answered with 5xx, and the
# minutes. The full sqlmap output of each target is kept in SQLMAP_OUT (default: a new
# directory under /tmp, printed at the end).
# Exits 1 when sqlmap reports an injectable parameter or the server answered any 5xx.
#
# Note: after 30 failed sign-ins from one address in 15 minutes the sign-in form answers 429
# to everything from that address. sqlmap's first requests reach the real checks; after that it
# sees the same refusal for every value, so for sign-in its boolean-based tests say little. The
# lookups by email still run for every request (and time-based tests still apply).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CAREGUARD=${CAREGUARD:-$ROOT/build/careguard}
TARGETS=${SQLMAP_TARGETS:-"sign-in status orgs dashboard api-orgs api-org-create api-answer answer"}
OUT=${SQLMAP_OUT:-$(mktemp -d /tmp/careguard-sqlmap.XXXXXX)}
read -r -a EXTRA <<<"${SQLMAP_ARGS:-}"

die() { echo "sqlmap.sh: $*" >&2; exit 1; }
[ -x "$CAREGUARD" ] || die "$CAREGUARD is missing; run 'make build' first (or set CAREGUARD)"
command -v curl >/dev/null || die "curl is missing"
if ! command -v sqlmap >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "sqlmap.sh: installing Debian's sqlmap (apt-get install -y sqlmap)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlmap >&2 ||
      die "could not install sqlmap; install it with: apt-get install sqlmap"
  else
    die "sqlmap is missing: apt-get install sqlmap"
  fi
fi
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/careguard-sqlmap-work.XXXXXX)
CG_PID=""
cleanup() {
  local status=$?
  if [ -n "$CG_PID" ] && kill -0 "$CG_PID" 2>/dev/null; then
    kill -TERM "$CG_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$CG_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$CG_PID" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  if [ "$status" -ne 0 ] && [ -f "$WORK/careguard.log" ]; then
    cp "$WORK/careguard.log" "$OUT/careguard.log"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=bench/toolkit.sh
source "$ROOT/bench/toolkit.sh"  # toolkit_token, tk_api, toolkit_sign_in_lead, oathtool_check
oathtool_check

# --- careguard: fresh demo data, API limits out of the way ------------------------------------
DB=${SQLMAP_DATABASE:-sqlite:$WORK/careguard.db}
"$CAREGUARD" migrate --database "$DB" >"$WORK/migrate.log" 2>&1 || die "migrate failed: $(cat "$WORK/migrate.log")"
"$CAREGUARD" demo --database "$DB" >"$WORK/demo.log" 2>&1 || die "demo failed: $(cat "$WORK/demo.log")"
toolkit_token "$CAREGUARD" "$DB"
# sqlmap sends thousands of requests with one token; the per-token rate limit would answer most
# of them 429 and hide what the handlers do.
printf 'api_requests_per_minute = 1000000\napi_burst = 1000000\n' >"$WORK/careguard.conf"
"$CAREGUARD" serve --database "$DB" --config "$WORK/careguard.conf" --insecure-cookies \
  --listen 127.0.0.1:0 --port-file "$WORK/careguard.port" >"$WORK/careguard.log" 2>&1 &
CG_PID=$!
for _ in $(seq 100); do [ -s "$WORK/careguard.port" ] && break; kill -0 "$CG_PID" || die "careguard exited"; sleep 0.1; done
[ -s "$WORK/careguard.port" ] || die "careguard did not start listening within 10 s"
CG="http://127.0.0.1:$(cat "$WORK/careguard.port")"
TK_CG=$CG

# --- sessions, ids and CSRF tokens --------------------------------------------------------------
csrf_of() { grep -o 'name="csrf_token" value="[^"]*"' "$1" | head -n1 | sed 's/.*value="//; s/"$//'; }
TK_EMAIL=admin@demo.careguard.test toolkit_sign_in_lead "$CG"
ADMIN_COOKIE=$LEAD_COOKIE
toolkit_sign_in_lead "$CG"

# Signed out: the anonymous CSRF cookie and the token bound to it.
curl -fsS --max-time 10 -c "$WORK/anon.txt" -o "$WORK/sign-in.html" "$CG/sign-in"
ANON_COOKIE="cg_csrf=$(awk '$6 == "cg_csrf" { v = $7 } END { print v }' "$WORK/anon.txt")"
ANON_CSRF=$(csrf_of "$WORK/sign-in.html")
[ -n "$ANON_CSRF" ] || die "no csrf_token on /sign-in"

# The national dashboard's address (/dashboard redirects the admin to it).
NATIONAL_DASHBOARD=$(curl -sS --max-time 10 -H "Cookie: $ADMIN_COOKIE" -o /dev/null -w '%{redirect_url}' "$CG/dashboard")
NATIONAL_DASHBOARD=${NATIONAL_DASHBOARD#"$CG"}
[[ $NATIONAL_DASHBOARD == /orgs/*/dashboard ]] || die "/dashboard did not lead the admin to a dashboard ($NATIONAL_DASHBOARD)"
# The edition the dashboard shows, from its own filter links.
EDITION=$(curl -fsS --max-time 10 -H "Cookie: $ADMIN_COOKIE" "$CG$NATIONAL_DASHBOARD" |
  grep -o 'edition=[0-9][0-9-]*' | head -n1 | cut -d= -f2 || true)
[ -n "$EDITION" ] || die "no edition in the links of $NATIONAL_DASHBOARD"

# The demo care home, an assessment of it and the lead's CSRF token on its first question.
TK_ORG=$(tk_api GET /orgs | jq -r --arg c "$TK_ORG_CODE" '.data[] | select(.ods_code == $c) | .id')
[ -n "$TK_ORG" ] || die "the token cannot see organisation $TK_ORG_CODE"
TK_ASSESSMENT=$(tk_api POST "/orgs/$TK_ORG/assessments" '{}' | jq -r .id)
QUESTION="/orgs/$TK_ORG/toolkit/$TK_ASSESSMENT/items/1.1"
curl -fsS --max-time 10 -H "Cookie: $LEAD_COOKIE" -o "$WORK/question.html" "$CG$QUESTION"
LEAD_CSRF=$(csrf_of "$WORK/question.html")
[ -n "$LEAD_CSRF" ] || die "no csrf_token on $QUESTION"

# --- sqlmap -----------------------------------------------------------------------------------
COMMON=(--batch --level=3 --risk=2 --disable-coloring --flush-session --skip=csrf_token
  --output-dir="$WORK/sqlmap-session" "${EXTRA[@]}")
BEARER="Authorization: Bearer $TK_TOKEN"

run_target() {
  local name=$1 args=()
  case $name in
    sign-in) args=(-u "$CG/sign-in" --cookie "$ANON_COOKIE"
      --data "csrf_token=$ANON_CSRF&email=probe%40example.test&password=not+the+password&next=%2F") ;;
    status) args=(-u "$CG/status?q=care&page=1") ;;
    orgs) args=(-u "$CG/orgs?q=Demo&after=0" --cookie "$ADMIN_COOKIE") ;;
    dashboard) args=(-u "$CG$NATIONAL_DASHBOARD?edition=$EDITION&by=group&status=met&type=care_home&size=small&name=Care&sort=name&dir=asc&page=1"
      --cookie "$ADMIN_COOKIE") ;;
    api-orgs) args=(-u "$CG/api/v1/orgs?q=Demo&limit=10" --headers "$BEARER") ;;
    api-org-create) args=(-u "$CG/api/v1/orgs" --headers "$BEARER" --method POST
      --data "{\"parent_id\":$TK_ORG,\"name\":\"Probe Site\",\"type\":\"care_home\",\"staff_count\":3}") ;;
    api-answer) args=(-u "$CG/api/v1/orgs/$TK_ORG/assessments/$TK_ASSESSMENT/answers/1.1"
      --headers "$BEARER" --method PUT --data '{"value":"ZA123456","note":"Checked on the register"}') ;;
    answer) args=(-u "$CG$QUESTION" --cookie "$LEAD_COOKIE"
      --data "csrf_token=$LEAD_CSRF&answer=ZA123456&note=Checked") ;;
    *) die "unknown target '$name' (see the list at the top of bench/sqlmap.sh)" ;;
  esac
  local log=$OUT/$name.log before after started seconds
  before=$(wc -l <"$WORK/careguard.log")
  started=$(date +%s)
  sqlmap "${args[@]}" "${COMMON[@]}" >"$log" 2>&1 || true
  seconds=$(($(date +%s) - started))
  after=$(wc -l <"$WORK/careguard.log")
  # One JSON line per request in the server's log.
  local requests errors verdict
  requests=$(sed -n "$((before + 1)),${after}p" "$WORK/careguard.log" | grep -c '"event":"request"' || true)
  errors=$(sed -n "$((before + 1)),${after}p" "$WORK/careguard.log" | grep '"event":"request"' |
    grep -c '"status":5[0-9][0-9]' || true)
  # The parameters sqlmap reports on (it skips a cookie it cannot change without losing the
  # session, and says so in the log).
  local params
  params=$(grep -o -E "parameter '[^']+' (does not seem to be|is) " "$log" |
    sed -E "s/parameter '([^']+)'.*/\1/" | sort -u | paste -sd, - || true)
  if grep -q -e 'sqlmap identified the following injection point' -e 'is vulnerable' "$log"; then
    verdict="INJECTABLE"
    FAILED=1
  elif grep -q 'all tested parameters do not appear to be injectable' "$log"; then
    verdict="not injectable"
  else
    verdict="no verdict (see $log)"
    FAILED=1
  fi
  [ "$errors" = 0 ] || FAILED=1
  printf '| %-14s | %-40s | %-16s | %8s | %4s | %7s |\n' "$name" "${params:-none}" "$verdict" \
    "$requests" "$errors" "$(awk -v s="$seconds" 'BEGIN { printf "%.1f", s / 60 }')"
}

FAILED=0
echo "sqlmap $(sqlmap --version 2>/dev/null | grep -m1 -o '^[0-9][^ ]*') against $CG ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "| target         | parameters tested                        | verdict          | requests |  5xx | minutes |"
echo "|----------------|------------------------------------------|------------------|----------|------|---------|"
for target in $TARGETS; do run_target "$target"; done
cp "$WORK/careguard.log" "$OUT/careguard.log"
echo "sqlmap output for each target: $OUT"
exit $FAILED
