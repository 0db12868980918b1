# allot: make run (the nightly job on Inputs/), make test (every test), make bench, make fuzz.
SWIFT        ?= swift
INPUTS       ?= Inputs
OUTPUTS      ?= Outputs
# The shipped sample night is Liaocheng on 2020-02-11; cron leaves --date out
# (today in Asia/Shanghai): make run DATE=
DATE         ?= 2020-02-11
APT_PACKAGES  = pkg-config libxml2-dev libsqlite3-dev libssl-dev zlib1g-dev
PYTHON       ?= python3

.PHONY: all setup test-setup build release run validate test screenshot bench bench-build bench-ingest bench-plan bench-plan-supply-chain bench-report bench-ledger bench-hash bench-night bench-hostile fuzz fuzz-build clean

all: build

# Installs the system libraries the build links when they are missing.
setup:
	@if ! pkg-config --exists libxml-2.0 sqlite3 libcrypto 2>/dev/null; then \
		echo "Installing $(APT_PACKAGES)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q $(APT_PACKAGES); \
	fi

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

run: release
	$(SWIFT) run -c release allot run --inputs $(INPUTS) --outputs $(OUTPUTS) $(if $(DATE),--date $(DATE))

validate: release
	$(SWIFT) run -c release allot validate --inputs $(INPUTS)

# The planner's cross-check solves LPs with HiGHS (PyPI highspy; 1.12.0 is the
# version that loads beside OR-Tools, see Documentation/Decisions). The export
# tests open the .xlsx files with openpyxl, a reader independent of ours.
# The report test renders report.html in headless Chromium, with a CJK font
# so the screenshot shows Chinese rather than boxes.
TEST_APT_PACKAGES = chromium fonts-wqy-microhei
test-setup: setup
	@$(PYTHON) -c 'import highspy' 2>/dev/null || $(PYTHON) -m pip install -q 'highspy==1.12.0'
	@$(PYTHON) -c 'import openpyxl' 2>/dev/null || $(PYTHON) -m pip install -q 'openpyxl==3.1.5'
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		echo "Installing $(TEST_APT_PACKAGES)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -q && $$SUDO apt-get install -y -q $(TEST_APT_PACKAGES); \
	fi

# The planner and solver tests run a second time in a build with the internal
# invariant checks on (every network simplex solve proven: feasibility,
# complementary slackness, primal = dual cost). That build has its own scratch
# folder; the full, unfiltered run comes last so its closing lines count.
CHECKS_BUILD  = --scratch-path .build-checks -Xswiftc -DALLOT_INTERNAL_CHECKS

test: test-setup
	$(SWIFT) build --build-tests $(CHECKS_BUILD)
	$(SWIFT) test --skip-build $(CHECKS_BUILD) --filter 'FlowSolverTests|AllotPlannerTests|SampleNightPlanTests'
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Refreshes the README's picture of report.html: the Chromium test's screenshot of the sample night.
screenshot: test-setup
	$(SWIFT) build --build-tests
	ALLOT_REPORT_SCREENSHOT=$(CURDIR)/Documentation/report-screenshot.png $(SWIFT) test --skip-build --filter ReportChromiumTests

# The benchmarks (Benchmarks/README.md): `make bench` runs the ingest part,
# then the planner part; each also runs alone (`make bench-ingest`,
# `make bench-plan`). Each installs its Python peers when missing and builds
# the Benchmarks package in release. A FAIL against Benchmarks/Thresholds/
# shows in the table but leaves the exit status alone; a wrong result (records
# a reader got wrong, a plan that breaks a rule or misses a tier-1 maximum,
# solvers that disagree) makes the target fail.
PLAN_SCALE   ?= 1
PLAN_ARGS    ?=

bench: bench-ingest
	@$(MAKE) --no-print-directory bench-plan

bench-build: setup
	$(SWIFT) build -c release --package-path Benchmarks

