"""``botoport-lsp`` end to end: a real pytest-lsp client talks to the real server over stdio,
with the capabilities of Neovim (pull diagnostics, UTF-8 positions) and VS Code (push
diagnostics, UTF-16 positions), in an aiobotocore-shaped git repository built here."""

from __future__ import annotations

import ast
import asyncio
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.gitrepos import git, write_tree
from tests.runners import new_digest
from tests.sample import AIO_FILES

pytestmark = pytest.mark.asyncio

STANDARD = "aiobotocore/retries/standard.py"
CLIENT = "aiobotocore/client.py"
# The def line carries an astral character so that UTF-8, UTF-16 and UTF-32 columns differ.
OVERRIDE = AIO_FILES[STANDARD].replace(
    "should_retry(self, context):", "should_retry(self, context):  # \U0001d4b3 mirrors botocore"
)
PORTED = OVERRIDE.replace("        return False\n", "        return context.attempt < 3\n", 1)
# The port done, plus a log line botocore does not have: behavioral drift.
LOGGED = PORTED.replace(
    "        return context.attempt < 3\n",
    "        logger.info('retry?')\n        return context.attempt < 3\n",
)
RAISED = AIO_FILES["pyproject.toml"].replace("< 1.0.2", "< 1.0.3")
CLIENTS = {"neovim": "neovim@v0.11.0", "vscode": "visual_studio_code@v1.65.2"}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """HEAD admits botocore < 1.0.2; the working tree raised the bound to < 1.0.3."""
    root = tmp_path / "aiobotocore"
    write_tree(root, {**AIO_FILES, STANDARD: OVERRIDE})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "aiobotocore")
    write_tree(root, {"pyproject.toml": RAISED})
    return root


@dataclass
class EditorState:
    """What the test editor learnt from the server: its registrations and position encoding."""

    registrations: list[types.Registration] = field(default_factory=list)
    encoding: str = "utf-16"
    disabled_support: bool = False


EDITORS: dict[LanguageClient, EditorState] = {}


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "botoport.lsp.server"]),
    params=sorted(CLIENTS),
)
async def client(lsp_client: LanguageClient, request, workspace: Path, clone: Path):
    params = types.InitializeParams(
        capabilities=client_capabilities(CLIENTS[request.param]),
        root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="aiobotocore")],
        initialization_options={"botocoreClone": str(clone), **settings(request)},
    )
    state = EDITORS[lsp_client] = EditorState()
    action = params.capabilities.text_document and params.capabilities.text_document.code_action
    state.disabled_support = bool(action and action.disabled_support)
    if marker := request.node.get_closest_marker("configuration"):
        lsp_client.set_configuration(dict(marker.kwargs), section="botoport")

    # What an editor does on client/registerCapability (the test client has no handler).
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def _register(params: types.RegistrationParams) -> None:
        state.registrations.extend(params.registrations)

    result = await lsp_client.initialize_session(params)
    state.encoding = result.capabilities.position_encoding or "utf-16"
    yield
    await lsp_client.shutdown_session()


def settings(request) -> dict[str, str]:
    """Initialization options a test asks for with ``@pytest.mark.settings(...)``."""
    marker = request.node.get_closest_marker("settings")
    return dict(marker.kwargs) if marker else {}


def open_file(client: LanguageClient, root: Path, path: str, text: str | None = None) -> str:
    uri = (root / path).as_uri()
    text = (root / path).read_text() if text is None else text
    item = types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    return uri


def edit(client: LanguageClient, uri: str, text: str, version: int = 2) -> None:
    change = types.TextDocumentContentChangeWholeDocument(text=text)
    doc = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(text_document=doc, content_changes=[change])
    )


def rewrite_pyproject(client: LanguageClient, root: Path, text: str) -> None:
    """Write the workspace's pyproject.toml and tell the server, as a file watcher would."""
    pyproject = root / "pyproject.toml"
    pyproject.write_text(text)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=pyproject.as_uri(), type=types.FileChangeType.Changed)]
        )
    )


async def only_message(client: LanguageClient) -> types.ShowMessageParams:
    """The one window/showMessage the server sends (waiting up to five seconds for it)."""
    for _ in range(100):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    [message] = client.messages
    return message


def pulls(client: LanguageClient) -> bool:
    caps = client.capabilities.text_document if client.capabilities else None
    return caps is not None and caps.diagnostic is not None


