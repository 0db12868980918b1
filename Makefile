# allot: make run (the nightly job on Inputs/), make test (every test), make bench.
SWIFT        ?= swift
INPUTS       ?= Inputs
OUTPUTS      ?= Outputs
# The shipped sample night is Liaocheng on 2020-02-11; cron leaves --date out
# (today in Asia/Shanghai): make run DATE=
DATE         ?= 2020-02-11
APT_PACKAGES  = pkg-config libxml2-dev libsqlite3-dev zlib1g-dev
PYTHON       ?= python3

.PHONY: all setup test-setup build release run validate test bench clean

all: build

# Installs the system libraries the build links when they are missing.
setup:
	@if ! pkg-config --exists libxml-2.0 2>/dev/null; then \
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
# version that loads beside OR-Tools, see Documentation/Decisions).
test-setup: setup
	@$(PYTHON) -c 'import highspy' 2>/dev/null || $(PYTHON) -m pip install -q 'highspy==1.12.0'

test: test-setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The ingest benchmark (Benchmarks/README.md): installs the Python peers when
# missing, builds the Benchmarks package in release, generates its data when
# absent or made by another generator version, and prints the table. A FAIL
# against Benchmarks/Thresholds/ingest.json shows in the table but leaves the
# exit status alone; a reader that returns wrong records makes `make bench` fail.
bench: setup
	@$(PYTHON) -c 'import polars, lxml' 2>/dev/null || $(PYTHON) -m pip install polars lxml
	$(SWIFT) build -c release --package-path Benchmarks
	@bin="$$($(SWIFT) build -c release --package-path Benchmarks --show-bin-path)" && \
	"$$bin/ingest-bench" generate --data Benchmarks/data --regions Sources/AllotIngest/Resources/regions-cn.csv && \
	"$$bin/ingest-bench" run --data Benchmarks/data --peers Benchmarks/peers \
		--thresholds Benchmarks/Thresholds/ingest.json --python $(PYTHON)

clean:
	rm -rf .build
