"""A package index on 127.0.0.1 that the tests start, with the faults real indexes and proxies
show: credentials required, a maintenance page, a trickle, a malformed JSON page, yanked files."""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.server
import io
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


def wheel_bytes(files: dict[str, bytes], version: str = "1.0.0") -> bytes:
    """A botocore wheel holding ``files`` and a ``RECORD`` listing their sha256 (deflated, as
    real wheels are)."""
    record = [f"{path},sha256={_urlsafe_sha256(data)},{len(data)}" for path, data in files.items()]
    record.append(f"botocore-{version}.dist-info/RECORD,,")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files.items():
            wheel.writestr(path, data)
        wheel.writestr(f"botocore-{version}.dist-info/RECORD", "\n".join(record) + "\n")
    return buffer.getvalue()


def _urlsafe_sha256(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).decode().rstrip("=")


@dataclass
class Index:
    """What the server answers; tests change it between requests."""

    wheels: dict[str, bytes] = field(default_factory=dict)  # version -> wheel
    yanked: set[str] = field(default_factory=set)
    credentials: tuple[str, str] | None = None
    page: bytes | None = None  # replaces the simple page (a proxy's error page)
    content_type: str = "text/html"
    trickle: float = 0.0  # seconds between bytes of a wheel
    ranges: bool = False  # honour Range requests (206), as PyPI does
    redirect_loop: bool = False  # the simple page redirects to itself
    lie: bytes | None = None  # in ranged answers, replace these bytes (a proxy that lies)
    requests: list[str] = field(default_factory=list)
    ranged: list[str] = field(default_factory=list)  # the Range headers of wheel requests
    sent: int = 0  # wheel bytes sent
    not_modified: int = 0  # release lists answered 304
    connections: set[tuple[str, int]] = field(default_factory=set)  # distinct client sockets
    authorizations: list[str | None] = field(default_factory=list)

    def simple_page(self) -> bytes:
        links = []
        for version, data in self.wheels.items():
            name = f"botocore-{version}-py3-none-any.whl"
            sha = hashlib.sha256(data).hexdigest()
            yank = " data-yanked=''" if version in self.yanked else ""
            links.append(f'<a href="/files/{name}#sha256={sha}"{yank}>{name}</a>')
        return ("<html><body>" + "".join(links) + "</body></html>").encode()


def _handler(index: Index) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # connections kept alive, as real indexes do

        def log_message(self, *args: object) -> None:
            pass

        def end_headers(self) -> None:
            sent = getattr(self, "_headers_buffer", [])  # http.server's own, not typed
            if not sent or b"Content-Length" not in b"".join(sent):
                self.send_header("Content-Length", "0")
            super().end_headers()

        def do_GET(self) -> None:
            index.requests.append(self.path)
            index.connections.add(self.client_address)
            given = self.headers.get("Authorization")
            index.authorizations.append(given)
            if index.credentials is not None:
                token = base64.b64encode(":".join(index.credentials).encode()).decode()
                if given != f"Basic {token}":
                    self.send_response(401)
                    self.end_headers()
                    return
            if self.path.startswith("/simple/") and index.redirect_loop:
                self.send_response(302)
                self.send_header("Location", self.path)
                self.end_headers()
                return
            if self.path.startswith("/simple/"):
                body = index.page if index.page is not None else index.simple_page()
                etag = f'"{hashlib.sha1(body).hexdigest()}"'
                if self.headers.get("If-None-Match") == etag:
                    index.not_modified += 1
                    self.send_response(304)
                    self.end_headers()
                    return
                gzipped = "gzip" in self.headers.get("Accept-Encoding", "")
                self._send(
                    gzip.compress(body) if gzipped else body,
                    index.content_type,
                    headers={"ETag": etag, **({"Content-Encoding": "gzip"} if gzipped else {})},
                )
            elif self.path.startswith("/files/botocore-"):
                wheel = index.wheels[self.path.split("-")[1]]
                asked = self.headers.get("Range")
                if index.ranges and asked:
                    index.ranged.append(asked)
                    self._send_range(wheel, asked)
                else:
                    index.sent += len(wheel)
                    self._send(wheel, "application/octet-stream", index.trickle)
            else:
                self.send_response(404)
                self.end_headers()

        def _send_range(self, wheel: bytes, asked: str) -> None:
            first, _, last = asked.removeprefix("bytes=").partition("-")
            if not first:  # bytes=-N: the last N bytes
                start, end = max(0, len(wheel) - int(last)), len(wheel)
            else:
                start, end = int(first), min(len(wheel), int(last) + 1)
            body = wheel[start:end]
            if index.lie:
                body = body.replace(index.lie, bytes(len(index.lie)))
            index.sent += len(body)
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end - 1}/{len(wheel)}")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _send(
            self,
            body: bytes,
            kind: str,
            trickle: float = 0.0,
            headers: dict[str, str] | None = None,
        ) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if not trickle:
                self.wfile.write(body)
                return
            for byte in body[:50]:  # bounded: the client gives up long before
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(trickle)

    return Handler


@contextmanager
def serving(index: Index) -> Iterator[str]:
    """Serve ``index``; yields ``http://127.0.0.1:PORT`` and stops the server afterwards."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(index))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
