#!/usr/bin/env bash
# Side-by-side: B9ESCPOS and python-escpos render the standard sample receipt (docs/escpos-sample-receipt.md)
# in the same run, then one 80 mm Bengali line shaped and printed as an image (B9TextRaster against Pillow +
# python-escpos). Installs python-escpos and Pillow with pip into a venv under /tmp. Usage: Benchmarks/escpos/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-3}
venv=/tmp/b9-escpos-bench-venv
# Build directory outside the checkout; set B9_BENCH_SCRATCH to keep several checkouts apart.
scratch=${B9_BENCH_SCRATCH:-/tmp/b9-escpos-bench-build}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet python-escpos
fi
swift build -c release --scratch-path "$scratch" >/dev/null
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)
"$venv/bin/pip" show python-escpos | grep -E '^(Name|Version)'
"$bin/ESCPOSBench" epson-tm-t20 "$seconds"
"$bin/ESCPOSBench" bixolon-srp-350 "$seconds"
"$venv/bin/python" bench_python_escpos.py "$seconds"
# One 80 mm Bengali line shaped and printed as raster: B9TextRaster, then python-escpos with Pillow.
"$venv/bin/pip" install --quiet pillow
"$bin/RasterTextBench" "$seconds"
"$venv/bin/python" bench_python_raster_line.py "$seconds"
