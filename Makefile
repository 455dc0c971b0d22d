# The two commands: `make run` (a demo till on simulated devices) and `make test`.
SWIFT ?= swift
BUILD_FLAGS ?=
VAR ?= $(CURDIR)/var

.PHONY: run test build deps release clean bench crash-test soak device-soak till-soak fuzz

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release $(BUILD_FLAGS)

run: build
	@mkdir -p $(VAR)
	$(SWIFT) run $(BUILD_FLAGS) b9terminal demo --var $(VAR) --serve

test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS)

# The SIGKILL durability test with 300 kills instead of make test's 50.
crash-test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	B9_CRASH_ITERATIONS=300 $(SWIFT) test --skip-build $(BUILD_FLAGS) --filter CrashTests

# The long proving runs (figures in docs/reliability.md): 300 kills over about 10,000 sales,
# 100 kills at each named step of a sale, 1,000 journal byte flips, the MQTT outage at full size,
# 20 SIGKILLs of the broker during 10,000 kitchen orders, 200 unplug/replug cycles per device class
# with printer status timings, 10,000 scale frames, and an hour of sales with random device flaps.
soak: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	B9_CRASH_ITERATIONS=300 B9_CRASH_SALES_PER_KILL=66 B9_CRASH_VERIFY_EVERY=10 B9_STEP_KILLS=100 B9_OUTAGE_EVENTS=50000 B9_OUTAGE_RESTARTS=20 B9_TAMPER_FLIPS=1000 \
		B9_KITCHEN_ORDERS=10000 B9_KITCHEN_KILLS=20 \
		$(SWIFT) test --skip-build $(BUILD_FLAGS) --filter 'CrashTests|StepCrashTests|OutboxOutageSoakTests|JournalTamperTests|KitchenBrokerKillSoakTests'
	$(MAKE) device-soak
	$(MAKE) till-soak

# T-D1/T-D2/T-D3 at full size: 200 flap cycles per device class, the fault-to-event timings, 10,000 scale frames.
device-soak: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	B9_FLAP_CYCLES=200 B9_FLAP_BACK_WITHIN_SECONDS=5 B9_SCALE_FRAMES=10000 \
		$(SWIFT) test --skip-build $(BUILD_FLAGS) --filter 'FlapTests|unplugReplugCyclesLoseAndDoubleNoJob|PrinterStatusLatencyTests|noNonStableWeightIsEverReturned'

# T-D4: the b9terminal till as a child process for SOAK_SECONDS (default an hour) of steady sales while
# its simulated printer, display, scanner, scale and drawer are pulled and put back at random; its
# descriptor count and RSS must stay flat (docs/reliability.md).
SOAK_SECONDS ?= 3600
till-soak: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	B9_SOAK_SECONDS=$(SOAK_SECONDS) $(SWIFT) test --skip-build $(BUILD_FLAGS) --filter TillFlapSoakTests

# libFuzzer on every parser of outside input (devices, catalog, MQTT payloads, configuration, local API
# bodies); FUZZ_SECONDS per target (default 600).
FUZZ_SECONDS ?= 600
fuzz:
	./Fuzz/run.sh $(FUZZ_SECONDS)

# The figures of docs/performance.md: durable sales/s, outbox drain next to mosquitto_pub,
# scan-to-WebSocket latency, idle memory and wake-ups. Each stops by itself.
bench: release
	./Benchmarks/commit-rate.sh
	./Benchmarks/outbox-rate.sh
	./Benchmarks/scan-latency.py
	./Benchmarks/idle.sh

clean:
	rm -rf .build $(VAR)
