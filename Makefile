# allot: make run (the nightly job on Inputs/), make test (every test), make bench.
SWIFT        ?= swift
INPUTS       ?= Inputs
OUTPUTS      ?= Outputs
APT_PACKAGES  = pkg-config libxml2-dev libsqlite3-dev zlib1g-dev
PYTHON       ?= python3

.PHONY: all setup build release run validate test bench clean

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
	$(SWIFT) run -c release allot run --inputs $(INPUTS) --outputs $(OUTPUTS)

validate: release
	$(SWIFT) run -c release allot validate --inputs $(INPUTS)

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: setup
	$(MAKE) -C Benchmarks run

clean:
	rm -rf .build
