#!/usr/bin/env bash
# Durable sale commits per second, next to the disk's raw write+fsync rate and the sqlite3 CLI
# running the same transaction shape. Needs a release build (`make release`), cc and sqlite3.
# Usage: Benchmarks/commit-rate.sh [SALES]   (default 2000). Prints a Markdown table row per run.
set -euo pipefail
cd "$(dirname "$0")/.."
sales=${1:-2000}
work=$(mktemp -d "${TMPDIR:-/tmp}/b9-commit-rate.XXXXXX")
trap 'rm -rf "$work"' EXIT
bin=$(swift build -c release --show-bin-path)/b9terminal
[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "needs the sqlite3 CLI: apt-get install sqlite3" >&2; exit 1; }

# 1. The disk: write 4 KiB + fsync (one WAL page and its commit).
cc -O2 -o "$work/fsync-rate" Benchmarks/fsync-rate.c
raw=$("$work/fsync-rate" "$work/raw.bin" "$sales" 4096)

# 2. B9Terminal: sales through the real code path (price, settle, one transaction), no printing.
"$bin" sale demo --db "$work/warm.sqlite" --count 10 >/dev/null
ours=$("$bin" sale demo --db "$work/b9.sqlite" --count "$sales" --seed 7 | sed -E 's/.*\(([0-9]+) sales\/s\)/\1/')

# 3. The sqlite3 CLI: the same schema and the same rows per sale, WAL + synchronous=FULL, one
#    BEGIN IMMEDIATE … COMMIT per sale (sale, 3 lines, 1 payment, journal entry, 4 outbox events,
#    3 stock movements, 3 counters).
"$bin" sale demo --db "$work/schema.sqlite" --count 1 >/dev/null
sqlite3 "$work/schema.sqlite" .schema | grep -v '^CREATE TABLE sqlite_sequence' > "$work/schema.sql"
payload=$(printf '%0900d' 0)
{
    echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
    cat "$work/schema.sql"
    for i in $(seq 1 "$sales"); do
        echo "BEGIN IMMEDIATE;"
        echo "INSERT INTO counter(name,value) VALUES('receipt:till-1',$i) ON CONFLICT(name) DO UPDATE SET value=excluded.value;"
        echo "INSERT INTO journal VALUES($i,'till-1','sale.completed','2026-11-25T00:00:00.000Z','$payload',randomblob(32),randomblob(32));"
        echo "INSERT INTO counter(name,value) VALUES('journal_head',$i) ON CONFLICT(name) DO UPDATE SET value=excluded.value;"
        echo "INSERT INTO sale VALUES('s$i','shop','till-1',$i,'2026-11-25T00:00:00.000Z',NULL,'BDT',2,1000,0,0,0,0,1000,0,1000,0,'[]',$i);"
        for l in 1 2 3; do
            echo "INSERT INTO sale_line VALUES('s$i',$l,'SKU$l','Item','cat','pc',1000,100,100,0,0,100,0,1,0,NULL,1);"
        done
        echo "INSERT INTO payment VALUES('s$i',1,'cash',1000,NULL,NULL);"
        for e in 1 2 3 4; do
            echo "INSERT INTO counter(name,value) VALUES('event_sequence',$((i*4+e))) ON CONFLICT(name) DO UPDATE SET value=excluded.value;"
            echo "INSERT INTO outbox(event_id,type,topic,payload,created_at) VALUES('e$i-$e','t','b9pos/x','$payload','2026');"
        done
        for l in 1 2 3; do
            echo "INSERT INTO stock_movement(sku,quantity_milli,reason,reference,origin_terminal,event_id,created_at) VALUES('SKU$l',-1000,'sale','s$i','till-1','m$i-$l','2026');"
        done
        echo "COMMIT;"
    done
} > "$work/transactions.sql"
start=$(date +%s.%N)
sqlite3 "$work/cli.sqlite" < "$work/transactions.sql" > /dev/null
end=$(date +%s.%N)
cli=$(awk -v n="$sales" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }')

echo "| $(date -u +%Y-%m-%d) | $sales | $ours | $cli | $raw |"
