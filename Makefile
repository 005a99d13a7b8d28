# Thin front door over CMake. `make run` serves the demo; `make check` runs every test.
BUILD ?= build
ASAN_BUILD ?= build-asan
DEMO_DB ?= var/demo.db
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)
MAKEFLAGS += --no-print-directory
export MAKEFLAGS

.PHONY: all deps build run check test unit api browser asan valgrind format format-check bench bench-schedule bench-http api-pg fuzz fuzz-smoke clean

all: build

deps:
	@scripts/deps

$(BUILD)/Makefile: CMakeLists.txt
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/Makefile
	@cmake --build $(BUILD) -j $(JOBS) | grep -v '^\[' || true
	@test -x $(BUILD)/roadshow

# The demo accounts' passwords are made when the demo database is, and kept (0600) beside it
# in $(DEMO_DB).accounts, so that every `make run` can print them again.
run: build
	@mkdir -p var
	@$(BUILD)/roadshow demo --db $(DEMO_DB) --if-empty --accounts-out $(DEMO_DB).accounts >/dev/null
	@cat $(DEMO_DB).accounts 2>/dev/null || echo "no demo accounts file for $(DEMO_DB)"
	@$(BUILD)/roadshow serve --db $(DEMO_DB) --listen $(LISTEN)

# Every test: format, C unit tests, API tests, browser tests, then unit + API tests again
# under AddressSanitizer and UndefinedBehaviorSanitizer.
check: build format-check unit api api-pg browser valgrind asan fuzz-smoke

unit: build
	@cd $(BUILD) && ctest --output-on-failure

api: build
	@ROADSHOW_BIN=$(CURDIR)/$(BUILD)/roadshow node --test --test-reporter=spec tests/api/

# The API tests again on PostgreSQL: a throwaway cluster (scripts/pg-server, fsync off), a
# database of its own for each server the tests start (tests/lib/server.mjs).
api-pg: build
	@dir=$$(mktemp -d) && chmod 755 $$dir && \
	url=$$(scripts/pg-server start --fast $$dir/pg) && \
	ROADSHOW_TEST_PG=$${url%/*} ROADSHOW_BIN=$(CURDIR)/$(BUILD)/roadshow \
		node --test --test-reporter=spec tests/api/; rc=$$?; \
	scripts/pg-server stop $$dir/pg; rm -rf $$dir; exit $$rc

valgrind: build
	@tests/cli/valgrind.sh $(BUILD)/roadshow

browser: build
	@ROADSHOW_BIN=$(CURDIR)/$(BUILD)/roadshow node --test --test-reporter=spec tests/browser/

asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DROADSHOW_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS) | grep -v '^\[' || true
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure
	@ASAN_OPTIONS=detect_leaks=1 ROADSHOW_BIN=$(CURDIR)/$(ASAN_BUILD)/roadshow \
		node --test --test-reporter=spec tests/api/

FORMAT_FILES = $(shell git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tools/*.c' 'fuzz/*.c')

# Each libFuzzer target for FUZZ_SECONDS (default 30) from its seed corpus.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 30
fuzz: deps
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DROADSHOW_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) | grep -v '^\[' || true
	@set -e; for t in body csv route check itinerary schedule b2b; do \
		mkdir -p $(FUZZ_BUILD)/corpus-$$t; \
		echo "fuzz_$$t: $(FUZZ_SECONDS)s"; \
		$(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -artifact_prefix=$(FUZZ_BUILD)/ \
			$(FUZZ_BUILD)/corpus-$$t fuzz/corpus/$$t 2>&1 | grep -E "^(Done|==[0-9]+==ERROR|SUMMARY)" || true; \
		test -z "$$(ls $(FUZZ_BUILD)/crash-* 2>/dev/null)"; \
	done

format:
	@clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run -Werror $(FORMAT_FILES)

clean:
	@rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)

# Benchmarks: measured against a reference in the same run; results go to docs/benchmarks.md.
bench: bench-http
	@node bench/outcome/run.mjs --bin $(BUILD)/roadshow

# The scheduler (issue 5), not part of `make check`: the 20 JAIR brokerage-event instances
# (../shared/bench/b2b-jair) against their proven optima, then the generated families against
# a first-fit baseline; every schedule validated by tests/lib/schedule-check.mjs; then the
# CES-scale instance as a programme in the database against the scheduler alone.
SCHEDULE_TIME_LIMIT ?= 10
SCHEDULE_FAMILIES ?= small,ces
bench-schedule:
	@$(MAKE) build
	@node bench/schedule/run-jair.mjs --bin $(BUILD)/roadshow --time-limit $(SCHEDULE_TIME_LIMIT)
	@node bench/schedule/run-generated.mjs --bin $(BUILD)/roadshow --families $(SCHEDULE_FAMILIES)
	@node bench/schedule/ces-db.mjs --bin $(BUILD)/roadshow --time-limit 1

# HTTP under load (issue 7), not part of `make check`: GET of a ~2 KB JSON resource against nginx
# serving the same bytes, durable POSTs of consultations, the server's memory idle and at peak;
# wrk -t2 -c64 on loopback, median of HTTP_RUNS runs. HTTP_DB=postgres://... measures that
# database instead of a new SQLite file.
HTTP_RUNS ?= 3
HTTP_DB ?=
bench-http: build
	@scripts/deps --bench
	@node bench/http/run.mjs --bin $(BUILD)/roadshow --runs $(HTTP_RUNS) $(if $(HTTP_DB),--db $(HTTP_DB))

# A run of every fuzzer, part of `make check`: 10 s each by default, 60 s in CI.
FUZZ_SMOKE_SECONDS ?= 10
fuzz-smoke:
	@$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)
