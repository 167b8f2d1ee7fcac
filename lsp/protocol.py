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


class _Snapshots(dict[Any, Any]):
    """pygls's table of pending requests. Its ``shutdown`` cancels each while iterating over
    the table, and a cancelled thread future's callback removes itself from it at once
    ("dictionary changed size during iteration"): iteration goes over a copy."""

    def items(self) -> Any:
        return list(super().items())


class BotoportProtocol(LanguageServerProtocol):
    """The language server's JSON-RPC protocol (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._request_futures = _Snapshots()

    def structure_message(self, data: dict[str, Any]) -> Any:
        """pygls's deserialisation; a request it cannot read is answered with an error (a
        malformed ``id`` — JSON-RPC allows a string or a number — with InvalidRequest)."""
        request_id = data.get("id")
        if "method" in data and (
            isinstance(request_id, bool) or not isinstance(request_id, str | int | None)
        ):
            invalid = JsonRpcInvalidRequest("a request id is a string or a number")
            answer = {"code": invalid.code, "message": invalid.message}
            # JSON-RPC: the id of a request whose id cannot be read is null, written out.
            self._send_data({"jsonrpc": "2.0", "id": None, "error": answer})
            return _ANSWERED
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