async def diagnostics(
    client: LanguageClient,
    uri: str,
    until: Callable[[Sequence[types.Diagnostic]], bool] = lambda d: True,
    timeout: float = 30.0,
) -> list[types.Diagnostic]:
    """The document's diagnostics once ``until`` holds, pulled or pushed as the client does."""
    deadline = asyncio.get_running_loop().time() + timeout
    found: Sequence[types.Diagnostic] | None
    while True:
        if pulls(client):
            report = await client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
            )
            assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
            found = report.items
        else:
            found = client.diagnostics.get(uri)
        if found is not None and until(found):
            return list(found)
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"diagnostics of {uri} never satisfied the test: {found}")
        await asyncio.sleep(0.05)


def column_units(text: str, encoding: str) -> int:
    """Length of ``text`` in the code units of an LSP position encoding."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


async def test_port_warning_on_the_override_then_cleared_by_the_port(client, workspace):
    uri = open_file(client, workspace, STANDARD)
    [found] = await diagnostics(client, uri, lambda d: len(d) == 1)
    assert found.severity == types.DiagnosticSeverity.Warning
    assert found.range.start.line == 4  # `async def should_retry` (0-based)
    assert "port-required" in found.message and "1.0.1 -> 1.0.2" in found.message
    assert "introduced in 1.0.2" in found.message
    assert "1 upstream lines not yet ported" in found.message
    def_line = OVERRIDE.splitlines()[4]
    assert found.range.start.character == column_units(
        def_line[: def_line.index("should")], "utf-8"
    )
    assert found.range.end.character == column_units(def_line, EDITORS[client].encoding)
    edit(client, uri, PORTED)
    assert await diagnostics(client, uri, lambda d: not d) == []


async def test_diagnostics_move_when_the_bound_moves(client, workspace):
    uri = open_file(client, workspace, CLIENT)
    assert await diagnostics(client, uri) == []
    rewrite_pyproject(client, workspace, AIO_FILES["pyproject.toml"].replace("< 1.0.2", "< 1.1.1"))
    [found] = await diagnostics(client, uri, lambda d: len(d) == 1)
    assert found.range.start.line == 3  # class AioClientCreator: the override to add
    assert "`ClientCreator._make`" in found.message and "`_make`" in found.message
    watched = client.capabilities.workspace.did_change_watched_files
    if watched and watched.dynamic_registration:
        [registration] = EDITORS[client].registrations
        assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES


@pytest.mark.configuration(target="1.1.0")
async def test_target_setting_from_workspace_configuration(client, workspace):
    uri = open_file(client, workspace, CLIENT)
    [found] = await diagnostics(client, uri, lambda d: len(d) == 1)
    assert "1.0.1 -> 1.1.0" in found.message


async def test_newest_edit_wins(client, workspace):
    uri = open_file(client, workspace, STANDARD)
    await diagnostics(client, uri, lambda d: len(d) == 1)
    for version, text in enumerate([OVERRIDE, PORTED, OVERRIDE, PORTED], start=2):
        edit(client, uri, text, version)
    # Only the last edit (the finished port) clears the diagnostic; a dropped edit leaves it.
    await diagnostics(client, uri, lambda d: len(d) == 0)
    await asyncio.sleep(0.3)
    assert await diagnostics(client, uri) == [], "an older edit's result replaced the newest"


async def test_drift_of_an_edit_shows_beside_port_diagnostics(client, workspace):
    uri = open_file(client, workspace, STANDARD)
    await diagnostics(client, uri, lambda d: len(d) == 1)
    edit(client, uri, LOGGED)
    [found] = await diagnostics(client, uri, lambda d: len(d) == 1 and d[0].range.start.line == 5)
    assert found.code == "behavioral-drift"
    assert found.severity == types.DiagnosticSeverity.Warning
    assert "logging not in botocore" in found.message


async def test_unparseable_document_keeps_its_last_diagnostics(client, workspace):
    uri = open_file(client, workspace, STANDARD)
    before = await diagnostics(client, uri, lambda d: len(d) == 1)
    edit(client, uri, OVERRIDE + "def broken(:\n")
    await asyncio.sleep(0.3)
    assert await diagnostics(client, uri) == before


async def test_diagnostics_of_a_broken_buffer_move_with_the_edits(client, workspace):
    uri = open_file(client, workspace, STANDARD)
    [before] = await diagnostics(client, uri, lambda d: len(d) == 1)
    # Two lines above the override, and a syntax error below it: the warning moves down two.
    edit(client, uri, "import os\nimport sys\n" + OVERRIDE + "def broken(:\n")
    [moved] = await diagnostics(client, uri, lambda d: len(d) == 1 and d[0].range != before.range)
    assert moved.range.start.line == before.range.start.line + 2
    assert (moved.message, moved.range.start.character) == (
        before.message,
        before.range.start.character,
    )
    # An edit of the def line itself: what the warning said may be gone, so it is dropped.
    renamed = OVERRIDE.replace("def should_retry(", "def should_retry_(")
    edit(client, uri, renamed + "def broken(:\n", version=3)
    assert await diagnostics(client, uri, lambda d: len(d) == 0) == []


async def test_hover_shows_the_upstream_diff(client, workspace):
    open_file(client, workspace, STANDARD)
    uri = (workspace / STANDARD).as_uri()
    hover = await hover_at(client, uri, line=4)  # the override's def line
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "```diff" in hover.contents.value
    assert "-        return False" in hover.contents.value
    assert "+        return context.attempt < 3" in hover.contents.value
    assert await hover_at(client, uri, line=5) is None  # nothing at every stop in the body


async def hover_at(client: LanguageClient, uri: str, line: int) -> types.Hover | None:
    """The hover at column 10 of ``line`` (0-based)."""
    return await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=10),
        )
    )


async def code_actions(client: LanguageClient, uri: str, line: int) -> list[Any]:
    """The code actions the server offers at the start of ``line`` (0-based)."""
    where = types.Range(types.Position(line, 0), types.Position(line, 0))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=where,
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    return list(actions or [])


async def test_code_actions_add_digests_and_open_botocore_source(client, workspace, clone):
    uri = open_file(client, workspace, STANDARD)
    actions = await code_actions(client, uri, line=4)
    titles = [a.title for a in actions]
    [digests] = [a for a in actions if "digests" in a.title]
    [edits] = digests.edit.changes.values()
    assert "tests/test_patches.py" in next(iter(digests.edit.changes))
    digest = new_digest(clone, workspace, "standard.RetryPolicy.should_retry", "1.0.2")
    assert digest in edits[0].new_text
    assert digest not in (workspace / "tests/test_patches.py").read_text()
    [show] = [a for a in actions if a.command is not None]
    assert show.title == "botoport: open botocore RetryPolicy.should_retry at 1.0.2", titles
    # lsprotocol's client side reads a code action that carries a command as a Command whose
    # `command` is the text of the nested command object; editors read the JSON as sent.
    if isinstance(show, types.Command):
        command = ast.literal_eval(show.command)
    else:
        command = {"command": show.command.command, "arguments": show.command.arguments}
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=command["command"], arguments=command["arguments"])
    )
    [shown] = client.shown_documents
    assert shown.uri.endswith("sources/1.0.2/botocore/retries/standard.py")
    assert "return context.attempt < 3" in Path(shown.uri.removeprefix("file://")).read_text()
    assert shown.selection.start.line == 1


async def test_code_action_applies_botocores_change(client, workspace):
    uri = open_file(client, workspace, STANDARD)
    actions = await code_actions(client, uri, line=4)
    [port] = [a for a in actions if "apply botocore's change" in a.title]
    assert port.title == "botoport: apply botocore's change to RetryPolicy.should_retry"
    assert port.is_preferred
    [(target, changes)] = port.edit.changes.items()
    assert target == uri
    # Whole lines, as `port --write` writes them: the override keeps its async and comment.
    merged = apply_edits(OVERRIDE, changes)
    assert merged == OVERRIDE.replace("return False", "return context.attempt < 3")
    # Applied, the port is covered: the diagnostic goes, and so does the action.
    edit(client, uri, merged)
    assert await diagnostics(client, uri, lambda d: len(d) == 0) == []
    actions = await code_actions(client, uri, line=4)
    assert not [a for a in actions if "apply botocore's change" in a.title]


async def test_the_port_action_on_a_crlf_buffer_keeps_crlf(client, workspace):
    crlf = OVERRIDE.replace("\n", "\r\n")
    uri = open_file(client, workspace, STANDARD, crlf)
    actions = await code_actions(client, uri, line=4)
    [port] = [a for a in actions if "apply botocore's change" in a.title]
    [(_, changes)] = port.edit.changes.items()
    merged = apply_edits(crlf, changes)
    assert merged == PORTED.replace("\n", "\r\n")


async def test_a_port_that_cannot_be_written_is_offered_disabled_with_why(client, workspace):
    """The override holds botocore's line changed its own way: the merge conflicts. A client
    that shows disabled actions (VS Code) gets the action disabled with the reason; one that
    does not (Neovim) gets none, the reason on the diagnostic, and the source action."""
    conflicting = OVERRIDE.replace("return False", "return self._aio_only()")
    uri = open_file(client, workspace, STANDARD, conflicting)
    actions = await code_actions(client, uri, line=4)
    ports = [a for a in actions if "apply botocore's change" in a.title]
    assert any("open botocore" in a.title for a in actions)
    if client_declares_disabled_support(client):
        [port] = ports
        assert port.edit is None
        assert port.disabled.reason.startswith("not written: @@ botocore lines")
    else:  # the reason goes on the override's diagnostic instead
        assert ports == []

        def said_why(found: Sequence[types.Diagnostic]) -> bool:
            return any(d.code == "port-required" and d.related_information for d in found)

        found = await diagnostics(client, uri, said_why)
        [port_required] = [d for d in found if d.code == "port-required"]
        [said] = port_required.related_information or []
        assert said.message.startswith("not written: @@ botocore lines")


def client_declares_disabled_support(client: LanguageClient) -> bool:
    """Whether the test client (by the capabilities it was started with) shows disabled
    actions."""
    return EDITORS[client].disabled_support


def apply_edits(text: str, changes: list[types.TextEdit]) -> str:
    """``text`` with whole-line edits applied (from the last, so earlier lines keep their
    numbers)."""
    lines = text.splitlines(keepends=True)
    for change in sorted(changes, key=lambda c: c.range.start.line, reverse=True):
        assert change.range.start.character == change.range.end.character == 0
        lines[change.range.start.line : change.range.end.line] = [change.new_text]
    return "".join(lines)


@pytest.mark.settings(botocoreClone="/nonexistent/botocore")
async def test_unreachable_source_is_one_message_not_a_crash(client, workspace):
    uri = open_file(client, workspace, STANDARD)
    message = await only_message(client)
    assert message.type == types.MessageType.Error
    assert "/nonexistent/botocore is not a git repository" in message.message
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=5, character=10),
        )
    )
    assert hover is None  # the server is still up and answering


async def test_bad_pyproject_is_one_message_and_keeps_diagnostics(client, workspace):
    uri = open_file(client, workspace, STANDARD)
    before = await diagnostics(client, uri, lambda d: len(d) == 1)
    rewrite_pyproject(
        client, workspace, '[project]\nname = "aiobotocore"\ndependencies = ["botocore >= one"]\n'
    )
    message = await only_message(client)
    assert message.type == types.MessageType.Error
    assert "pyproject.toml" in message.message
    if not pulls(client):  # what the editor shows stays as it was
        assert list(client.diagnostics[uri]) == before


async def test_a_commit_moves_the_drift_baseline(client, workspace):
    uri = open_file(client, workspace, STANDARD)
    await diagnostics(client, uri, lambda d: len(d) == 1)
    edit(client, uri, LOGGED)
    await diagnostics(client, uri, lambda d: [x.code for x in d] == ["behavioral-drift"])
    write_tree(workspace, {STANDARD: LOGGED})
    git(workspace, "commit", "-qam", "log the retry")
    edit(client, uri, LOGGED, version=3)
    assert await diagnostics(client, uri, lambda d: not d) == []


async def test_configuration_change_moves_the_range(client, workspace):
    uri = open_file(client, workspace, CLIENT)
    assert await diagnostics(client, uri) == []
    client.set_configuration({"target": "1.1.0"}, section="botoport")
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"botoport": {"target": "1.1.0"}})
    )
    [found] = await diagnostics(client, uri, lambda d: len(d) == 1)
    assert "1.0.1 -> 1.1.0" in found.message


async def test_a_bad_setting_is_named_and_the_last_analysis_stays_in_force(client, workspace):
    """Diagnostics, hover and actions alike keep answering from the last good analysis."""
    uri = open_file(client, workspace, STANDARD)
    before = await diagnostics(client, uri, lambda d: len(d) == 1)
    client.set_configuration({"target": "not-a-version"}, section="botoport")
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"botoport": {"target": "not-a-version"}})
    )
    message = await only_message(client)
    assert "the editor's botoport setting 'target'" in message.message
    assert "--target" not in message.message
    assert await diagnostics(client, uri, lambda d: len(d) == 1) == before
    actions = await code_actions(client, uri, line=4)
    assert [a for a in actions if "apply botocore's change" in a.title]
