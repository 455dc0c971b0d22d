#!/usr/bin/env bash
# Idle cost of the station daemon: memory and wake-ups of `b9terminal run` as a till and as a kitchen
# station, connected to a private mosquitto on loopback, with the local API on, doing nothing.
# Needs a release build (`make release`), mosquitto and python3.
# Usage: Benchmarks/idle.sh [SECONDS]   (default 60; after 10 s to settle). Prints a Markdown table row
# per role: VmRSS at the end, VmHWM, threads, and wake-ups per second = the growth of the sum of
# voluntary + nonvoluntary context switches over all threads (/proc/PID/task/*/status) over SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."
. Benchmarks/broker.sh
seconds=${1:-60}
settle=${B9_IDLE_SETTLE:-10}
work=$(mktemp -d "${TMPDIR:-/tmp}/b9-idle.XXXXXX")
trap 'bench_stop_all; rm -rf "$work"' EXIT
bin=$(bench_binary)
bench_broker_start "$work"

# A kitchen printer that accepts and discards (the kitchen role needs one; idle, nothing is printed).
printer_port=$(bench_free_port)
python3 -c "
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $printer_port)); s.listen()
while True:
    c, _ = s.accept()
    while c.recv(4096): pass
" &
bench_track $!

start_station() {  # role terminal-id; sets STATION_PID
    B9TERMINAL_API_TOKEN=idle-benchmark-token-0123456789 B9TERMINAL_API_PORT=0 B9TERMINAL_KITCHEN_PRINTERS="tcp://127.0.0.1:$printer_port" \
        "$bin" run --role "$1" --store-id idle-store --terminal-id "$2" --store-path "$work/$2.sqlite" \
        --mqtt-host 127.0.0.1 --mqtt-port "$BROKER_PORT" --log-level warning > "$work/$2.out" 2> "$work/$2.log" &
    STATION_PID=$!
    bench_track $STATION_PID
}
start_station till till-1; till=$STATION_PID
start_station kitchen kitchen-1; kitchen=$STATION_PID

switches() {  # sum of voluntary + nonvoluntary context switches over the threads of PID
    cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(voluntary|nonvoluntary)_ctxt_switches/ { n += $2 } END { print n + 0 }'
}
field() { awk -v k="$2:" '$1 == k { print $2 }' /proc/"$1"/status; }  # kB for Vm*, count for Threads

sleep "$settle"
for pid in $till $kitchen; do
    kill -0 "$pid" 2>/dev/null || { echo "a station stopped during start-up: $(cat "$work"/*.log)" >&2; exit 1; }
done
till_before=$(switches "$till"); kitchen_before=$(switches "$kitchen")
load_before=$(bench_load)
sleep "$seconds"
till_after=$(switches "$till"); kitchen_after=$(switches "$kitchen")
load_after=$(bench_load)

row() {  # role pid before after
    local rss hwm threads rate
    rss=$(field "$2" VmRSS); hwm=$(field "$2" VmHWM); threads=$(field "$2" Threads)
    rate=$(awk -v a="$3" -v b="$4" -v s="$seconds" 'BEGIN { printf "%.1f", (b - a) / s }')
    echo "| $(date -u +%Y-%m-%d) | $1 | $(( rss / 1024 )) MiB | $(( hwm / 1024 )) MiB | $threads | $rate | $load_before → $load_after |"
}
row till "$till" "$till_before" "$till_after"
row kitchen "$kitchen" "$kitchen_before" "$kitchen_after"
if [ -n "${B9_IDLE_THREADS:-}" ]; then  # per-thread detail, to find who wakes up
    for pid in $till $kitchen; do
        for task in /proc/"$pid"/task/*; do
            printf '%s %s %s\n' "$pid" "$(cat "$task/comm")" "$(awk '/ctxt_switches/ { n += $2 } END { print n }' "$task/status")"
        done
    done
fi
