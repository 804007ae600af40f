# Careguard: build, run and test. On a machine without make, ./careguard-dev installs it and runs
# the same targets: `./careguard-dev run` and `./careguard-dev test` are the README's two commands.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

BUILD_DIR ?= build
FUZZ_DIR ?= build-fuzz
TEST_FUZZ_SECONDS ?= 10
FUZZ_SECONDS ?= 20
# `make test`'s soak: 20 s at 1,000 connections. Its memory limit is wide (25%) because RSS
# swings by up to 10% as the allocator takes and returns memory, and 20 s cannot tell that from
# a slow leak; it still catches a gross one. `make soak` holds to 5% over 10 minutes.
TEST_SOAK_SECONDS ?= 20
TEST_SOAK_RSS_GROWTH_PERCENT ?= 25
SOAK_SECONDS ?= 600
SOAK_DATABASE ?= sqlite
JOBS ?= $(shell nproc)
DATABASE ?= sqlite:./data/careguard.db
LISTEN ?= 127.0.0.1:8080
CAREGUARD := ./$(BUILD_DIR)/careguard
# Every node and npm step (asset build, browser tests, the OSCAL validator the integration tests
# call) runs on the Node.js and npm that scripts/install-node.sh puts in tools/, never the
# machine's own, so a fresh Debian 12 (Node.js 18) and a provisioned machine run the same one.
export PATH := $(CURDIR)/tools/bin:$(PATH)
# C++ sources checked by `make lint` and rewritten by `make format` (node_modules left alone).
CPP_FILES = $(shell find src tests bench -path '*/node_modules' -prune -o \
              -type f \( -name '*.cpp' -o -name '*.h' \) -print 2>/dev/null)

.PHONY: all deps deps-run deps-test deps-package node-tools server build run test package fuzz bench soak format lint clean

all: build

# Installs what is missing, and only that (so they can be run again at any time): the Debian
# packages for the job (scripts/install-deps.sh), Node.js and npm into tools/
# (scripts/install-node.sh), and each npm folder's packages when node_modules is missing or older
# than its lock file. `make run` installs only what building and running need; `make test` the rest.
deps: deps-test

deps-run:
	@scripts/install-deps.sh run
	@$(MAKE) --no-print-directory node-tools NPM_DIRS=web

deps-test:
	@scripts/install-deps.sh test
	@$(MAKE) --no-print-directory node-tools NPM_DIRS="web tests/browser tests/oscal"

deps-package:
	@scripts/install-deps.sh package
	@$(MAKE) --no-print-directory node-tools NPM_DIRS=web

NPM_DIRS ?= web tests/browser tests/oscal
node-tools:
	@scripts/install-node.sh
	@for dir in $(NPM_DIRS); do \
	  if [ -f "$$dir/package-lock.json" ] && \
	     { [ ! -d "$$dir/node_modules" ] || [ "$$dir/package-lock.json" -nt "$$dir/node_modules" ] || \
	       [ tools/.installed -nt "$$dir/node_modules" ]; }; then \
	    echo "npm ci --prefix $$dir"; \
	    npm ci --prefix "$$dir" --no-audit --no-fund; \
	    touch "$$dir/node_modules"; \
	  fi; \
	done

# The server and its assets only: what `make run` and `make package` need.
server:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCAREGUARD_WERROR=ON
	cmake --build $(BUILD_DIR) --target careguard -j$(JOBS)
	@if [ -f web/package.json ] && \
	   node -e 'process.exit((require("./web/package.json").scripts || {}).build ? 0 : 1)'; then \
	  echo "npm run build --prefix web"; \
	  npm run build --prefix web; \
	fi

# Everything, the test programs too.
build: server
	cmake --build $(BUILD_DIR) -j$(JOBS)

run: deps-run server
	mkdir -p data
	$(CAREGUARD) migrate --database $(DATABASE)
	$(CAREGUARD) demo --database $(DATABASE)
	@echo "Careguard is running at http://$(LISTEN)"
	exec $(CAREGUARD) serve --database $(DATABASE) --listen $(LISTEN) --insecure-cookies

# Starts PostgreSQL and the SMTP sink on private ports, runs every test, and always stops the
# services again; fails when any test failed.
test: deps-test build
	@status=0; \
	trap 'scripts/services.sh stop' EXIT; \
	scripts/services.sh start; \
	eval "$$(scripts/services.sh env)"; \
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j2 --timeout 900 || status=1; \
	if [ -f tests/browser/package.json ]; then \
	  CAREGUARD_BINARY="$(CURDIR)/$(BUILD_DIR)/careguard" npm test --prefix tests/browser || status=1; \
	fi; \
	CAREGUARD="$(CURDIR)/$(BUILD_DIR)/careguard" SOAK_SECONDS=$(TEST_SOAK_SECONDS) \
	  SOAK_RSS_GROWTH_PERCENT=$(TEST_SOAK_RSS_GROWTH_PERCENT) bash bench/soak.sh || status=1; \
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS) || status=1; \
	if [ $$status -ne 0 ]; then echo "make test: FAILED" >&2; else echo "make test: all passed"; fi; \
	exit $$status

# The Debian package (cmake/package.cmake): $(BUILD_DIR)/package/careguard_VERSION_ARCH.deb, from
# the server and assets `make server` builds (not the test programs).
package: deps-package server
	rm -f $(BUILD_DIR)/package/careguard_*.deb
	cpack --config $(BUILD_DIR)/CPackConfig.cmake -B $(CURDIR)/$(BUILD_DIR)/package
	@ls -l $(BUILD_DIR)/package/careguard_*.deb

