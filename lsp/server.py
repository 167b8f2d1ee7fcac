"""``botoport-lsp``: the core's port verdicts and drift as diagnostics, over stdio (pygls 2).

The range is classified once in a worker thread and kept; each edit costs one parse of the
edited document and its coverage and drift checks, done on a single worker thread so the
event loop stays free. A newer edit makes an older, not yet started computation moot.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

from botoport import __version__
from botoport.document import WARNING, Finding, OverrideSite
from botoport.errors import BotoportError
from botoport.lsp.analysis import Analysis, PortEdit, analyse
from botoport.lsp.moves import moved
from botoport.lsp.protocol import BotoportProtocol
from botoport.mirror.paths import is_package_file
from botoport.mirror.trees import PATCHES_PATH, PYPROJECT_PATH
from botoport.port.rules import FunctionVerdict
from botoport.syntax.functions import ParseFailure
from botoport.syntax.lines import split_lines
from lsprotocol import types
from pygls.lsp.server import LanguageServer

SHOW_SOURCE = "botoport.showBotocoreSource"
COALESCE_SECONDS = 0.02
SHOW_TIMEOUT = 5.0  # seconds a client has to answer window/showDocument
# The longest the server works on the range without a sign of life (seconds).
SILENCE_SECONDS = float(os.environ.get("BOTOPORT_LSP_QUIET_SECONDS", "1.0"))
POLL_SECONDS = 1.0  # how often the range's files are looked at when the client cannot watch
WATCHED = (PYPROJECT_PATH, PATCHES_PATH)
T = TypeVar("T")
_SEVERITY = {WARNING: types.DiagnosticSeverity.Warning}
_STALE, _UNPARSED = object(), object()  # why a document's findings were not computed
# aiobotocore's largest module is about 60 kB. A document far beyond that would hold the one
# worker thread for seconds and every request behind it: it is not analysed.
MAX_DOCUMENT_CHARS = 1_000_000


def _too_large(size: int) -> types.Diagnostic:
    start = types.Position(0, 0)
    return types.Diagnostic(
        range=types.Range(start, start),
        message=f"botoport: not analysed: the document has {size:,} characters "
        f"(the limit is {MAX_DOCUMENT_CHARS:,})",
        severity=types.DiagnosticSeverity.Information,
        code="too-large",
        source="botoport",
    )


class BotoportServer(LanguageServer):
    """The language server and the state it keeps between requests."""

    def __init__(self) -> None:
        super().__init__("botoport", __version__, protocol_cls=BotoportProtocol)
        self.root: Path | None = None
        self.settings: dict[str, Any] = {}
        self.analysis_task: asyncio.Task[Analysis | None] | None = None
        # The last analysis that succeeded: in force (diagnostics, hover, actions alike) while
        # a new one fails — a pyproject.toml mid-edit, a bad setting — with the error shown.
        self.last_analysis: Analysis | None = None
        # One worker thread for all parsing: CPython 3.11's ast is not safe to run in two
        # threads at once ("AST constructor recursion depth mismatch"), and the documents'
        # work needs the range's classification first anyway.
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="botoport")
        self.ready = asyncio.Event()
        self.latest: dict[str, int] = {}
        self.counter = itertools.count()
        self.last_good: dict[str, list[types.Diagnostic]] = {}
        self.last_text: dict[str, str] = {}  # the text last_good was computed on
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.analysed_stamp: tuple[tuple[int, int] | None, ...] = ()  # see inputs_stamp
        self.poller: asyncio.Future[None] | None = None
        self.progress_token: str | None = None
        self.port_edits: dict[tuple[Any, ...], PortEdit | None] = {}  # the last one computed
        # (uri, 0-based def line) -> why the port there cannot be written, for clients that
        # cannot show a disabled action: said on the diagnostic instead.
        self.why_not: dict[tuple[str, int], str] = {}

    # --- the range --------------------------------------------------------------------------

    def reanalyse(self, then_refresh: bool = False) -> asyncio.Task[Analysis | None]:
        """Start classifying the range again in the background (replacing a running run);
        ``then_refresh`` recomputes every open document's diagnostics once it is done."""
        if self.analysis_task is not None and not self.analysis_task.done():
            self.analysis_task.cancel()
        self.analysis_task = asyncio.ensure_future(self._analyse())
        if then_refresh:
            self.analysis_task.add_done_callback(
                lambda t: None if t.cancelled() else self.refresh_all()
            )
        return self.analysis_task

    async def _signs_of_life(self) -> None:
        """Never a silent second: after one, a progress report where the client shows them
        (``window/workDoneProgress``), else one message."""
        await asyncio.sleep(SILENCE_SECONDS)
        title = "botoport: classifying the botocore range (a first run downloads releases)"
        window = self.client_capabilities.window
        if not (window and window.work_done_progress):
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Info, message=f"{title}…")
            )
            return
        token = f"botoport-{next(self.counter)}"
        try:
            await self.work_done_progress.create_async(token)
        except Exception:  # a client that refuses the token gets no progress: nothing breaks
            return
        self.progress_token = token
        self.work_done_progress.begin(token, types.WorkDoneProgressBegin(title=title))

    async def _end_progress(self) -> None:
        if self.progress_token is not None:
            self.work_done_progress.end(self.progress_token, types.WorkDoneProgressEnd())
            self.progress_token = None

    def inputs_stamp(self) -> tuple[tuple[int, int] | None, ...]:
        """Modification time and size of the files the range is read from."""
        stamps: list[tuple[int, int] | None] = []
        for path in WATCHED:
            try:
                found = (self.root / path).stat() if self.root is not None else None
            except OSError:
                found = None
            stamps.append((found.st_mtime_ns, found.st_size) if found else None)
        return tuple(stamps)

    async def _analyse(self) -> Analysis | None:
        if self.root is None:
            self.report_problem("botoport: no workspace folder; open an aiobotocore checkout")
            return None
        self.analysed_stamp = self.inputs_stamp()
        signs = asyncio.ensure_future(self._signs_of_life())
        try:
            analysis = await self.run(analyse, self.root, self.settings)
        except BotoportError as exc:
            self.report_problem(f"botoport: {exc}")
            return self.last_analysis
        except Exception as exc:  # a bug must not take the server down with it
            self.report_problem(f"botoport: internal error ({type(exc).__name__}: {exc})")
            return self.last_analysis
        finally:
            signs.cancel()
            await self._end_progress()
        self.log(f"classified botocore {analysis.range_text}: {analysis.report.classification}")
        self.last_analysis = analysis
        return analysis

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` on the worker thread."""
        return await asyncio.get_running_loop().run_in_executor(self.worker, fn, *args)

    async def current(self) -> Analysis | None:
        """The range's classification, waiting for it if it is being computed."""
        await self.ready.wait()
        task = self.analysis_task or self.reanalyse()
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            return await self.current() if self.analysis_task is not task else None

    # --- documents --------------------------------------------------------------------------

    def path_of(self, uri: str) -> str | None:
        """The workspace-relative POSIX path of a ``file:`` URI inside the root, else None."""
        parsed = urlparse(uri)
        if parsed.scheme != "file" or self.root is None:
            return None
        try:
            return Path(unquote(parsed.path)).resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError, RuntimeError):  # outside the root, or a symlink loop
            return None

    def open_documents(self) -> dict[str, str]:
        """The texts of the open documents inside the root, by workspace path."""
        documents = {}
        for uri, document in list(self.workspace.text_documents.items()):
            path = self.path_of(uri)
            if path is not None:
                documents[path] = document.source
        return documents

    def open_text(self, uri: str) -> str | None:
        """The text of a document the client has open (None for any other URI: botoport
        answers about open documents and never reads a URI it was merely sent)."""
        document = self.workspace.text_documents.get(uri)
        return document.source if document is not None else None

    async def diagnostics(self, uri: str) -> list[types.Diagnostic] | None:
        """The document's diagnostics now; while it does not parse, the last good ones moved
        with the edits since; None when a newer edit has made this computation moot."""
        path = self.path_of(uri)
        if path is None or not is_package_file(path):
            return []
        analysis = await self.current()
        if analysis is None:  # a bad setting or source, reported once: no stale findings stay
            self.last_good.pop(uri, None)
            return []
        text = self.open_text(uri)
        if text is None:
            return []
        if len(text) > MAX_DOCUMENT_CHARS:
            return [_too_large(len(text))]
        version = next(self.counter)
        self.latest[uri] = version
        loop = asyncio.get_running_loop()
        findings = await loop.run_in_executor(
            self.worker, self._findings, analysis, uri, version, path, text
        )
        if findings is _STALE:
            return None
        if findings is _UNPARSED:
            last, last_text = self.last_good.get(uri, []), self.last_text.get(uri, text)
            return moved(last, last_text, text)
        assert isinstance(findings, list)
        lines = split_lines(text)
        diagnostics = [self.to_diagnostic(lines, f) for f in findings]
        for diagnostic in diagnostics:  # why a port cannot be written, where no action says it
            why = self.why_not.get((uri, diagnostic.range.start.line))
            if why is not None and diagnostic.code == "port-required":
                place = types.Location(uri=uri, range=diagnostic.range)
                diagnostic.related_information = [
                    types.DiagnosticRelatedInformation(
                        location=place, message=f"not written: {why}"
                    )
                ]
        self.last_good[uri], self.last_text[uri] = diagnostics, text
        return diagnostics

    def _findings(
        self, analysis: Analysis, uri: str, version: int, path: str, text: str
    ) -> list[Finding] | object:
        if self.latest.get(uri) != version:
            return _STALE  # a newer edit arrived before this one started
        try:
            return analysis.findings(path, text)
        except ParseFailure:
            return _UNPARSED

    def to_diagnostic(self, lines: list[str], finding: Finding) -> types.Diagnostic:
        """A finding in the client's position encoding."""
        codec = self.workspace.position_codec
        line = finding.line - 1
        server_range = types.Range(
            types.Position(line, finding.start), types.Position(line, finding.end)
        )
        return types.Diagnostic(
            range=codec.range_to_client_units(lines, server_range),
            message=finding.message,
            severity=_SEVERITY.get(finding.level, types.DiagnosticSeverity.Information),
            code=finding.code,
            source="botoport",
            data={"qualname": finding.qualname},
        )

    def schedule(self, uri: str) -> None:
        """Recompute and push a document's diagnostics soon; a newer call replaces this one."""
        if self.pull_mode:
            return
        if (old := self.pending.get(uri)) is not None:
            old.cancel()
        self.pending[uri] = asyncio.ensure_future(self._push(uri))

    async def _push(self, uri: str) -> None:
        await asyncio.sleep(COALESCE_SECONDS)
        diagnostics = await self.diagnostics(uri)
        if diagnostics is not None:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
            )

    @property
    def pull_mode(self) -> bool:
        """True when the client pulls diagnostics (``textDocument/diagnostic``)."""
        caps = self.client_capabilities.text_document
        return caps is not None and caps.diagnostic is not None

    def refresh_all(self) -> None:
        """After a new classification: every open document's diagnostics again."""
        if self.pull_mode:
            workspace = self.client_capabilities.workspace
            if workspace and workspace.diagnostics and workspace.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for uri in list(self.workspace.text_documents):
            self.schedule(uri)

    # --- messages ---------------------------------------------------------------------------

    def report_problem(self, message: str) -> None:
        """One ``window/showMessage`` and a log line; never an exception."""
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=message)
        )
        self.log(message, types.MessageType.Error)

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        """A ``window/logMessage`` line."""
        self.window_log_message(types.LogMessageParams(type=kind, message=message))


server = BotoportServer()


@server.feature(types.INITIALIZE)
def _initialize(ls: BotoportServer, params: types.InitializeParams) -> None:
    folders = params.workspace_folders or []
    uri = folders[0].uri if folders else params.root_uri
    if uri:
        try:
            ls.root = Path(unquote(urlparse(uri).path)).resolve()
        except (OSError, RuntimeError):  # a symlink loop: reported once the client is ready
            ls.root = None
    if isinstance(params.initialization_options, dict):
        ls.settings = dict(params.initialization_options)


@server.feature(types.INITIALIZED)
async def _initialized(ls: BotoportServer, params: types.InitializedParams) -> None:
    await _read_configuration(ls)
    ls.reanalyse()
    ls.ready.set()
    await _watch_files(ls)


async def _read_configuration(ls: BotoportServer) -> None:
    workspace = ls.client_capabilities.workspace
    if not (workspace and workspace.configuration):
        return
    items = [types.ConfigurationItem(section="botoport")]
    try:
        [found] = await ls.workspace_configuration_async(types.ConfigurationParams(items=items))
    except Exception as exc:  # a client that fails the request keeps the initial settings
        ls.log(f"workspace/configuration failed: {exc}", types.MessageType.Warning)
        return
    if isinstance(found, dict):
        ls.settings = {**ls.settings, **found}


async def _watch_files(ls: BotoportServer) -> None:
    # A look at the two files each second, whatever the client: Neovim 0.7 cannot watch
    # files, and a client's watcher may miss a change (Emacs in batch mode delivers none).
    ls.poller = asyncio.ensure_future(_poll_range_inputs(ls))
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    if not (watched and watched.dynamic_registration):
        return
    watchers = [types.FileSystemWatcher(glob_pattern=f"**/{p}") for p in WATCHED]
    options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
    registration = types.Registration(
        id="botoport-watch",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=options,
    )
    try:
        await ls.client_register_capability_async(types.RegistrationParams([registration]))
    except Exception as exc:  # saves still recompute the range without watchers
        ls.log(f"file watchers not registered: {exc}", types.MessageType.Warning)


async def _poll_range_inputs(ls: BotoportServer) -> None:
    """Notice a changed ``pyproject.toml`` or ``test_patches.py`` within a second (two stats
    a second), for clients that cannot watch files or whose watcher misses a change."""
    while not ls.protocol._shutdown:
        await asyncio.sleep(POLL_SECONDS)
        task = ls.analysis_task
        if task is not None and task.done() and ls.inputs_stamp() != ls.analysed_stamp:
            ls.reanalyse(then_refresh=True)


def _range_inputs_changed(ls: BotoportServer, uris: list[str]) -> None:
    if any(ls.path_of(uri) in WATCHED for uri in uris):
        ls.reanalyse(then_refresh=True)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def _configuration_changed(
    ls: BotoportServer, params: types.DidChangeConfigurationParams
) -> None:
    settings = params.settings
    if isinstance(settings, dict) and isinstance(settings.get("botoport"), dict):
        ls.settings = {**ls.settings, **settings["botoport"]}
    else:
        await _read_configuration(ls)
    ls.reanalyse(then_refresh=True)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def _watched_changed(ls: BotoportServer, params: types.DidChangeWatchedFilesParams) -> None:
    _range_inputs_changed(ls, [change.uri for change in params.changes])


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def _did_open(ls: BotoportServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def _did_change(ls: BotoportServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def _did_save(ls: BotoportServer, params: types.DidSaveTextDocumentParams) -> None:
    _range_inputs_changed(ls, [params.text_document.uri])
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: BotoportServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    if (task := ls.pending.pop(uri, None)) is not None:
        task.cancel()
    ls.last_good.pop(uri, None)
    ls.last_text.pop(uri, None)
    ls.latest.pop(uri, None)


@server.feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(
        identifier="botoport", inter_file_dependencies=True, workspace_diagnostics=False
    ),
)
async def _pull(
    ls: BotoportServer, params: types.DocumentDiagnosticParams
) -> types.RelatedFullDocumentDiagnosticReport:
    uri = params.text_document.uri
    diagnostics = await ls.diagnostics(uri)
    if diagnostics is None:  # moot: a newer edit's pull follows
        diagnostics = ls.last_good.get(uri, [])
    return types.RelatedFullDocumentDiagnosticReport(items=diagnostics)


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def _hover(ls: BotoportServer, params: types.HoverParams) -> types.Hover | None:
    line = params.position.line + 1
    site = await _site(ls, params.text_document.uri, line)
    if site is None or site.function is None:
        return None
    # On the override's decorators and signature only: not a diff at every stop in its body.
    text = ls.open_text(params.text_document.uri) or ""
    if not site.function.start_line <= line <= signature_end(text, site.function.def_line):
        return None
    verdict = site.verdict
    analysis = await ls.current()
    assert analysis is not None  # _site returned a site
    diff = str(verdict.diff or "").rstrip()
    text = (
        f"**botoport** · `{verdict.qualname}` ({verdict.path}) · {verdict.verdict.value} "
        f"in botocore {analysis.range_text}\n\n{verdict.reason}\n\n```diff\n{diff}\n```"
    )
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


def signature_end(text: str, def_line: int) -> int:
    """The last line of the signature that starts at ``def_line`` (the one ending in ``:``)."""
    lines = split_lines(text)
    for number in range(def_line, len(lines) + 1):
        if lines[number - 1].split("#", 1)[0].rstrip().endswith(":"):
            return number
    return def_line


async def _site(ls: BotoportServer, uri: str, line: int) -> OverrideSite | None:
    path = ls.path_of(uri)
    analysis = await ls.current()
    if path is None or analysis is None:
        return None
    text = ls.open_text(uri)
    if text is None or len(text) > MAX_DOCUMENT_CHARS:
        return None
    try:
        return await ls.run(analysis.site_at, path, text, line)
    except ParseFailure:
        return None


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.Source]
    ),
)
async def _code_actions(
    ls: BotoportServer, params: types.CodeActionParams
) -> list[types.CodeAction] | None:
    analysis = await ls.current()
    if analysis is None:
        return None
    actions: list[types.CodeAction] = []
    try:
        missing = await ls.run(analysis.missing_digests)
    except BotoportError as exc:
        ls.log(f"digests: {exc}", types.MessageType.Warning)
        missing = {}
    if missing:
        actions.append(await _digests_action(ls, analysis, sum(map(len, missing.values()))))
    fix = await _await_fix(ls, analysis, params.text_document.uri, params.range.start.line + 1)
    if fix is not None:
        actions.append(fix)
    site = await _site(ls, params.text_document.uri, params.range.start.line + 1)
    if site is not None:
        path = ls.path_of(params.text_document.uri)
        documents = ls.open_documents()
        if path is not None and path in documents:
            key = (id(analysis), tuple(sorted(documents.items())), site.verdict.qualname)
            if key not in ls.port_edits:  # once per analysis and buffers' state
                ls.port_edits.clear()
                ls.port_edits[key] = await ls.run(analysis.port_edit, site, path, documents)
            port = ls.port_edits[key]
            if port is not None and site.function is not None:
                _say_why_not(ls, params.text_document.uri, site.function.def_line - 1, port)
            action = _port_action(ls, site.verdict, port) if port is not None else None
            if action is not None:
                actions.append(action)
        actions.append(_source_action(analysis, site.verdict))
    return actions


def _say_why_not(ls: BotoportServer, uri: str, line: int, port: PortEdit) -> None:
    """Where the client shows no disabled action, why the port cannot be written goes on the
    override's diagnostic (related information), pushed or pulled again."""
    capability = ls.client_capabilities.text_document
    action = capability.code_action if capability is not None else None
    if action is not None and action.disabled_support:
        return
    key = (uri, line)
    if ls.why_not.get(key) == port.why_not:
        return
    if port.why_not is None:
        ls.why_not.pop(key, None)
    else:
        ls.why_not[key] = port.why_not
    ls.refresh_all()


async def _await_fix(
    ls: BotoportServer, analysis: Analysis, uri: str, line: int
) -> types.CodeAction | None:
    """The quick fix of an ``await missing`` diagnostic on ``line``."""
    path, text = ls.path_of(uri), ls.open_text(uri)
    if path is None or text is None or len(text) > MAX_DOCUMENT_CHARS:
        return None
    try:
        found = await ls.run(analysis.await_edit, path, text, line)
    except (ParseFailure, ValueError):
        return None
    if found is None:
        return None
    title, edits = found
    changes = [
        types.TextEdit(types.Range(types.Position(first - 1, 0), types.Position(last, 0)), new)
        for first, last, new in edits
    ]
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        is_preferred=True,
        edit=types.WorkspaceEdit(changes={uri: changes}),
    )


def _port_action(
    ls: BotoportServer, verdict: FunctionVerdict, port: PortEdit
) -> types.CodeAction | None:
    """ "Apply botocore's change": what ``port --write`` writes, as one workspace edit the
    client can preview (the override, the imports it needs, the callers that must await).
    Whole lines are replaced, so no column needs converting to the client's encoding. A port
    that cannot be written is offered disabled with the reason where the client shows that."""
    title = f"botoport: apply botocore's change to {verdict.qualname}"
    if port.why_not is not None:
        capability = ls.client_capabilities.text_document
        action = capability.code_action if capability is not None else None
        if action is None or not action.disabled_support:
            return None
        disabled = types.CodeActionDisabled(reason=f"not written: {port.why_not}")
        return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, disabled=disabled)
    changes = {
        (ls.root / path).as_uri(): [
            types.TextEdit(
                range=types.Range(types.Position(first - 1, 0), types.Position(last, 0)),
                new_text=text,
            )
            for first, last, text in edits
        ]
        for path, edits in port.edits.items()
        if ls.root is not None
    }
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        is_preferred=True,
        edit=types.WorkspaceEdit(changes=changes),
    )


def _source_action(analysis: Analysis, verdict: FunctionVerdict) -> types.CodeAction:
    report = analysis.report
    version = report.to_version if verdict.change.new else report.from_version
    title = f"botoport: open botocore {verdict.qualname} at {version}"
    line = verdict.change.current.def_line
    command = types.Command(
        title=title, command=SHOW_SOURCE, arguments=[verdict.path, version, line]
    )
    return types.CodeAction(title=title, kind=types.CodeActionKind.Empty, command=command)


async def _digests_action(ls: BotoportServer, analysis: Analysis, count: int) -> types.CodeAction:
    patches = analysis.tree.root / PATCHES_PATH
    uri = patches.as_uri()
    old_text, new_text = await ls.run(analysis.patches_update)
    whole = types.Range(types.Position(0, 0), types.Position(len(split_lines(old_text)) + 1, 0))
    edit = types.WorkspaceEdit(changes={uri: [types.TextEdit(range=whole, new_text=new_text)]})
    return types.CodeAction(
        title=f"botoport: add {count} missing {PATCHES_PATH} digests for botocore "
        f"{analysis.report.to_version}",
        kind=types.CodeActionKind.QuickFix,
        edit=edit,
    )


@server.command(SHOW_SOURCE)
async def _show_source(ls: BotoportServer, path: str, version: str, line: int) -> bool:
    analysis = await ls.current()
    if analysis is None:
        return False
    try:
        file = await ls.run(analysis.botocore_file, version, path)
    except (BotoportError, OSError) as exc:
        ls.report_problem(f"botoport: cannot open {path} at {version}: {exc}")
        return False
    window = ls.client_capabilities.window
    if not (window and window.show_document and window.show_document.support):
        # A client without window/showDocument (Neovim 0.7) would answer MethodNotFound.
        ls.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Info,
                message=f"botoport: botocore {version} {path}:{line} is at {file}:{line}",
            )
        )
        return True
    where = types.Position(max(int(line) - 1, 0), 0)
    shown = types.ShowDocumentParams(
        uri=file.as_uri(), take_focus=True, selection=types.Range(where, where)
    )
    try:  # a client that answers null, or never, must not leave this command unanswered
        result = await asyncio.wait_for(ls.window_show_document_async(shown), SHOW_TIMEOUT)
    except Exception:  # a timeout, an unreadable answer: say where the file is instead
        result = None
    if result is None or not result.success:
        ls.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Info,
                message=f"botoport: botocore {version} {path}:{line} is at {file}:{line}",
            )
        )
        return False
    return True


@server.feature(types.EXIT)
def _exit(ls: BotoportServer, params: Any) -> None:
    # At once, without waiting for a computation still running on the worker thread (a huge
    # document can take seconds): exit wins. Every answer has been written already.
    os._exit(0 if ls.protocol._shutdown else 1)


def main() -> None:
    """Run the server over stdio; exit status 0 after ``shutdown`` then ``exit``, else 1 (the
    client closed the pipe first)."""
    server.start_io()
    with contextlib.suppress(ValueError, OSError):  # pygls may have closed stdout already
        sys.stdout.flush()
    os._exit(0 if server.protocol._shutdown else 1)


if __name__ == "__main__":
    main()
