"""A raw JSON-RPC client for the language server: what a hostile or old editor sends, read
back message by message with a deadline (no LSP library in between to tidy it up)."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from typing import Any


class RawClient:
    """``python -m botoport.lsp.server`` on pipes."""

    def __init__(self, cwd: str | None = None, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "botoport.lsp.server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
            env={**os.environ, **(env or {})},
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while True:
            length = 0
            while (line := stdout.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            self.messages.put(json.loads(stdout.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        """Write one message as given (``jsonrpc`` added)."""
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def wait_for(self, match: Any, timeout: float = 30.0) -> dict[str, Any]:
        """The next message ``match(message)`` accepts (others are answered or skipped)."""
        while True:
            message = self.messages.get(timeout=timeout)
            if "method" in message and "id" in message:  # a request to the client
                self.send({"id": message["id"], "result": None})
            if match(message):
                return message

    def response(self, msg_id: int, timeout: float = 30.0) -> dict[str, Any]:
        """The answer to request ``msg_id``."""
        return self.wait_for(lambda m: m.get("id") == msg_id and "method" not in m, timeout)

    def initialize(
        self,
        root_uri: str | None,
        capabilities: dict[str, Any] | None = None,
        options: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """``initialize`` then ``initialized``; returns the initialize response."""
        self.send({"id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": root_uri, "capabilities": capabilities or {},
            "initializationOptions": options or {},
        }})  # fmt: skip
        answer = self.response(1)
        self.send({"method": "initialized", "params": {}})
        return answer

    def close(self) -> int:
        """Kill the server if it is still running; its exit status."""
        if self.process.poll() is None:
            self.process.kill()
        return self.process.wait(timeout=10)