# libFuzzer targets (clang). Each runs for FUZZ_SECONDS, starting from tests/fuzz/corpus/NAME
# when it exists; new inputs go to $(FUZZ_DIR)/corpus/NAME.
fuzz:
	@if [ ! -f tests/fuzz/CMakeLists.txt ]; then \
	  echo "make fuzz: skipped, there are no fuzz targets yet (tests/fuzz/CMakeLists.txt is absent)"; \
	  exit 0; \
	fi; \
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCAREGUARD_FUZZ=ON >/dev/null || exit 1; \
	cmake --build $(FUZZ_DIR) --target fuzz_targets -j$(JOBS) || exit 1; \
	targets=$$(find $(FUZZ_DIR)/tests/fuzz -maxdepth 2 -type f -executable -name 'fuzz_*' | sort); \
	if [ -z "$$targets" ]; then echo "make fuzz: no fuzz_* executables were built" >&2; exit 1; fi; \
	for target in $$targets; do \
	  name=$$(basename "$$target"); \
	  corpus=$(FUZZ_DIR)/corpus/$$name; mkdir -p "$$corpus"; \
	  seeds=""; [ -d "tests/fuzz/corpus/$$name" ] && seeds="tests/fuzz/corpus/$$name"; \
	  dict=""; [ -f "tests/fuzz/$$name.dict" ] && dict="-dict=tests/fuzz/$$name.dict"; \
	  echo "== $$name for $(FUZZ_SECONDS) s"; \
	  "$$target" -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/ $$dict "$$corpus" $$seeds || { echo "make fuzz: $$name FAILED" >&2; exit 1; }; \
	done

# Benchmarks, never pass/fail (BENCHMARKS.md; needs `make build` first, nginx-light, wrk, curl,
# jq and oathtool): bench/run.sh runs wrk against careguard and against nginx serving the same
# bytes; bench/publish_latency.sh times toolkit::publish in process (built in Release in
# ./build-bench) on SQLite and on a private PostgreSQL started here with scripts/services.sh
# (its own directory and ports, so a concurrent `make test` keeps its server), always stopped
# again. BENCH_DURATION, BENCH_REPEATS, BENCH_PG_PORT and BENCH_SMTP_PORT override defaults.
bench:
	@if [ ! -f bench/run.sh ]; then echo "make bench: bench/run.sh does not exist yet"; exit 0; fi; \
	started=$$(date +%s); \
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCAREGUARD_BENCH=ON >/dev/null; \
	cmake --build build-bench --target publish_latency -j$(JOBS); \
	built=$$(date +%s); \
	bash bench/run.sh; \
	export CAREGUARD_TMP="$(CURDIR)/.tmp/bench" CAREGUARD_PG_PORT=$${BENCH_PG_PORT:-55442} \
	  CAREGUARD_SMTP_PORT=$${BENCH_SMTP_PORT:-2535}; \
	trap 'scripts/services.sh stop >/dev/null || true' EXIT; \
	if scripts/services.sh start; then \
	  export CAREGUARD_BENCH_POSTGRES_URL="postgresql://postgres@127.0.0.1:$$CAREGUARD_PG_PORT/postgres"; \
	else \
	  echo "make bench: PostgreSQL did not start; publishing latency on SQLite only" >&2; \
	fi; \
	bash bench/publish_latency.sh; \
	echo "make bench: done in $$(( $$(date +%s) - started )) s ($$(( built - started )) s of it building publish_latency)"

# Load and soak (bench/soak.sh): 1,000 keep-alive connections for SOAK_SECONDS (600) against
# signed-in pages and the API; fails on any request error, RSS growth over 5% after warm-up or
# file descriptors left open. `make test` runs it for TEST_SOAK_SECONDS (20). With
# SOAK_DATABASE=postgres it uses a fresh database in scripts/services.sh's PostgreSQL, starting
# the services (and stopping them after) only when PostgreSQL is not already running.
soak: deps build
	@services=$$(scripts/services.sh status 2>/dev/null || true); \
	if [ "$(SOAK_DATABASE)" = postgres ] && [[ $$services != *"postgres: running"* ]]; then \
	  trap 'scripts/services.sh stop' EXIT; \
	  scripts/services.sh start; \
	fi; \
	eval "$$(scripts/services.sh env)"; \
	CAREGUARD="$(CURDIR)/$(BUILD_DIR)/careguard" SOAK_DATABASE=$(SOAK_DATABASE) \
	  SOAK_SECONDS=$(SOAK_SECONDS) bash bench/soak.sh

# The oversight dashboards on the national datasets of bench/national_data.sh (SQLite, and the
# PostgreSQL of scripts/services.sh when it runs): bench/oversight.sh, built in ./build-bench.
bench-oversight:
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCAREGUARD_BENCH=ON >/dev/null
	cmake --build build-bench --target oversight_latency careguard -j$(JOBS)
	eval "$$(bash scripts/services.sh env)"; BUILD=build-bench bash bench/oversight.sh

format:
	@if [ -n "$(strip $(CPP_FILES))" ]; then clang-format -i $(CPP_FILES); fi

lint:
	@if [ -n "$(strip $(CPP_FILES))" ]; then clang-format --dry-run --Werror $(CPP_FILES); fi
	@echo "make lint: clang-format clean"

clean:
	-scripts/services.sh stop
	rm -rf $(BUILD_DIR) $(FUZZ_DIR) .tmp
