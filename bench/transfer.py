"""Bytes a cold run moves, and how close warm starts come to the interpreter's, side by side.

A reverse proxy on 127.0.0.1 stands in front of the real package index and counts every body
byte it relays (simple pages are rewritten so that file downloads go through it too). Each cold
row runs ``botoport check`` as a command with an empty cache, its index URL pointed at the proxy.
Then, as medians of ``--repeat`` runs: the warm main job as a whole process beside
``python -c pass`` of the same interpreter, and ``botoport-lsp`` answering ``initialize``
beside a process that only imports pygls and lsprotocol.

    python bench/transfer.py [--repeat 5] [--skip-large]
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

UPSTREAM = "https://pypi.org"
ROWS = [
    ("README main job (1.42.84 -> 1.42.89)", ["--from", "1.42.84", "--to", "1.42.89"], 4.0),
    ("14-release range (1.42.70 -> 1.42.84)", ["--from", "1.42.70", "--to", "1.42.84"], 8.0),
    ("46-release range (1.35.36 -> 1.35.81)", ["--from", "1.35.36", "--to", "1.35.81"], 20.0),
]
_FORWARDED = ("Range", "Accept", "Accept-Encoding", "If-None-Match", "If-Modified-Since")


class Counter:
    """Body bytes relayed, by kind."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pages = self.files = self.requests = 0

    def add(self, kind: str, size: int) -> None:
        with self.lock:
            self.requests += 1
            if kind == "page":
                self.pages += size
            else:
                self.files += size


def proxy(counter: Counter) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start the counting proxy; returns it and its simple-index URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            base = f"http://127.0.0.1:{self.server.server_port}"
            if self.path.startswith("/f/"):
                url, kind = "https://" + self.path[3:], "file"
            else:
                url, kind = UPSTREAM + self.path, "page"
            headers = {h: self.headers[h] for h in _FORWARDED if self.headers.get(h)}
            request = urllib.request.Request(url, headers=headers)
            try:
                answer = urllib.request.urlopen(request, timeout=120)
                status, body, reply = answer.status, answer.read(), answer.headers
            except urllib.error.HTTPError as exc:
                status, body, reply = exc.code, exc.read(), exc.headers
            if kind == "page":
                body = re.sub(
                    rb"https://(files\.pythonhosted\.org)", f"{base}/f/".encode() + rb"\1", body
                )
            counter.add(kind, len(body))
            self.send_response(status)
            for name in (
                "Content-Type",
                "Content-Range",
                "ETag",
                "Last-Modified",
                "Content-Encoding",
            ):
                if reply.get(name) and not (kind == "page" and name == "Content-Encoding"):
                    self.send_header(name, reply[name])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/simple"


def rewrite(body: bytes, base: str, gzipped: bool) -> bytes:
    """A simple page with its file URLs pointed at the proxy (re-compressed if it was)."""
    text = gzip.decompress(body) if gzipped else body
    text = re.sub(rb"https://(files\.pythonhosted\.org)", f"{base}/f/".encode() + rb"\1", text)
    return gzip.compress(text, mtime=0) if gzipped else text


def botoport(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "botoport.cli", *args],
        capture_output=True, text=True, env={**os.environ, **env}, check=False,
    )  # fmt: skip


def median_seconds(command: list[str], repeat: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, env={**os.environ, **(env or {})}, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def lsp_initialize_seconds(repeat: int) -> float:
    """``botoport-lsp`` started and answering ``initialize`` (then told to exit)."""
    params = {"processId": None, "rootUri": None, "capabilities": {}}
    message = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params})
    exit_ = json.dumps({"jsonrpc": "2.0", "method": "exit"})
    payload = b"".join(
        b"Content-Length: %d\r\n\r\n%s" % (len(m), m.encode()) for m in (message, exit_)
    )
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "botoport.lsp.server"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert process.stdin and process.stdout
        process.stdin.write(payload[: payload.index(b"Content-Length", 1)])
        process.stdin.flush()
        header = process.stdout.readline()
        length = int(header.split(b":")[1])
        process.stdout.readline()
        process.stdout.read(length)
        times.append(time.perf_counter() - started)
        process.stdin.write(payload[payload.index(b"Content-Length", 1) :])
        process.stdin.close()
        process.wait(timeout=30)
    return statistics.median(times)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-large", action="store_true", help="leave out the 46-release row")
    args = parser.parse_args()
    counter = Counter()
    server, index_url = proxy(counter)
    print(
        f"{'cold run, empty cache':<42} {'MB moved':>9} {'lists':>6} {'files':>6} {'goal':>6} "
        f"{'requests':>9} {'s':>6}"
    )
    for name, range_args, goal in ROWS[:2] if args.skip_large else ROWS:
        with tempfile.TemporaryDirectory() as cache:
            before = (counter.pages, counter.files, counter.requests)
            started = time.perf_counter()
            done = botoport("check", *range_args, env={
                "BOTOPORT_CACHE_DIR": cache, "BOTOPORT_INDEX_URL": index_url})  # fmt: skip
            seconds = time.perf_counter() - started
            pages, files = (counter.pages - before[0]) / 1e6, (counter.files - before[1]) / 1e6
            requests = counter.requests - before[2]
            status = done.stdout.strip().splitlines()[-1] if done.stdout else done.stderr.strip()
            print(
                f"{name:<42} {pages + files:>9.2f} {pages:>6.2f} {files:>6.2f} {goal:>6.1f} "
                f"{requests:>9} {seconds:>6.1f}  {status}"
            )
    server.shutdown()
    with tempfile.TemporaryDirectory() as cache:
        env = {"BOTOPORT_CACHE_DIR": cache}
        botoport("check", "--from", "1.42.84", "--to", "1.42.89", env=env)  # fill the cache
        warm = median_seconds(
            [sys.executable, "-m", "botoport.cli", "check", "--from", "1.42.84", "--to", "1.42.89"],
            args.repeat, env,
        )  # fmt: skip
    floor = median_seconds([sys.executable, "-c", "pass"], args.repeat)
    print(
        f"\n{'warm main job, whole process':<42} {warm * 1e3:>7.0f} ms  "
        f"floor python -c pass {floor * 1e3:.0f} ms  ratio {warm / floor:.1f}x (goal <= 3x)"
    )
    lsp = lsp_initialize_seconds(args.repeat)
    imports = median_seconds(
        [sys.executable, "-c", "import pygls.lsp.server, lsprotocol.types"], args.repeat
    )
    print(
        f"{'botoport-lsp answers initialize':<42} {lsp * 1e3:>7.0f} ms  "
        f"floor import pygls+lsprotocol {imports * 1e3:.0f} ms  ratio {lsp / imports:.2f}x "
        "(goal <= 1.3x)"
    )


if __name__ == "__main__":
    main()
