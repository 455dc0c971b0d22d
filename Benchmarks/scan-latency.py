#!/usr/bin/env python3
"""Scan-to-WebSocket latency of the till's local API.

Starts `b9terminal demo --serve --port 0` (local API on loopback, simulated scanner), opens the
WebSocket `/events` as the till page does, then feeds SCANS codes one at a time through
`POST /devices/scanner/scans` and times each from just before the request is written to the moment
the `scan` event carrying that code has been read from the WebSocket. One scan is in flight at a
time (a cashier does not scan faster than the page sees the last one).

What is measured: the HTTP request (parse, bearer token, JSON body) → the simulated scanner's stream
→ the task that forwards scans to the EventBroadcaster → the client's stream → the WebSocket frame.
The device end (a serial or evdev scanner's bytes) is not in it: the simulated scanner is fed by HTTP.

Standard library only; one thread, `select` on both sockets, so an early WebSocket frame is
timestamped when it arrives, not after the HTTP answer.
With `--serial`, the device end is in the path instead: `b9terminal run --role till` with a serial
scanner on a pseudo-terminal (`devices.scanner: serial:///dev/pts/N`), and each code is written to the
pty master as a scanner sends it (code, CR LF); timed from that write to the `scan` event.

Usage: Benchmarks/scan-latency.py [--serial] [SCANS] [WARMUP]   (default 2000 and 200)
       B9TERMINAL_BIN=path/to/b9terminal (default: the release build)
"""
import base64
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tty

TIMEOUT = 30.0


def binary():
    if os.environ.get("B9TERMINAL_BIN"):
        return os.environ["B9TERMINAL_BIN"]
    folder = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], check=True,
                            capture_output=True, text=True).stdout.strip()
    path = os.path.join(folder, "b9terminal")
    if not os.access(path, os.X_OK):
        sys.exit("build first: make release")
    return path


def start_demo(path, work):
    """Starts the demo server; returns (process, host, port, token) once it printed its URL."""
    log = open(os.path.join(work, "demo.log"), "wb")
    process = subprocess.Popen([path, "demo", "--serve", "--port", "0", "--var", work],
                               stdout=subprocess.PIPE, stderr=log)
    deadline = time.monotonic() + 120
    buffer = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1.0)
        if ready:
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            match = re.search(rb"till page: http://([0-9.]+):([0-9]+)/#token=([0-9a-f]+)", buffer)
            if match:
                return process, match.group(1).decode(), int(match.group(2)), match.group(3).decode()
    process.kill()
    sys.exit("the demo did not print its till page URL; see " + os.path.join(work, "demo.log"))


def start_run_with_serial_scanner(path, work):
    """Starts `b9terminal run --role till` with a serial scanner on a new pty; returns
    (process, host, port, token, master_fd) once the local API listens and the scanner is ready."""
    master, slave = os.openpty()
    tty.setraw(slave)
    device = os.ttyname(slave)
    token = os.urandom(16).hex()
    config = os.path.join(work, "b9terminal.yaml")
    with open(config, "w") as file:
        file.write(f"role: till\nstore: {{id: bench, terminal_id: till-1, path: {work}/till.sqlite}}\n"
                   f"api: {{port: 0}}\nmetrics: {{listen: none}}\n"
                   f"devices: {{scanner: \"serial://{device}?baud=9600\"}}\n")
    log_path = os.path.join(work, "run.log")
    environment = dict(os.environ, B9TERMINAL_API_TOKEN=token)
    process = subprocess.Popen([path, "run", "--config", config], stdout=subprocess.DEVNULL,
                               stderr=open(log_path, "wb"), env=environment)
    os.close(slave)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        text = open(log_path, errors="replace").read()
        match = re.search(r"local API listening.* url=http://([0-9.]+):([0-9]+)/", text)
        if match:
            host, port = match.group(1), int(match.group(2))
            http = HTTP(host, port, token)
            while time.monotonic() < deadline:
                devices = json.loads(http.get("/devices")).get("devices", [])
                if any(row.get("device") == "scanner" and row.get("state") == "ready" for row in devices):
                    return process, host, port, token, master
                time.sleep(0.2)
        time.sleep(0.2)
    process.kill()
    sys.exit("the till did not start with its serial scanner:\n" + open(log_path, errors="replace").read()[-3000:])


