"""Findings for one aiobotocore file as it stands in an editor: the port verdicts of the range
that land on its overrides (with their coverage against the current text) and the drift of
its edits. Columns are code points; turning them into an editor's units is the shell's job.

Everything here is pure and quick: the range's classification is computed once elsewhere;
per edit, the file is parsed and its overrides compared.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from botoport.drift.compare import Drift, DriftLine, drift_files, edits_between
from botoport.mirror.counterparts import BotocoreModules, ParsedModule
from botoport.mirror.paths import aio_path_of
from botoport.port.classify import PortReport, is_accessor
from botoport.port.coverage import port_coverage
from botoport.port.funcdiff import ChangeKind
from botoport.port.rules import CLASS_LEVEL_SIGNALS, FunctionVerdict, Override, Signal, Verdict
from botoport.port.table_entries import entry_key
from botoport.port.transition import CallSite, call_sites, unawaited_lines
from botoport.syntax.functions import FunctionInfo, ModuleTable, read_functions

WARNING = "warning"
INFORMATION = "information"


@dataclass(frozen=True)
class Finding:
    """Something to show on one line of the file (1-based line, code-point columns)."""

    line: int
    start: int
    end: int
    level: str
    code: str
    message: str
    qualname: str | None = None


@dataclass
class OverrideSite:
    """Where a verdict of the range lands in this file: the override (or the class that
    should get one), with the verdict."""

    verdict: FunctionVerdict
    function: FunctionInfo | None
    class_line: int | None


def override_sites(report: PortReport, path: str, table: ModuleTable) -> list[OverrideSite]:
    """The port-required and ambiguous verdicts of ``report`` that concern file ``path``."""
    sites = []
    for verdict in report.verdicts:
        if verdict.verdict not in (Verdict.PORT_REQUIRED, Verdict.AMBIGUOUS):
            continue
        override = verdict.override
        if override is not None and getattr(override, "path", None) == path:
            fn = table.functions.get(override.qualname)
            sites.append(OverrideSite(verdict, fn or _same_name(verdict, table), None))
        elif override is None and aio_path_of(verdict.path) == path:
            fn = _same_name(verdict, table)
            sites.append(OverrideSite(verdict, fn, _class_line(verdict, table)))
    return sites


def _same_name(verdict: FunctionVerdict, table: ModuleTable) -> FunctionInfo | None:
    """An override written since the range was classified: same name, in an Aio class
    deriving from the botocore class (or at module level for a module function)."""
    fn = verdict.change.current
    for candidate in table.functions.values():
        if candidate.name != fn.name:
            continue
        if fn.class_qualname is None and candidate.class_qualname is None:
            return candidate
        if fn.class_qualname and candidate.class_qualname in _aio_classes_of(fn, table):
            return candidate
    return None


def _aio_classes_of(fn: FunctionInfo, table: ModuleTable) -> set[str]:
    base = (fn.class_qualname or "").rsplit(".", 1)[-1]
    if not base:
        return set()
    return {q for q, c in table.classes.items() if any(_bare(b) == base for b in c.bases)}


def _bare(dotted: str) -> str:
    return dotted.rsplit(".", 1)[-1]


def _class_line(verdict: FunctionVerdict, table: ModuleTable) -> int | None:
    classes = _aio_classes_of(verdict.change.current, table)
    lines = [table.classes[q].line for q in classes]
    return min(lines) if lines else None


def document_findings(
    report: PortReport,
    path: str,
    text: str,
    head_text: str | None,
    modules: BotocoreModules,
    coroutines: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Port and drift findings of one document, parsed once (ParseFailure when it does not
    parse); drift is of the functions edited since HEAD (``head_text``), against botocore as
    ``modules`` reads it; ``coroutines`` (aiobotocore's) must be awaited where a port calls
    them."""
    module = ParsedModule.parse(text, path)
    found = port_findings(report, path, module.table, module.lines, coroutines)
    found += await_findings(report, path, text, module.lines)
    return found + drift_findings(path, head_text, text, modules, module)