# Ingest: generates its data when absent or made by another generator version.
bench-ingest: bench-build
	@$(PYTHON) -c 'import polars, lxml' 2>/dev/null || $(PYTHON) -m pip install polars lxml
	@bin="$$($(SWIFT) build -c release --package-path Benchmarks --show-bin-path)" && \
	"$$bin/ingest-bench" generate --data Benchmarks/data --regions Sources/AllotIngest/Resources/regions-cn.csv && \
	"$$bin/ingest-bench" run --data Benchmarks/data --peers Benchmarks/peers \
		--thresholds Benchmarks/Thresholds/ingest.json --python $(PYTHON)

# Planner: the national night in memory (PLAN_SCALE=0.1 for a tenth), Planner.plan
# on the clock and checked, and NetworkSimplex against OR-Tools on the same
# tier-1 networks. PLAN_ARGS passes more options (`--runs 1`, `--timeout 1200`).
bench-plan: bench-build
	@$(PYTHON) -c 'from ortools.graph.python import min_cost_flow' 2>/dev/null || \
		$(PYTHON) -m pip install -q 'ortools==9.15.6755'
	@bin="$$($(SWIFT) build -c release --package-path Benchmarks --show-bin-path)" && \
	"$$bin/plan-bench" run --scale $(PLAN_SCALE) --data Benchmarks/data --peers Benchmarks/peers \
		--thresholds Benchmarks/Thresholds/plan.json --python $(PYTHON) $(PLAN_ARGS)

# The supply-chain night (earmarks on a third of the offers, the masks one
# substitution group, 500 mask lines fed by meltblown) against the same night
# without these rules: both planned alternately, every plan checked; prints
# both nights' planning time and peak memory and their ratios against
# Benchmarks/Thresholds/plan-supply-chain.json. PLAN_ARGS as above (`--runs 1`).
bench-plan-supply-chain: bench-build
	@bin="$$($(SWIFT) build -c release --package-path Benchmarks --show-bin-path)" && \
	"$$bin/plan-bench" compare --scale $(PLAN_SCALE) --data Benchmarks/data \
		--thresholds Benchmarks/Thresholds/plan-supply-chain.json $(PLAN_ARGS)

# report.html of a national night (1,000,000 requests, ~200,000 lines, built
# without planning): its size and headless Chromium's load time against
# Benchmarks/Thresholds/report.json. REPORT_ARGS passes more (`--runs 5`).
REPORT_ARGS  ?=
bench-report: bench-build test-setup
	@bin="$$($(SWIFT) build -c release --package-path Benchmarks --show-bin-path)" && \
	"$$bin/report-bench" --data Benchmarks/data --thresholds Benchmarks/Thresholds/report.json $(REPORT_ARGS)

# The work ledger at national size (SPEC 15): 30 nights of 1,000,000 requests
# and 700,000 lines recorded one after another, the file's growth per night,
# and `allot ledger problems` on the full ledger; targets in
# Benchmarks/Thresholds/ledger.json. LEDGER_ARGS="--nights 5" for a shorter run.
bench-ledger: bench-build release
	@bin="$$($(SWIFT) build -c release --package-path Benchmarks --show-bin-path)" && \
	"$$bin/ledger-bench" --data Benchmarks/data --allot "$$($(SWIFT) build -c release --show-bin-path)/allot" \
		--thresholds Benchmarks/Thresholds/ledger.json $(LEDGER_ARGS)

# The whole night (issue 20): a national and a province night written as feed
# files (several hundred CSV and XML feeds, 0.5 % bad records, earmarks,
# substitutes, conversion offers; kept in Benchmarks/data/night-*/ and reused
# while their SHA-256 match), `allot run` in release on them with share =
# maxmin and none, every plan folder checked, per-stage time and memory, and
# polars, lxml and OR-Tools on the same files; targets in
# Benchmarks/Thresholds/night.json, figures in Benchmarks/results/.
# NIGHT_ARGS passes more (`--night province`, `--scale 0.1`, `--runs 1`).
NIGHT_ARGS   ?=
bench-night: bench-build release
	@$(PYTHON) -c 'import polars, lxml' 2>/dev/null || $(PYTHON) -m pip install polars lxml
	@$(PYTHON) -c 'from ortools.graph.python import min_cost_flow' 2>/dev/null || \
		$(PYTHON) -m pip install -q 'ortools==9.15.6755'
	@bin="$$($(SWIFT) build -c release --package-path Benchmarks --show-bin-path)" && \
	"$$bin/night-bench" run --data Benchmarks/data --peers Benchmarks/peers \
		--allot "$$($(SWIFT) build -c release --show-bin-path)/allot" \
		--thresholds Benchmarks/Thresholds/night.json --results Benchmarks/results --python $(PYTHON) $(NIGHT_ARGS)

