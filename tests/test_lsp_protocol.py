"""The language server under a raw JSON-RPC client: every request answered, shutdown and exit
as the LSP specification says, bad URIs and roots survived, old clients' missing capabilities
honoured (issue: faults and bad input)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.rawlsp import RawClient
from tests.sample import AIO_FILES

HOVER = {"textDocument": {"uri": "file:///x.py"}, "position": {"line": 0, "character": 0}}


@pytest.fixture
def raw() -> Iterator[RawClient]:
    client = RawClient()
    yield client
    client.close()


@pytest.mark.parametrize(
    "params",
    [None, {}, {"textDocument": {"uri": 5}, "position": {"line": "x"}}],
    ids=["null", "empty", "wrong-types"],
)
def test_requests_with_bad_params_are_answered(raw: RawClient, params) -> None:
    raw.initialize(None)
    raw.send({"id": 7, "method": "textDocument/hover", "params": params})
    answer = raw.response(7, timeout=10)
    assert answer["error"]["code"] == -32602


def test_shutdown_then_requests_then_exit(raw: RawClient) -> None:
    raw.initialize(None)
    raw.send({"id": 2, "method": "shutdown"})
    assert raw.response(2)["result"] is None
    raw.send({"id": 3, "method": "textDocument/hover", "params": HOVER})
    assert raw.response(3, timeout=10)["error"]["code"] == -32600
    raw.send({"method": "exit"})
    assert raw.process.wait(timeout=10) == 0


def test_exit_without_shutdown_is_status_1(raw: RawClient) -> None:
    raw.initialize(None)
    raw.send({"method": "exit"})
    assert raw.process.wait(timeout=10) == 1


def test_unknown_and_looping_uris_answer_without_a_traceback(
    raw: RawClient, tmp_path: Path
) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    answer = raw.initialize(loop.as_uri())  # a workspace root that is a symlink loop
    assert "capabilities" in answer["result"]
    for msg_id, uri in ((4, (tmp_path / "missing.py").as_uri()), (5, (loop / "x.py").as_uri())):
        raw.send({"id": msg_id, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}})  # fmt: skip
        assert raw.response(msg_id, timeout=30) == {"jsonrpc": "2.0", "id": msg_id, "result": None}


def test_show_source_without_show_document_support_shows_a_message(
    raw: RawClient, aio_repo: Path, clone: Path
) -> None:
    root = aio_repo
    # Neovim 0.7 declares no window.showDocument.
    options = {"botocoreClone": str(clone), "target": "1.0.2"}
    raw.initialize(root.as_uri(), {"window": {}}, options)
    raw.send({"id": 9, "method": "workspace/executeCommand", "params": {
        "command": "botoport.showBotocoreSource",
        "arguments": ["botocore/retries/standard.py", "1.0.1", 2]}})  # fmt: skip
    shown = raw.wait_for(
        lambda m: m.get("method") == "window/showMessage" and "botocore 1.0.1" in str(m)
    )
    assert "botocore/retries/standard.py:2 is at " in shown["params"]["message"]
    assert raw.response(9)["result"] is True
    assert not any(m.get("method") == "window/showDocument" for m in list(raw.messages.queue))


def did_open(raw: RawClient, uri: str, text: str) -> None:
    raw.send({"method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": text}}})  # fmt: skip


def test_exit_does_not_wait_for_a_long_computation(
    raw: RawClient, aio_repo: Path, clone: Path
) -> None:
    root = aio_repo
    raw.initialize(root.as_uri(), {}, {"botocoreClone": str(clone), "target": "1.0.2"})
    # Under the size limit, yet seconds of work for the one worker thread.
    long = AIO_FILES["aiobotocore/client.py"] + "x = 1\n" * 150_000
    did_open(raw, (root / "aiobotocore/client.py").as_uri(), long)
    raw.send({"id": 2, "method": "shutdown"})
    raw.response(2, timeout=60)
    raw.send({"method": "exit"})
    assert raw.process.wait(timeout=30) == 0
    # The process ended before the document's computation could publish anything.
    published = [m for m in list(raw.messages.queue) if "publishDiagnostics" in str(m)]
    assert published == []


def test_a_huge_document_is_declined_and_others_still_answer(
    raw: RawClient, aio_repo: Path, clone: Path
) -> None:
    root = aio_repo
    raw.initialize(root.as_uri(), {}, {"botocoreClone": str(clone), "target": "1.0.2"})
    huge_uri = (root / "aiobotocore/client.py").as_uri()
    did_open(raw, huge_uri, AIO_FILES["aiobotocore/client.py"] + "x = 1\n" * 1_300_000)
    declined = raw.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    [info] = declined["params"]["diagnostics"]
    assert info["code"] == "too-large" and info["severity"] == 3
    standard = root / "aiobotocore/retries/standard.py"
    did_open(raw, standard.as_uri(), standard.read_text())
    where = {"textDocument": {"uri": standard.as_uri()}, "position": {"line": 4, "character": 10}}
    raw.send({"id": 3, "method": "textDocument/hover", "params": where})
    hover = raw.response(3, timeout=30)
    assert "RetryPolicy.should_retry" in hover["result"]["contents"]["value"]


SHOW = {"command": "botoport.showBotocoreSource",
        "arguments": ["botocore/retries/standard.py", "1.0.1", 2]}  # fmt: skip
SHOWS_DOCUMENTS = {"window": {"showDocument": {"support": True}}}


def ask_to_show_source(raw: RawClient, root: Path, clone: Path) -> None:
    """A client that shows documents asks for botocore's source (request 9)."""
    raw.initialize(root.as_uri(), SHOWS_DOCUMENTS, {"botocoreClone": str(clone), "target": "1.0.2"})
    raw.send({"id": 9, "method": "workspace/executeCommand", "params": SHOW})