def port_findings(
    report: PortReport,
    path: str,
    table: ModuleTable,
    lines: list[str],
    coroutines: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Port findings of file ``path``: one per override still to port, none once the port is
    covered (SPEC) — and a line taken from botocore that calls one of ``coroutines`` without
    ``await`` is not covered."""
    found = []
    for site in override_sites(report, path, table):
        finding = _site_finding(site, report, table, lines, coroutines)
        if finding is not None:
            found.append(finding)
    return found


def _site_finding(
    site: OverrideSite,
    report: PortReport,
    table: ModuleTable,
    lines: list[str],
    coroutines: frozenset[str],
) -> Finding | None:
    verdict = site.verdict
    bump = f"{report.from_version} -> {report.to_version}"
    name = f"`{verdict.qualname}`"
    level = WARNING if verdict.verdict is Verdict.PORT_REQUIRED else INFORMATION
    if verdict.signal in CLASS_LEVEL_SIGNALS:
        return _class_level_finding(verdict, bump, table, lines)
    if site.function is None:
        if verdict.change.kind is ChangeKind.REMOVED:
            return None
        where = f"`{verdict.change.current.name}`"
        line = site.class_line or 1
        message = (
            f"{verdict.verdict.value}: botocore {name} {verdict.change.kind.value} in {bump} "
            f"needs an async override {where} here: {verdict.reason}"
        )
        return _on_line(lines, line, level, "new-override", message, None)
    fn = site.function
    if verdict.change.kind is ChangeKind.REMOVED:
        message = f"{verdict.verdict.value}: botocore removed {name} in {bump}: {verdict.reason}"
        return _on_def(lines, fn, level, verdict.verdict.value, message)
    coverage = port_coverage(verdict.change, fn, table)
    introduced = [line.text for line in verdict.change.introduced]
    coverage.unawaited = unawaited_lines(fn, introduced, set(coroutines))
    if coverage.covered:
        return None
    parts = [f"{verdict.verdict.value}: botocore {name} changed in {bump}: {verdict.reason}"]
    if verdict.introduced_in:
        parts.append(f"introduced in {verdict.introduced_in}")
    if coverage.missing or not coverage.unawaited:
        parts.append(f"{len(coverage.missing)} upstream lines not yet ported")
    if coverage.stale:
        parts.append(f"{len(coverage.stale)} removed upstream still here")
    parts += [f"await missing: `{line}`" for line in coverage.unawaited]
    return _on_def(lines, fn, level, verdict.verdict.value, "; ".join(parts))


def _class_level_finding(
    verdict: FunctionVerdict, bump: str, table: ModuleTable, lines: list[str]
) -> Finding | None:
    """A new class or table entry, against the buffer: none once its Aio twin (or the key in
    aiobotocore's table) is there, else one finding where it belongs."""
    name = f"`{verdict.qualname}`"
    if verdict.signal is Signal.NEW_TABLE_ENTRY:
        mirrored = table.name_tables.get(verdict.change.current.name)
        if mirrored is not None and entry_key(verdict) in mirrored.entries:
            return None
        line = mirrored.line if mirrored else 1
        message = f"port-required: botocore {name} added in {bump}: {verdict.reason}"
        return _on_line(lines, line, WARNING, "new-table-entry", message, None)
    class_name = (verdict.change.current.class_qualname or "").rsplit(".", 1)[-1]
    if any(_bare(b) == class_name for c in table.classes.values() for b in c.bases):
        return None
    message = f"port-required: botocore class `{class_name}` added in {bump}: {verdict.reason}"
    return _on_line(lines, 1, WARNING, "new-class", message, None)


AWAIT_MISSING = "await-missing"


def await_findings(report: PortReport, path: str, text: str, lines: list[str]) -> list[Finding]:
    """A Warning on each call in this document of an override the port makes async (or made
    async already) that does not await it: ``await missing: … becomes async in this port``."""
    found = []
    for callee, site in awaits_missing(report, path, text):
        message = (
            f"await missing: `{callee.qualname}` ({callee.path}:{callee.line}) becomes async "
            f"in this port of botocore {report.from_version} -> {report.to_version}"
        )
        found.append(_on_line(lines, site.line, WARNING, AWAIT_MISSING, message, site.function))
    return found


def awaits_missing(report: PortReport, path: str, text: str) -> list[tuple[Override, CallSite]]:
    """``(override, call site)`` of each call in ``text`` (the document at ``path``) of an
    override a port-required function makes async that does not await it."""
    pairs = []
    for verdict in report.verdicts:
        override = verdict.override
        if not verdict.must_be_async or override is None or override.function is None:
            continue
        fn = override.function
        if is_accessor(fn) or fn.name not in text:  # a document that never names it: no parse
            continue
        sites = call_sites(fn.name, fn.class_qualname, override.path, [(path, text)])
        pairs += [(override, site) for site in sites if not site.awaited]
    return pairs


def await_fix(report: PortReport, path: str, text: str, line: int) -> tuple[str, str] | None:
    """The quick fix of an ``await missing`` call on ``line`` of the document: its title and
    the document with the call awaited (and the function holding it made ``async def`` when
    it is still ``def``); None when no such call is on that line."""
    from botoport.port.writer import AwaitCalls, Edit, MakeAsync, write_edits  # libcst

    for callee, site in awaits_missing(report, path, text):
        if site.line != line:
            continue
        name = callee.qualname.rsplit(".", 1)[-1]
        changes: list[Edit] = [AwaitCalls(site.function, name)]
        holder = read_functions(text, path).functions.get(site.function)
        if holder is not None and not holder.is_async:
            changes.append(MakeAsync(site.function))
        also = f" and make `{site.function}` async" if len(changes) > 1 else ""
        return f"botoport: await `{name}` here{also}", write_edits(text, changes)
    return None


def _on_def(lines: list[str], fn: FunctionInfo, level: str, code: str, message: str) -> Finding:
    text = lines[fn.def_line - 1] if fn.def_line <= len(lines) else ""
    start = text.find(fn.name)
    return Finding(
        fn.def_line, max(start, 0), len(text.rstrip()), level, code, message, fn.qualname
    )


def _on_line(
    lines: list[str], line: int, level: str, code: str, message: str, qualname: str | None
) -> Finding:
    text = lines[line - 1] if line <= len(lines) else ""
    indent = len(text) - len(text.lstrip())
    return Finding(line, indent, len(text.rstrip()), level, code, message, qualname)


def drift_findings(
    path: str,
    head_text: str | None,
    text: str,
    modules: BotocoreModules,
    parsed: ParsedModule,
) -> list[Finding]:
    """Drift findings of the functions edited since HEAD (``head_text``)."""
    edited = edits_between(path, head_text, text)
    if not edited.added and not edited.removed:
        return []
    report = drift_files([edited], modules.read, modules.version, modules, parsed)
    lines = parsed.lines
    found = []
    for fn in report.functions:
        for line in fn.lines:
            found.append(_drift_finding(lines, fn.line, fn.qualname, line))
    return found


def _drift_finding(lines: list[str], def_line: int, qualname: str, line: DriftLine) -> Finding:
    level = WARNING if line.drift is Drift.BEHAVIORAL else INFORMATION
    message = f"{line.drift.value}: {line.reason}"
    if line.botocore_text:
        message += f" (botocore: `{line.botocore_text}`)"
    return _on_line(lines, line.line or def_line, level, line.drift.value, message, qualname)


def verdict_at(report: PortReport, path: str, table: ModuleTable, line: int) -> OverrideSite | None:
    """The verdict whose override spans ``line`` (1-based), if any."""
    for site in override_sites(report, path, table):
        fn = site.function
        if fn is not None and fn.start_line <= line <= fn.end_line:
            return site
    return None


def as_in_buffer(site: OverrideSite, table: ModuleTable) -> FunctionVerdict:
    """``site``'s verdict with its override read from the buffer (``table``) rather than
    from disk: the function, the module's table and the coverage as the buffer has them."""
    verdict, fn = site.verdict, site.function
    if verdict.override is None or fn is None:
        return verdict
    override = replace(verdict.override, line=fn.def_line, function=fn, table=table)
    coverage = verdict.coverage
    if coverage is not None:
        now = port_coverage(verdict.change, fn, table)
        coverage = replace(
            coverage,
            missing=now.missing,
            stale=now.stale,
            followed=now.followed,
            inherited=now.inherited,
        )
    return replace(verdict, override=override, coverage=coverage)
