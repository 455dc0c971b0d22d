#!/usr/bin/env bash
# QoS 1 events per second drained from the outbox to a private mosquitto on loopback, next to
# mosquitto_pub publishing as many messages of the same size to the same broker.
# Needs a release build (`make release`), mosquitto, mosquitto-clients, sqlite3 and python3.
# Usage: Benchmarks/outbox-rate.sh [EVENTS]   (default 20000). Prints a Markdown table row.
#
# 1. `b9terminal sale demo` fills a store's outbox with at least EVENTS events (no broker: the
#    outbox is only drained by the daemon).
# 2. A subscriber (mosquitto_sub, QoS 1) listens on the till's topics; `b9terminal run --role till`
#    starts against the broker and drains the outbox. Timed from the first event arriving at the
#    subscriber to the moment SQLite shows every event marked delivered (PUBACKed and committed);
#    the subscriber's own count is the cross-check that every event arrived.
# 3. mosquitto_pub -q 1 -l: one process publishing EVENTS lines of the mean payload size read from
#    stdin (one connection, libmosquitto's 20 messages in flight), timed over the whole process.
# 4. mosquitto_pub -q 1 -m, one process per message (connect, publish, PUBACK, disconnect), for
#    min(EVENTS, 300) messages: what a shell script calling mosquitto_pub per event gets.
set -euo pipefail
cd "$(dirname "$0")/.."
. Benchmarks/broker.sh
events=${1:-20000}
work=$(mktemp -d "${TMPDIR:-/tmp}/b9-outbox-rate.XXXXXX")
trap 'bench_stop_all; [ -n "${B9_KEEP:-}" ] && cp "$work/arrivals.txt" /tmp/b9-arrivals.txt; rm -rf "$work"' EXIT
bin=$(bench_binary)
for tool in sqlite3 mosquitto_pub mosquitto_sub python3; do
    command -v "$tool" >/dev/null || { echo "needs $tool (scripts/install-deps.sh)" >&2; exit 1; }
done
now() { date +%s.%N; }
db="$work/till.sqlite"
pending() { sqlite3 "$db" "SELECT count(*) FROM outbox WHERE delivered_at IS NULL"; }

# 1. Fill the outbox (about 4 events per sale).
while [ "$(sqlite3 "$db" 'SELECT count(*) FROM outbox' 2>/dev/null || echo 0)" -lt "$events" ]; do
    have=$(sqlite3 "$db" 'SELECT count(*) FROM outbox' 2>/dev/null || echo 0)
    "$bin" sale demo --db "$db" --count $(( (events - have) / 4 + 1 )) --seed $((RANDOM + 1)) >/dev/null
done
total=$(pending)
size=$(sqlite3 "$db" "SELECT CAST(round(avg(length(payload))) AS INTEGER) FROM outbox")

bench_broker_start "$work"
port=$BROKER_PORT

# 2. Drain through the daemon, with a subscriber counting what arrives.
stdbuf -oL mosquitto_sub -h 127.0.0.1 -p "$port" -q 1 -R -T 'b9pos/demo-store/till-1/status' \
    -t 'b9pos/demo-store/till-1/#' -C "$total" -W 600 -F '%U' > "$work/arrivals.txt" &
sub=$!
bench_track $sub
sleep 1
"$bin" run --role till --store-id demo-store --terminal-id till-1 --store-path "$db" \
    --mqtt-host 127.0.0.1 --mqtt-port "$port" --log-level warning 2> "$work/daemon.log" &
daemon=$!
bench_track $daemon
deadline=$(( $(date +%s) + 600 ))
while [ "$(pending)" -gt 0 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "outbox not drained in 600 s: $(pending) left; $(tail -5 "$work/daemon.log")" >&2; exit 1; }
    sleep 0.02
done
drained=$(now)
# CPU time the daemon used so far (start-up included): near the drain time means CPU-bound.
cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' /proc/$daemon/stat)
wait $sub || { echo "the subscriber did not receive all $total events" >&2; exit 1; }
kill -TERM $daemon
wait $daemon || true
received=$(wc -l < "$work/arrivals.txt")
first=$(head -1 "$work/arrivals.txt")
last=$(tail -1 "$work/arrivals.txt")
ours=$(awk -v n="$total" -v s="$first" -v e="$drained" 'BEGIN { printf "%.0f", n / (e - s) }')
arrivals=$(awk -v n="$total" -v s="$first" -v e="$last" 'BEGIN { printf "%.0f", n / (e - s) }')

# 3. mosquitto_pub, one process, lines from stdin.
python3 -c "import sys; sys.stdout.write(('x' * $size + '\n') * $total)" > "$work/lines.txt"
start=$(now)
mosquitto_pub -h 127.0.0.1 -p "$port" -q 1 -t 'b9pos/demo-store/bench/lines' -l < "$work/lines.txt"
end=$(now)
lines=$(awk -v n="$total" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }')

# 4. mosquitto_pub, one process per message.
singles=$(( total < 300 ? total : 300 ))
payload=$(head -c "$size" < /dev/zero | tr '\0' x)
start=$(now)
for _ in $(seq 1 "$singles"); do
    mosquitto_pub -h 127.0.0.1 -p "$port" -q 1 -t 'b9pos/demo-store/bench/single' -m "$payload"
done
end=$(now)
single=$(awk -v n="$singles" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }')

seconds=$(awk -v s="$first" -v e="$drained" 'BEGIN { printf "%.1f", e - s }')
echo "| $(date -u +%Y-%m-%d) | $total events, $size B | $ours ($received received, $arrivals/s at the subscriber; $seconds s, daemon CPU $cpu s) | $lines | $single | $(bench_load) |"
