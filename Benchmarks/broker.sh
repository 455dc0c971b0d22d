# Sourced by the benchmark scripts: a private mosquitto on a free loopback port, and child processes
# that are stopped when the script exits. Needs python3 (free port) and /usr/sbin/mosquitto.
#   bench_broker_start FOLDER   sets BROKER_PORT; the broker logs to FOLDER/mosquitto.log
#   bench_track PID             stops PID (SIGTERM, then SIGKILL) at exit

bench_pids=()

bench_track() { bench_pids+=("$1"); }

bench_stop_all() {
    local pid
    for pid in "${bench_pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${bench_pids[@]}"; do
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    bench_pids=()
}

bench_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

bench_broker_start() {
    local folder=$1 attempt
    command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || { echo "needs mosquitto: apt-get install mosquitto mosquitto-clients" >&2; return 1; }
    for attempt in 1 2 3; do
        BROKER_PORT=$(bench_free_port)
        cat > "$folder/mosquitto.conf" <<EOF
listener $BROKER_PORT 127.0.0.1
user $(id -un)
allow_anonymous true
persistence false
max_queued_messages 1000000
${BENCH_BROKER_EXTRA:-}
log_dest file $folder/mosquitto.log
log_type error
log_type warning
EOF
        /usr/sbin/mosquitto -c "$folder/mosquitto.conf" 2>> "$folder/mosquitto.stderr" &
        bench_track $!
        for _ in $(seq 1 100); do
            if (exec 3<>"/dev/tcp/127.0.0.1/$BROKER_PORT") 2>/dev/null; then return 0; fi
            sleep 0.1
        done
        echo "mosquitto did not start on 127.0.0.1:$BROKER_PORT (attempt $attempt): $(cat "$folder/mosquitto.log" 2>/dev/null)" >&2
    done
    return 1
}

# The release binary (or $B9TERMINAL_BIN), or a hint to build it.
bench_binary() {
    local bin=${B9TERMINAL_BIN:-}
    [ -n "$bin" ] || bin=$(swift build -c release --show-bin-path)/b9terminal
    [ -x "$bin" ] || { echo "build first: make release" >&2; return 1; }
    echo "$bin"
}

# The load average (1 min) now, for the figures.
bench_load() { cut -d' ' -f1 /proc/loadavg; }
