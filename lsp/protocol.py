"""pygls's protocol with the JSON-RPC promises a client relies on: every request gets an
answer — invalid or null params an ``InvalidParams`` error, a request after ``shutdown`` an
``InvalidRequest`` error — instead of silence that leaves the client waiting forever."""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcInvalidRequest
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import RPCRequest

_ANSWERED = object()  # a message already answered with an error: nothing more to do


class BotoportProtocol(LanguageServerProtocol):
    """The language server's JSON-RPC protocol (see the module docstring)."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        """pygls's deserialisation; a request it cannot read is answered with an error."""
        try:
            return super().structure_message(data)
        except JsonRpcException:
            if "id" not in data or "method" not in data:
                raise
            error = JsonRpcInvalidParams(f"invalid params for {data['method']}")
            self._send_response(data["id"], None, error.to_response_error())
            return _ANSWERED

    def handle_message(self, message: Any) -> None:
        """pygls's dispatch, after answering what it would leave unanswered."""
        if message is _ANSWERED:
            return
        if self._shutdown and isinstance(message, RPCRequest) and message.method != types.EXIT:
            error = JsonRpcInvalidRequest("the server is shut down: only 'exit' is accepted")
            self._send_response(message.id, None, error.to_response_error())
            return
        super().handle_message(message)