def test_show_source_answered_when_the_client_answers_show_document_with_null(
    raw: RawClient, aio_repo: Path, clone: Path
) -> None:
    ask_to_show_source(raw, aio_repo, clone)
    # wait_for answers the server's window/showDocument with null, as some clients do.
    assert raw.response(9)["result"] is False
    raw.send({"id": 10, "method": "shutdown"})
    assert raw.response(10)["result"] is None
    raw.send({"method": "exit"})
    assert raw.process.wait(timeout=10) == 0


def test_shutdown_while_the_client_never_answers_show_document(
    raw: RawClient, aio_repo: Path, clone: Path
) -> None:
    ask_to_show_source(raw, aio_repo, clone)
    while raw.messages.get(timeout=30).get("method") != "window/showDocument":
        pass  # left unanswered
    raw.send({"id": 10, "method": "shutdown"})
    answers = {}
    while 10 not in answers:
        message = raw.messages.get(timeout=30)
        if "id" in message and "method" not in message:
            answers[message["id"]] = message
    assert answers[10] == {"jsonrpc": "2.0", "id": 10, "result": None}
    raw.send({"method": "exit"})
    assert raw.process.wait(timeout=10) == 0


@pytest.mark.parametrize("bad_id", [{"a": 1}, [1], True, 1.5])
def test_a_request_with_a_malformed_id_is_an_invalid_request(raw: RawClient, bad_id) -> None:
    raw.initialize(None)
    raw.send({"id": bad_id, "method": "textDocument/hover", "params": HOVER})
    answer = raw.wait_for(lambda m: "error" in m)
    assert answer["error"]["code"] == -32600 and answer["id"] is None
    assert "Traceback" not in str(answer)


def test_a_client_that_cannot_watch_files_still_sees_the_bound_move(
    raw: RawClient, aio_repo: Path, clone: Path
) -> None:
    """Neovim 0.7 neither watches files nor opens pyproject.toml: the server looks itself."""
    pyproject = aio_repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("< 1.0.2", "< 1.0.3"))  # TO 1.0.2
    raw.initialize(aio_repo.as_uri(), {}, {"botocoreClone": str(clone)})
    standard = aio_repo / "aiobotocore/retries/standard.py"
    did_open(raw, standard.as_uri(), standard.read_text())

    def diagnosed(bump: str):
        return lambda m: m.get("method") == "textDocument/publishDiagnostics" and bump in str(m)

    raw.wait_for(diagnosed("1.0.1 -> 1.0.2"))
    pyproject.write_text(pyproject.read_text().replace("< 1.0.3", "< 1.0.4"))  # TO 1.0.3
    raw.wait_for(diagnosed("1.0.1 -> 1.0.3"), timeout=10)


@pytest.mark.parametrize(
    ("capabilities", "kind"),
    [({"window": {"workDoneProgress": True}}, "progress"), ({}, "message")],
    ids=["a-client-that-shows-progress", "a-client-that-does-not"],
)
def test_a_long_analysis_shows_signs_of_life(aio_repo, clone, capabilities, kind) -> None:
    """Past BOTOPORT_LSP_QUIET_SECONDS (one second; none here) of work on the range, the
    editor hears of it: progress where it shows progress, else one message."""
    raw = RawClient(env={"BOTOPORT_LSP_QUIET_SECONDS": "0"})
    try:
        raw.initialize(aio_repo.as_uri(), capabilities, {"botocoreClone": str(clone)})
        if kind == "progress":
            created = raw.wait_for(lambda m: m.get("method") == "window/workDoneProgress/create")
            token = created["params"]["token"]
            for stage in ("begin", "end"):
                raw.wait_for(
                    lambda m, stage=stage: (
                        m.get("method") == "$/progress"
                        and m["params"]["token"] == token
                        and m["params"]["value"]["kind"] == stage
                    )
                )
        else:
            shown = raw.wait_for(lambda m: m.get("method") == "window/showMessage")
            assert "classifying the botocore range" in shown["params"]["message"]
    finally:
        raw.close()