class Reader:
    """Buffered reads from a socket with a deadline."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk

    def take(self, count):
        while len(self.buffer) < count:
            self.fill()
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data


class WebSocket:
    """The client side of RFC 6455, enough for text frames from the server."""

    def __init__(self, host, port, path):
        self.sock = socket.create_connection((host, port), timeout=TIMEOUT)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        self.reader = Reader(self.sock)
        while b"\r\n\r\n" not in self.reader.buffer:
            self.reader.fill()
        head, self.reader.buffer = self.reader.buffer.split(b"\r\n\r\n", 1)
        if not head.startswith(b"HTTP/1.1 101"):
            raise ConnectionError("WebSocket upgrade refused: " + head.decode(errors="replace"))

    def frame_ready(self):
        """A whole frame is buffered."""
        data = self.reader.buffer
        if len(data) < 2:
            return False
        length, offset = data[1] & 0x7F, 2
        if length == 126:
            if len(data) < 4:
                return False
            length, offset = int.from_bytes(data[2:4], "big"), 4
        elif length == 127:
            if len(data) < 10:
                return False
            length, offset = int.from_bytes(data[2:10], "big"), 10
        return len(data) >= offset + length

    def read_frame(self):
        """The next text message (answers pings, skips other control frames)."""
        while True:
            first, second = self.reader.take(2)
            length = second & 0x7F
            if length == 126:
                length = int.from_bytes(self.reader.take(2), "big")
            elif length == 127:
                length = int.from_bytes(self.reader.take(8), "big")
            payload = self.reader.take(length)
            opcode = first & 0x0F
            if opcode == 0x9:
                self.send(0xA, payload)
            elif opcode == 0x8:
                raise ConnectionError("the server closed the WebSocket")
            elif opcode == 0x1:
                return payload

    def send(self, opcode, payload):
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)


class HTTP:
    """One keep-alive HTTP/1.1 connection that writes a request and reads its answer separately."""

    def __init__(self, host, port, token):
        self.host, self.port, self.token = host, port, token
        self.sock = socket.create_connection((host, port), timeout=TIMEOUT)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = Reader(self.sock)

    def send_scan(self, code):
        body = json.dumps({"code": code, "symbology": "EAN-13"}).encode()
        self.sock.sendall((f"POST /devices/scanner/scans HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                           f"Authorization: Bearer {self.token}\r\nContent-Type: application/json\r\n"
                           f"Content-Length: {len(body)}\r\n\r\n").encode() + body)

    def get(self, path):
        """A GET answered on this connection; returns the body."""
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                           f"Authorization: Bearer {self.token}\r\n\r\n").encode())
        while not self.answer_ready():
            self.reader.fill()
        head, _, rest = self.reader.buffer.partition(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length: *([0-9]+)", head).group(1))
        self.reader.buffer = rest[length:]
        return rest[:length]

    def answer_ready(self):
        head, sep, rest = self.reader.buffer.partition(b"\r\n\r\n")
        if not sep:
            return False
        match = re.search(rb"(?i)content-length: *([0-9]+)", head)
        return len(rest) >= (int(match.group(1)) if match else 0)

    def read_answer(self):
        head, _, rest = self.reader.buffer.partition(b"\r\n\r\n")
        match = re.search(rb"(?i)content-length: *([0-9]+)", head)
        length = int(match.group(1)) if match else 0
        self.reader.buffer = rest[length:]
        status = int(head.split(b" ", 2)[1])
        if status != 202:
            raise RuntimeError(f"POST /devices/scanner/scans answered {status}: {rest[:length]!r}")


def one_scan(http, ws, code):
    """Feeds `code`; returns nanoseconds until its `scan` event was read from the WebSocket."""
    started = time.perf_counter_ns()
    http.send_scan(code)
    answered, arrived = False, None
    deadline = time.monotonic() + TIMEOUT
    while not answered or arrived is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"scan {code}: no answer or no event within {TIMEOUT} s")
        waiting = ([] if answered else [http.sock]) + ([] if arrived is not None else [ws.sock])
        readable, _, _ = select.select(waiting, [], [], 1.0)
        if ws.sock in readable:
            ws.reader.fill()
            while arrived is None and ws.frame_ready():
                message = json.loads(ws.read_frame())
                if message.get("type") == "scan" and message.get("data", {}).get("code") == code:
                    arrived = time.perf_counter_ns()
        if http.sock in readable:
            http.reader.fill()
            if http.answer_ready():
                http.read_answer()
                answered = True
    return arrived - started


def one_serial_scan(master, ws, code):
    """Writes `code` CR LF to the scanner's pty; returns nanoseconds until its `scan` event arrived."""
    started = time.perf_counter_ns()
    os.write(master, code.encode() + b"\r\n")
    deadline = time.monotonic() + TIMEOUT
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError(f"scan {code}: no event within {TIMEOUT} s")
        while ws.frame_ready():
            message = json.loads(ws.read_frame())
            if message.get("type") == "scan" and message.get("data", {}).get("code") == code:
                return time.perf_counter_ns() - started
        readable, _, _ = select.select([ws.sock], [], [], 1.0)
        if readable:
            ws.reader.fill()


def percentile(sorted_samples, fraction):
    index = min(len(sorted_samples) - 1, max(0, int(round(fraction * len(sorted_samples) + 0.5)) - 1))
    return sorted_samples[index]


def main():
    arguments = sys.argv[1:]
    serial = "--serial" in arguments
    arguments = [argument for argument in arguments if argument != "--serial"]
    scans = int(arguments[0]) if len(arguments) > 0 else 2000
    warmup = int(arguments[1]) if len(arguments) > 1 else 200
    work = tempfile.mkdtemp(prefix="b9-scan-latency.")
    process = None
    try:
        if serial:
            process, host, port, token, master = start_run_with_serial_scanner(binary(), work)
            scan = lambda code: one_serial_scan(master, ws, code)
        else:
            process, host, port, token = start_demo(binary(), work)
            http = HTTP(host, port, token)
            scan = lambda code: one_scan(http, ws, code)
        ws = WebSocket(host, port, f"/events?access_token={token}")
        first = json.loads(ws.read_frame())
        if first.get("type") != "ready":
            raise RuntimeError(f"expected the 'ready' event first, got {first}")
        for index in range(warmup):
            scan(f"W{index:012d}")
        samples = sorted(scan(f"{index:013d}") for index in range(scans))
        micro = lambda ns: f"{ns / 1000:.0f} µs"
        load = open("/proc/loadavg").read().split()[0]
        path = "serial pty → run" if serial else "HTTP feed → demo"
        print(f"| {time.strftime('%Y-%m-%d', time.gmtime())} | {path} | {scans} | {micro(percentile(samples, 0.50))} | "
              f"{micro(percentile(samples, 0.90))} | {micro(percentile(samples, 0.99))} | {micro(samples[-1])} | {load} |")
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