# Hostile feeds (a 2 GB line, a 300 MB field, deep and entity-bomb XML) through
# `allot validate`: fails past 1 GiB of memory, 120 s, or without a reject.
# SHA-256: allot's (OpenSSL's libcrypto) against swift-crypto's on 436 MB
# (Decision 0020). HASH_ARGS passes more (`--megabytes 100 --runs 9`).
HASH_ARGS    ?=
bench-hash: bench-build
	@"$$($(SWIFT) build -c release --package-path Benchmarks --show-bin-path)/hash-bench" $(HASH_ARGS)

bench-hostile: release
	$(PYTHON) Benchmarks/hostile-inputs.py .build/release/allot

# Fuzzing (README.md, "Fuzzing"): the Fuzz package's libFuzzer targets, built
# with AddressSanitizer into their own scratch folder, each run FUZZ_SECONDS on
# a copy of Fuzz/Corpus/<target>/ and Fuzz/Regressions/<target>/. Prints each
# target's executions and coverage; fails when any target crashes or breaks a
# property, leaving the input under $(FUZZ_SCRATCH)/runs/<target>/found/ (keep it
# in Fuzz/Regressions/<target>/). FUZZ_TARGETS picks targets, FUZZ_ARGS adds
# libFuzzer options (`-jobs=2`, `-dict=...`). The targets' scratch inputs
# folders go to runs/<target>/tmp: libFuzzer ends without exit handlers.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv-feed xml-feed values policy overrides receipts reference-tables
FUZZ_ARGS    ?=
FUZZ_SCRATCH  = .build-fuzz
FUZZ_BUILD    = --package-path Fuzz --scratch-path $(FUZZ_SCRATCH) --sanitize fuzzer --sanitize address \
	-Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp -Xcc -fsanitize=fuzzer-no-link

fuzz-build: setup
	$(SWIFT) build $(FUZZ_BUILD)

fuzz: fuzz-build
	@bin="$$($(SWIFT) build $(FUZZ_BUILD) --show-bin-path)" && failed= && \
	for t in $(FUZZ_TARGETS); do \
		work="$(FUZZ_SCRATCH)/runs/$$t" && rm -rf "$$work" && mkdir -p "$$work/corpus" "$$work/found" "$$work/tmp" && \
		cp Fuzz/Corpus/$$t/* "$$work/corpus/" && \
		if [ -d Fuzz/Regressions/$$t ]; then cp Fuzz/Regressions/$$t/* "$$work/corpus/" 2>/dev/null || true; fi && \
		echo "== fuzz-$$t for $(FUZZ_SECONDS) s" && \
		if SWIFT_BACKTRACE=enable=no TMPDIR="$(CURDIR)/$$work/tmp" "$$bin/fuzz-$$t" "$$work/corpus" -max_total_time=$(FUZZ_SECONDS) \
			-rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$$work/found/" $(FUZZ_ARGS) \
			> "$$work/log.txt" 2>&1; then \
			grep -E "DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb" "$$work/log.txt"; \
		else \
			tail -n 40 "$$work/log.txt"; \
			echo "fuzz-$$t FAILED: input in $$work/found/"; failed="$$failed $$t"; \
		fi; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: crashes in:$$failed"; exit 1; fi; \
	echo "fuzz: no crash in $(FUZZ_TARGETS)"

clean:
	rm -rf .build
