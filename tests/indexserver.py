"""A package index on 127.0.0.1 that the tests start, with the faults real indexes and proxies
show: credentials required, a maintenance page, a trickle, a malformed JSON page, yanked files."""

from __future__ import annotations

import base64
import hashlib
import http.server
import io
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


def wheel_bytes(files: dict[str, bytes]) -> bytes:
    """A zip holding ``files``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as wheel:
        for path, data in files.items():
            wheel.writestr(path, data)
    return buffer.getvalue()


@dataclass
class Index:
    """What the server answers; tests change it between requests."""

    wheels: dict[str, bytes] = field(default_factory=dict)  # version -> wheel
    yanked: set[str] = field(default_factory=set)
    credentials: tuple[str, str] | None = None
    page: bytes | None = None  # replaces the simple page (a proxy's error page)
    content_type: str = "text/html"
    trickle: float = 0.0  # seconds between bytes of a wheel
    requests: list[str] = field(default_factory=list)
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
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            index.requests.append(self.path)
            given = self.headers.get("Authorization")
            index.authorizations.append(given)
            if index.credentials is not None:
                token = base64.b64encode(":".join(index.credentials).encode()).decode()
                if given != f"Basic {token}":
                    self.send_response(401)
                    self.end_headers()
                    return
            if self.path.startswith("/simple/"):
                body = index.page if index.page is not None else index.simple_page()
                self._send(body, index.content_type)
            elif self.path.startswith("/files/botocore-"):
                version = self.path.split("-")[1]
                self._send(index.wheels[version], "application/octet-stream", index.trickle)
            else:
                self.send_response(404)
                self.end_headers()

        def _send(self, body: bytes, kind: str, trickle: float = 0.0) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
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
