# The two commands: `make run` (a demo till on simulated devices) and `make test`.
SWIFT ?= swift
BUILD_FLAGS ?=
VAR ?= $(CURDIR)/var

.PHONY: run test build deps release clean bench crash-test

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release $(BUILD_FLAGS)

run: build
	@mkdir -p $(VAR)
	$(SWIFT) run $(BUILD_FLAGS) b9terminal demo --var $(VAR)

test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS)

# The SIGKILL durability test with 300 kills instead of make test's 50.
crash-test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	B9_CRASH_ITERATIONS=300 $(SWIFT) test --skip-build $(BUILD_FLAGS) --filter CrashTests

bench: release
	./Benchmarks/commit-rate.sh

clean:
	rm -rf .build $(VAR)
