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
for target in "${targets[@]}"; do
    mkdir -p "Corpus/$target"
    echo "== $target for ${seconds}s"
    "$bin/$target" "Corpus/$target" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=512 \
        -artifact_prefix="artifacts/$target-" -print_final_stats=1
done
