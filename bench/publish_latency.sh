#!/usr/bin/env bash
# Publishing latency (p50/p99) for a fully answered 75-item toolkit assessment, measured in
# process by build-bench/bench/publish_latency (bench/publish_latency.cpp; see its header for
# what is timed). SQLite always; PostgreSQL too when CAREGUARD_BENCH_POSTGRES_URL is set
# (`make bench` starts a private server with scripts/services.sh and sets it).
#
#   make bench                      # builds it (Release, ./build-bench) and runs this
#   bash bench/publish_latency.sh   # after the build below; SQLite only unless the URL is set
#     cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCAREGUARD_BENCH=ON
#     cmake --build build-bench --target publish_latency -j2
#
# Replaces the publishing section of BENCHMARKS.md (BENCH_WRITE=0 leaves it alone). Never a
# pass/fail test: it reports numbers.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${PUBLISH_LATENCY:-$ROOT/build-bench/bench/publish_latency}
ITERATIONS=${BENCH_PUBLISH_ITERATIONS:-50}
REPEATS=${BENCH_REPEATS:-3}
WRITE=${BENCH_WRITE:-1}
OUT_MD=$ROOT/BENCHMARKS.md

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$BIN" ] || die "$BIN is missing; build it with: cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCAREGUARD_BENCH=ON && cmake --build build-bench --target publish_latency -j2"

WORK=$(mktemp -d /tmp/careguard-publish-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "publishing latency: load average before the run $LOAD_AT_START"
"$BIN" --iterations "$ITERATIONS" --repeats "$REPEATS" --markdown "$WORK/table.md"

[ "$WRITE" = 1 ] || exit 0
[ -f "$OUT_MD" ] || die "$OUT_MD is missing"

CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
BUILD_TYPE=$(awk -F= '/^CMAKE_BUILD_TYPE:/ { print $2 }' "$(dirname "$(dirname "$BIN")")/CMakeCache.txt" 2>/dev/null || true)
PG_VERSION=""
if [ -n "${CAREGUARD_BENCH_POSTGRES_URL:-}" ] && command -v psql >/dev/null; then
  PG_VERSION=$(psql "$CAREGUARD_BENCH_POSTGRES_URL" -Atc 'SHOW server_version' 2>/dev/null || true)
fi
{
  echo "<!-- bench:publish:begin (written by bench/publish_latency.sh; everything up to the end marker is replaced) -->"
  echo "## Publishing latency"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) CPUs ($CPU), $MEM RAM, $(uname -sr)"
  echo "- Command: \`make bench\`, which builds \`publish_latency\` (build type ${BUILD_TYPE:-unknown}, ./build-bench) and runs \`bash bench/publish_latency.sh\`, that is \`build-bench/bench/publish_latency --iterations $ITERATIONS --repeats $REPEATS\`${CAREGUARD_BENCH_POSTGRES_URL:+ with CAREGUARD_BENCH_POSTGRES_URL set${PG_VERSION:+ (PostgreSQL $PG_VERSION)}}"
  echo "- In process, one thread, no HTTP: \`toolkit::publish\` called directly, as the web page and the API call it after parsing the request"
  cat "$WORK/table.md"
  echo
  echo "Row (a) is what a person waits for when they press Publish: it includes re-checking their"
  echo "password with Argon2id at the production cost, which is deliberately slow. Row (b) ran with"
  echo "the lead created after \`identity::set_password_hash_cost_for_tests(true)\`, so the re-check"
  echo "is a minimal-cost Argon2id verify (see the last row) and the rest is the snapshot itself:"
  echo "\`load_assessment\`, the publication decision, building the JSON snapshot and the insert"
  echo "transaction (with its audit entry). Load average before the whole run: $LOAD_AT_START."
  echo "<!-- bench:publish:end -->"
} >"$WORK/section.md"
awk -v section_file="$WORK/section.md" '
  BEGIN { while ((getline line < section_file) > 0) section = section line "\n" }
  /^<!-- bench:publish:begin/ { printf "%s", section; skipping = 1; done = 1; next }
  /^<!-- bench:publish:end/ { skipping = 0; next }
  !skipping { print }
  END { if (!done) printf "\n%s", section }
' "$OUT_MD" >"$WORK/BENCHMARKS.md"
cp "$WORK/BENCHMARKS.md" "$OUT_MD"
echo "bench: wrote the publishing section of $OUT_MD"
