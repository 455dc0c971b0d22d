#!/usr/bin/env bash
# Builds every fuzz target with libFuzzer and runs each for SECONDS (default 60), starting from
# and adding to its corpus. Usage: Fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(ls Sources | grep "^Fuzz")
fi
flags=(-c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)
for target in "${targets[@]}"; do
    swift build "${flags[@]}" --product "$target"
done
bin=$(swift build "${flags[@]}" --show-bin-path)
mkdir -p artifacts
# A per-input limit of 10 s: at 1 s a loaded machine produced false "timeouts" on inputs that run in
# well under 0.2 s alone; a real hang still stops the run.
for target in "${targets[@]}"; do
    mkdir -p "Corpus/$target"
    echo "== $target for ${seconds}s"
    leaks=1
    # Foundation's Data(contentsOf:) leaks 4 KB per refused file as swift-configuration reads it (not
    # our code; the daemon reads its file once): leak checking would end this target at once.
    [ "$target" = FuzzConfiguration ] && leaks=0
    ASAN_OPTIONS="detect_leaks=$leaks${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
        "$bin/$target" "Corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=512 \
        -detect_leaks="$leaks" -artifact_prefix="artifacts/$target-" -print_final_stats=1
done
