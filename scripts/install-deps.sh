#!/usr/bin/env bash
# Installs the Debian packages B9Terminal builds and tests against, if any is missing.
# As root it runs apt-get; otherwise it prints the exact command and exits 1.
set -euo pipefail

packages=(
    libusb-1.0-0-dev   # USB printers and scanners through libusb
    libudev-dev        # discovery and hot-plug
    libsqlite3-dev     # the billing store (through GRDB)
    libmosquitto-dev   # MQTT client
    mosquitto          # the broker the tests and the demo start on loopback
    mosquitto-clients  # mosquitto_sub/mosquitto_pub, used by tests and benchmarks
    libqrencode-dev    # QR matrices for printers without native QR
    libzint-dev        # PDF417 matrices for printers without native PDF417
    libpng-dev         # PNG logos and receipt previews
    libharfbuzz-dev    # shaping text printers have no code page for (Bengali …) before it is drawn as raster
    libfreetype-dev    # drawing the shaped glyphs
    libfontconfig-dev  # finding fonts by family name
    fonts-noto-core    # Noto Sans Bengali (with the taka sign) and Noto Sans for raster text
    pkg-config         # how SwiftPM finds the libraries above
    chromium           # tests only: drives the built-in till page headless
    sqlite3            # benchmarks only: the sqlite3 CLI (make bench)
    python3            # benchmarks only: free ports, the WebSocket latency client (make bench)
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    echo "Installing missing packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
    echo "B9Terminal needs these Debian packages: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
