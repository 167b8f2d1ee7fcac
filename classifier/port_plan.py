"""``botoport port``: each port-required function's botocore change merged into its override
(:mod:`botoport.port.merge`), the aiobotocore calls that must now await it given their
``await``, and the files to write — or, for what does not merge cleanly, the hunks left for a
person. Every file written parses (checked with libcst and ast); nothing else is touched."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from enum import Enum

import libcst
from botoport.errors import BotoportError
from botoport.mirror.paths import dotted_module
from botoport.mirror.trees import PATCHES_PATH, OverlayTree, SourceTree
from botoport.patches.compute import digest_of
from botoport.patches.entries import add_entry
from botoport.port.blocking import blocking_attributes, unblocked
from botoport.port.classify import PortReport, is_accessor
from botoport.port.funcdiff import ChangeKind
from botoport.port.imports import add_imports, mark_kept, missing_imports, remove_imports
from botoport.port.merge import await_calls, foreign_modules, make_async_def, merge_function
from botoport.port.names import aio_names, botocore_names, with_aio_classes
from botoport.port.registries import Registries
from botoport.port.rules import FunctionVerdict, Signal, Verdict
from botoport.port.soundness import (
    Problem,
    context_returned_early,
    imports_left_unused,
    problems_added,
)
from botoport.port.table_entries import entry_parts
from botoport.port.transition import GENERIC_NAMES, call_sites
from botoport.port.writer import (
    AddEntry,
    Append,
    AwaitCalls,
    Edit,
    MakeAsync,
    Replace,
    write_edits,
)
from botoport.syntax.functions import FunctionInfo, ParseFailure, read_functions
from botoport.syntax.lines import split_lines


class PortStatus(str, Enum):
    """What became of one port."""

    WRITTEN = "written"  # merged into its override (or a new one), or the override removed
    COVERED = "covered"  # aiobotocore already holds it
    LEFT = "left"  # for a person: conflicts, no Aio class yet, a file that would not parse

    def __str__(self) -> str:
        return self.value


@dataclass
class PortOutcome:
    """What happened to one port-required function: its status, the aiobotocore file it
    lands in (``path``) and the place shown for it (``where``), and notes for a person."""

    verdict: FunctionVerdict
    status: PortStatus
    path: str
    where: str
    notes: list[str] = field(default_factory=list)
    written: str | None = None  # the qualified name of the function written, in ``path``
    entry: NewEntry | None = None  # the test_patches.py entry of a new override


@dataclass(frozen=True)
class NewEntry:
    """A new override's ``tests/test_patches.py`` entry: the symbol and digest of botocore's
    function, and botocore's module."""

    symbol: str
    digest: str
    botocore_path: str

    def note(self, why_not: str | None = None) -> str:
        """What the port says of the entry: added, or to add by hand and why."""
        item = f"({self.symbol}, {{'{self.digest}'}})"
        if why_not is None:
            return f"adds {item} to {PATCHES_PATH}"
        return f"add {item} to {PATCHES_PATH} by hand ({why_not})"


@dataclass
class PortPlan:
    """Outcomes per function and the new text of each file to write."""

    outcomes: list[PortOutcome] = field(default_factory=list)
    writes: dict[str, str] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 when every port is written (or was done), 1 when some are left for a person."""
        return 1 if any(o.status is PortStatus.LEFT for o in self.outcomes) else 0


def plan_port(
    report: PortReport,
    registries: Registries,
    tree: SourceTree,
    only: FunctionVerdict | None = None,
) -> PortPlan:
    """Merge every port of ``report`` (or ``only`` that one: the editor's action) into the
    aiobotocore ``tree`` (nothing is written here).

    A port is called written only when every file it touches still runs: each compiles, and
    uses no name it does not define or import (the import is added from botocore's module
    when botocore defines or imports the name). A port that breaks a file is left, with the
    problem named, and the files are planned again without it."""
    # What this port makes async is awaited too (the dsql functions call each other).
    made_async = {
        v.change.current.name
        for v in report.verdicts
        if v.must_be_async and not is_accessor(v.change.current)
    }
    coroutines = frozenset((registries.coroutines | made_async) - GENERIC_NAMES)
    ports = [
        _Port(*_port_one(verdict, coroutines, registries, tree))
        for verdict in ([only] if only is not None else report.verdicts)
        if verdict.verdict is Verdict.PORT_REQUIRED
    ]
    for port in ports:
        port.placements += _awaits_at_call_sites(port.outcome, tree)
    plan = PortPlan(outcomes=[port.outcome for port in ports])
    while not _write_sound(ports, tree, plan, registries):
        plan.writes.clear()
    for port in ports:
        if port.live:
            port.outcome.notes += [
                f"adds to {path}: {'; '.join(sorted(needed))}"
                for path, needed in port.imports.items()
                if needed
            ]
            if port.dropped:
                port.outcome.notes.append(f"drops unused imports: {', '.join(port.dropped)}")
    _note_left_contexts(plan)
    _follow_removals(plan, tree)
    _track_new_overrides(plan, tree)
    return plan


def _note_left_contexts(plan: PortPlan) -> None:
    """A written caller of a function whose own port is left calls botocore's version of it
    meanwhile: its outcome says so, for whoever writes the left port."""
    left = {o.verdict.change.current.name for o in plan.outcomes if o.status is PortStatus.LEFT}
    for outcome in plan.outcomes:
        waiting = sorted(outcome.verdict.async_contexts & left)
        if outcome.status is PortStatus.WRITTEN and waiting:
            outcome.notes.append(
                f"calls botocore's {waiting[0]} until its port (left) is written; then "
                "aiobotocore's"
            )


@dataclass
class _Port:
    """One port's outcome and the edits that write it (its override, its callers' awaits)."""

    outcome: PortOutcome
    placement: tuple[str, Edit] | None
    placements: list[tuple[str, Edit]] = field(default_factory=list)
    imports: dict[str, set[str]] = field(default_factory=dict)  # what its lines need, per file
    dropped: list[str] = field(default_factory=list)  # imports the written file no longer uses

    def __post_init__(self) -> None:
        if self.placement is not None:
            self.placements.insert(0, self.placement)

    @property
    def live(self) -> bool:
        return self.outcome.status is not PortStatus.LEFT


def _write_sound(
    ports: list[_Port], tree: SourceTree, plan: PortPlan, registries: Registries
) -> bool:
    """Plan each file from the ports still standing; False (and the culprits left) when a
    written file would not run."""
    edits: dict[str, list[Edit]] = {}
    imports: dict[str, set[str]] = {}  # the statements the written lines need, per file
    appends = _module_appends(ports)
    for port in ports:
        port.imports.clear()
        port.dropped = []
        if not port.live:
            continue
        resolved = aio_names(botocore_names(port.outcome.verdict), registries, appends)
        for path, edit in port.placements:
            edits.setdefault(path, []).append(edit)
            written = getattr(edit, "text", "")
            here = dotted_module(path)
            names = {n: o for n, o in resolved.items() if o.rpartition(".")[0] != here}
            needed = missing_imports(written, names, tree.read(path) or "")
            port.imports.setdefault(path, set()).update(needed)
            imports.setdefault(path, set()).update(needed)
    sound = True
    for path, changes in edits.items():
        text = tree.read(path)
        if text is None:
            continue
        new = _apply(text, changes, path, plan)
        if new is not None and imports.get(path):
            new = add_imports(new, sorted(imports[path]))
        if new is not None:
            # A name botocore's module still imports stays importable from aiobotocore's too
            # (botocore 1.44 keeps NEW_RETRIES_ENABLED in retries/standard.py for that reason).
            kept = _still_imported_by_botocore(ports, path)
            left_unused = imports_left_unused(text, new, path)
            unused = [n for n in left_unused if n not in kept]
            new = remove_imports(new, unused)
            new = mark_kept(new, [n for n in left_unused if n in kept])
            _note_dropped(ports, path, text, unused)
        if new is None or new == text:
            continue
        found = problems_added(text, new, path)
        if found:
            _leave_culprits(ports, path, new, found)
            sound = False
        plan.writes[path] = new
    return sound


def _note_dropped(ports: list[_Port], path: str, text: str, names: list[str]) -> None:
    """Say on the port that took the last use of each of ``names`` out of ``path`` (each
    port writing it, when none can be singled out) that the import is dropped."""
    writing = _writing(ports, path)
    try:
        before = read_functions(text, path).functions
    except ParseFailure:
        before = {}
    for name in names:
        used = re.compile(rf"\b{re.escape(name)}\b")
        culprits = [
            port
            for port in writing
            for where, edit in port.placements
            if where == path
            and isinstance(edit, Replace)
            and edit.qualname in before
            and used.search(before[edit.qualname].source)
            and not used.search(edit.text)
        ]
        for port in culprits or writing:
            port.dropped.append(name)


def _still_imported_by_botocore(ports: list[_Port], path: str) -> set[str]:
    """The names the botocore modules of the ports writing ``path`` import at TO."""
    return {name for port in _writing(ports, path) for name in port.outcome.verdict.table.imports}


def _writing(ports: list[_Port], path: str) -> list[_Port]:
    """The live ports with an edit to ``path``."""
    return [p for p in ports if p.live and any(where == path for where, _ in p.placements)]


def _module_appends(ports: list[_Port]) -> dict[str, set[str]]:
    """The module functions the live ports add, per aiobotocore file."""
    found: dict[str, set[str]] = {}
    for port in ports:
        for path, edit in port.placements:
            if port.live and isinstance(edit, Append) and edit.class_name is None:
                name = _defined_name(edit.text)
                if name is not None:
                    found.setdefault(path, set()).add(name)
    return found


def _leave_culprits(ports: list[_Port], path: str, new: str, found: list[Problem]) -> None:
    """Leave the ports behind ``found`` in ``path``: those whose written lines use the
    undefined name, or whose edit lands in the function that does not compile; every port
    writing ``path`` when none can be singled out."""
    writing = _writing(ports, path)
    for problem in found:
        culprits = [p for p in writing if _causes(p, path, new, problem)] or writing
        for port in culprits:
            if not port.live:
                continue
            port.outcome.status = PortStatus.LEFT
            why = (
                f"uses {problem.name}, which neither {path} nor botocore's module defines or "
                "imports"
                if problem.name is not None
                else f"{path} would not compile once written ({problem.text})"
            )
            port.outcome.notes.append(f"not written: {why}")


def _causes(port: _Port, path: str, new: str, problem: Problem) -> bool:
    """Whether ``port``'s edits to ``path`` are behind ``problem``."""
    edits = [edit for where, edit in port.placements if where == path]
    if problem.name is not None:
        used = re.compile(rf"\b{re.escape(problem.name)}\b")
        return any(used.search(getattr(edit, "text", "")) for edit in edits)
    function = enclosing_function(new, path, problem.line)
    return function is not None and any(_targets(edit) == function for edit in edits)


def _targets(edit: Edit) -> str | None:
    """The qualified name of the function an edit writes or changes."""
    if isinstance(edit, Replace | AwaitCalls | MakeAsync):
        return edit.qualname
    if isinstance(edit, Append):
        name = _defined_name(edit.text)
        return f"{edit.class_name}.{name}" if edit.class_name else name
    return None


def _defined_name(function_text: str) -> str | None:
    match = re.search(r"\bdef\s+(\w+)", function_text)
    return match.group(1) if match else None


def enclosing_function(text: str, path: str, line: int) -> str | None:
    """The qualified name of the innermost table function spanning ``line`` of ``text``."""
    try:
        table = read_functions(text, path)
    except ParseFailure:
        return None
    spanning = [fn for fn in table.functions.values() if fn.start_line <= line <= fn.end_line]
    return max(spanning, key=lambda fn: fn.start_line).qualname if spanning else None


def _awaits_at_call_sites(outcome: PortOutcome, tree: SourceTree) -> list[tuple[str, Edit]]:
    """The aiobotocore callers of an override this port makes async, given their ``await``;
    a caller that is still ``def`` becomes ``async def`` and its own callers await it, up
    the chain (a property stays ``def``: the file would not compile, and the port is left)."""
    verdict = outcome.verdict
    coverage, override = verdict.coverage, verdict.override
    if outcome.status is PortStatus.LEFT:
        return []
    if coverage is None or override is None or override.function is None:
        return []
    pending = [(site, override.function.name) for site in coverage.await_required_at]
    edits: list[tuple[str, Edit]] = []
    made_async: set[tuple[str, str]] = set()
    while pending:
        site, callee = pending.pop(0)
        edits.append((site.path, AwaitCalls(site.function, callee)))
        caller = _sync_function(tree, site.path, site.function)
        if caller is None or (site.path, site.function) in made_async:
            continue
        made_async.add((site.path, site.function))
        edits.append((site.path, MakeAsync(site.function)))
        modules = ((p, tree.read(p) or "") for p in tree.python_files())
        sites = call_sites(caller.name, caller.class_qualname, site.path, modules)
        pending += [(s, caller.name) for s in sites if not s.awaited]
    return edits


def _sync_function(tree: SourceTree, path: str, qualname: str) -> FunctionInfo | None:
    """The ``def`` (not a property) ``qualname`` of aiobotocore's ``path``; None when it is
    async already, an accessor, or cannot be read."""
    try:
        fn = read_functions(tree.read(path) or "", path).functions.get(qualname)
    except ParseFailure:
        return None
    if fn is None or fn.is_async or is_accessor(fn):
        return None
    return fn


def _track_new_overrides(plan: PortPlan, tree: SourceTree) -> None:
    """Each new override's entry and digest added to ``tests/test_patches.py`` (by hand, with
    the note saying so, when the file's form cannot take it)."""
    text = tree.read(PATCHES_PATH)
    for outcome in plan.outcomes:
        entry = outcome.entry
        if entry is None or outcome.status is not PortStatus.WRITTEN:
            continue
        if text is None:
            outcome.notes.insert(0, entry.note(f"{PATCHES_PATH} is missing"))
            continue
        try:
            text = add_entry(text, entry.symbol, entry.digest, entry.botocore_path)
        except BotoportError as exc:
            outcome.notes.insert(0, entry.note(str(exc)))
            continue
        outcome.notes.insert(0, entry.note())
        plan.writes[PATCHES_PATH] = text


def _port_one(
    verdict: FunctionVerdict, coroutines: frozenset[str], registries: Registries, tree: SourceTree
) -> tuple[PortOutcome, tuple[str, Edit] | None]:
    override = verdict.override
    coroutines = coroutines - verdict.async_contexts  # entered by the caller, never awaited
    if verdict.signal is Signal.NEW_TABLE_ENTRY:
        return _table_entry(verdict, registries, tree)
    if verdict.change.kind is ChangeKind.REMOVED:
        return _removal(verdict)
    if override is None:
        return _new_override(verdict, coroutines, registries, tree)
    if override.function is None:
        where = f"{override.path}:{override.line} {override.qualname}"
        return _left(verdict, override.path, where, "the override could not be read")
    fn = override.function
    where = f"{override.path}:{override.line} {override.qualname}"
    if verdict.coverage is not None and verdict.coverage.covered:
        return PortOutcome(verdict, PortStatus.COVERED, override.path, where), None
    change = verdict.change
    if change.old is None or change.new is None:
        return _left(verdict, override.path, where, "an added or removed function")
    make_async = verdict.must_be_async and not fn.is_async
    foreign = foreign_modules(change.new.imports)
    merged = merge_function(
        change.old.source, change.new.source, fn.source, coroutines, make_async, foreign
    )
    if merged.text is None or merged.conflicts:
        delegated = _into_delegate(verdict, coroutines)
        if delegated is not None:
            return delegated
        return _left(verdict, override.path, where, *merged.conflicts)
    text, notes = _without_blocking_calls(verdict, fn, merged.text)
    early = context_returned_early(text, verdict.async_contexts)
    if early is not None:
        return _left(verdict, override.path, where, early)
    text, uncached = _uncached_context(text, verdict)
    notes += uncached
    outcome = PortOutcome(
        verdict, PortStatus.WRITTEN, override.path, where, notes, written=fn.qualname
    )
    return outcome, (override.path, Replace(fn.qualname, text))


def _without_blocking_calls(
    verdict: FunctionVerdict, fn: FunctionInfo, merged: str
) -> tuple[str, list[str]]:
    """The merged async override with botocore's blocking attribute calls (``self._sleep``
    holding ``time.sleep``) made through their asyncio twins — unless the Aio class hands its
    ``__init__`` the twin itself, so the attribute is already a coroutine."""
    if fn.class_qualname is None or not _is_async_def(merged):
        return merged, []
    botocore_class = verdict.change.current.class_qualname or ""
    held = blocking_attributes(verdict.table, botocore_class)
    if not held:
        return merged, []
    table = verdict.override.table if verdict.override is not None else None
    init = table.functions.get(f"{fn.class_qualname}.__init__") if table is not None else None
    twin_held = init is not None and "asyncio." in init.source
    text = unblocked(merged, held, twin_held)
    if text == merged:
        return merged, []
    calls = ", ".join(f"self.{name}" for name in held)
    how = "awaited (the Aio class holds the asyncio twin)" if twin_held else "its asyncio twin"
    return text, [f"{calls} holds a blocking call in botocore: written as {how}"]


_CACHED_PROPERTY = re.compile(r"^(\s*)@(?:\w+\.)?(?:CachedProperty|cached_property)\s*$", re.M)


def _uncached_context(function_text: str, verdict: FunctionVerdict) -> tuple[str, list[str]]:
    """A cached property handing back an async context (``@CachedProperty def _client``)
    written as a plain ``@property``: an async context is entered once, so a cached one
    fails the second time."""
    if not verdict.async_contexts or not _CACHED_PROPERTY.search(function_text):
        return function_text, []
    text = _CACHED_PROPERTY.sub(r"\1@property", function_text, count=1)
    note = "its value is an async context, entered once: written as @property, not cached"
    return text, [note]


def _is_async_def(function_text: str) -> bool:
    """The function (its decorators aside) is ``async def``."""
    found = re.search(r"^\s*(async\s+)?def\b", function_text, re.M)
    return found is not None and found.group(1) is not None


def _left(verdict: FunctionVerdict, path: str, where: str, *notes: str) -> tuple[PortOutcome, None]:
    """A port left for a person, with why."""
    return PortOutcome(verdict, PortStatus.LEFT, path, where, list(notes)), None


def _table_entry(
    verdict: FunctionVerdict, registries: Registries, tree: SourceTree
) -> tuple[PortOutcome, tuple[str, Edit] | None]:
    """A key botocore's table gained, added to aiobotocore's copy with the class's Aio twin."""
    override, coverage = verdict.override, verdict.coverage
    name = verdict.change.current.name
    if override is None or override.table is None:
        note = f"{verdict.mirror} keeps no `{name}` of its own: add the entry by hand"
        return _left(verdict, verdict.mirror, verdict.mirror, note)
    where = f"{override.path}:{override.line} {name}"
    if coverage is not None and coverage.covered:
        return PortOutcome(verdict, PortStatus.COVERED, override.path, where), None
    key, value = entry_parts(verdict)
    twins = registries.aio_twins(value)
    if not twins:
        note = f"{value} has no Aio twin yet: write it, then add {key!r} to {name}"
        return _left(verdict, override.path, where, note)
    table = override.table.name_tables[name]
    last = split_lines(tree.read(override.path) or "", keepends=True)[table.last_entry_line - 1]
    indent = last[: len(last) - len(last.lstrip())]
    line = f"{indent}{key!r}: {twins[0].name},\n"
    if not last.rstrip().endswith(","):
        return _left(verdict, override.path, where, f"add {line.strip()} to {name}")
    edit = AddEntry(name, key, twins[0].name)
    written = [f"adds {line.strip()} to {name}"]
    return PortOutcome(verdict, PortStatus.WRITTEN, override.path, where, written), (
        override.path,
        edit,
    )


def _removal(verdict: FunctionVerdict) -> tuple[PortOutcome, tuple[str, Edit] | None]:
    """botocore deleted the function: its override goes too. Whether aiobotocore still names
    it once the other ports are written is settled by :func:`_follow_removals`."""
    override = verdict.override
    if override is None or override.function is None:
        return _left(verdict, verdict.mirror, verdict.mirror, _REMOVED)
    fn = override.function
    where = f"{override.path}:{override.line} {override.qualname}"
    removed = ["removed: botocore deleted it"]
    outcome = PortOutcome(verdict, PortStatus.WRITTEN, override.path, where, removed)
    return outcome, (override.path, Replace(fn.qualname, ""))


_REMOVED = "botocore deleted it; aiobotocore's references must go"


def _follow_removals(plan: PortPlan, tree: SourceTree) -> None:
    """A deleted function no override holds is ported when, with the other ports written,
    aiobotocore names it nowhere (``get_auth_instance``'s port drops the last call of
    ``check_and_register_feature_id``); else the references left are listed."""
    planned = OverlayTree(tree, plan.writes)
    for outcome in plan.outcomes:
        if outcome.notes != [_REMOVED]:
            continue
        named = re.compile(rf"\b{re.escape(outcome.verdict.change.current.name)}\b")
        left = [
            f"{path}:{number}"
            for path in planned.python_files()
            for number, line in enumerate(split_lines(planned.read(path) or ""), 1)
            if named.search(line)
        ]
        if left:
            outcome.notes = [f"{_REMOVED}: still named at {', '.join(left)}"]
        else:
            outcome.status = PortStatus.WRITTEN
            outcome.notes = ["no reference left once the other ports are written"]


def _into_delegate(
    verdict: FunctionVerdict, coroutines: frozenset[str]
) -> tuple[PortOutcome, tuple[str, Edit]] | None:
    """The port merged into the function a thin override hands its work to
    (``AioSession.create_client`` -> ``_create_client``), when it merges there cleanly."""
    override, coverage, change = verdict.override, verdict.coverage, verdict.change
    if override is None or override.table is None or coverage is None:
        return None
    assert change.old is not None and change.new is not None
    for qualname in coverage.followed:
        delegate = override.table.functions.get(qualname)
        if delegate is None:
            continue
        base, theirs = (_renamed(f.source, f.name, delegate.name) for f in (change.old, change.new))
        foreign = foreign_modules(change.new.imports)
        merged = merge_function(base, theirs, delegate.source, coroutines, foreign=foreign)
        if merged.text is not None and not merged.conflicts:
            where = f"{override.path}:{delegate.def_line} {qualname}"
            note = f"ported where {override.qualname} hands its work to {qualname}"
            edit = (override.path, Replace(delegate.qualname, merged.text))
            outcome = PortOutcome(
                verdict, PortStatus.WRITTEN, override.path, where, [note], qualname
            )
            return outcome, edit
    return None


def _renamed(source: str, name: str, new_name: str) -> str:
    """``source`` with its ``def name(`` read as ``def new_name(``."""
    return re.sub(rf"\bdef {re.escape(name)}\(", f"def {new_name}(", source, count=1)


def _new_override(
    verdict: FunctionVerdict, coroutines: frozenset[str], registries: Registries, tree: SourceTree
) -> tuple[PortOutcome, tuple[str, Edit] | None]:
    """No override yet: botocore's function at TO, in the async dialect, appended to the Aio
    class that stands for its class (or to the mirror module, for a module function)."""
    fn = verdict.change.new
    if fn is None:
        where = f"{verdict.mirror} (no override yet)"
        return _left(verdict, verdict.mirror, where)
    if fn.class_qualname is None:
        path, after = verdict.mirror, None
    else:
        twins = registries.aio_twins(fn.class_qualname.rsplit(".", 1)[-1])
        twins.sort(key=lambda aio: aio.path != verdict.mirror)
        if not twins:
            note = f"no Aio class stands for {fn.class_qualname}: write one by hand"
            if _end_of(tree.read(verdict.mirror) or "", fn.class_qualname) is not None:
                note = (
                    f"{verdict.mirror} re-implements {fn.class_qualname} without subclassing "
                    "botocore's: botocore's code does not carry over, port it by hand"
                )
            where = f"{verdict.mirror} (no override yet)"
            return _left(verdict, verdict.mirror, where, note)
        path, after = twins[0].path, twins[0].name
    text = tree.read(path)
    end = _end_of(text, after) if text is not None else None
    if end is None:
        note = f"{path} has no {after or 'module'} to add it to"
        where = f"{path} (no override yet)"
        return _left(verdict, path, where, note)
    source = fn.source
    if verdict.must_be_async and not is_accessor(fn):
        source = make_async_def(source)
    foreign = foreign_modules(fn.imports)
    source = with_aio_classes(source, verdict, registries)
    lines = [await_calls(line, coroutines, foreign) for line in split_lines(source, True)]
    blank_lines = 1 if after else 2  # PEP 8: one between methods, two between functions
    where = f"{path}:{end + 1 + blank_lines} {(after + '.') if after else ''}{fn.name} (new)"
    early = context_returned_early("".join(lines), verdict.async_contexts)
    if early is not None:
        return _left(verdict, path, where, early)
    body, notes = _uncached_context("".join(lines), verdict)
    symbol = f"{fn.class_qualname}.{fn.name}" if fn.class_qualname else fn.name
    entry = NewEntry(symbol, digest_of(fn.source), verdict.path)
    written = f"{after}.{fn.name}" if after else fn.name
    edit = Append(after, body)
    outcome = PortOutcome(verdict, PortStatus.WRITTEN, path, where, notes, written, entry)
    return outcome, (path, edit)


def _end_of(text: str, class_name: str | None) -> int | None:
    """The last line of class ``class_name`` in ``text`` (of the module, for None)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    if class_name is None:
        return len(split_lines(text))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            return node.end_lineno
    return None


def _apply(text: str, changes: list[Edit], path: str, plan: PortPlan) -> str | None:
    """The file with the edits written by libcst; None (and a note) when the result would not
    parse."""
    try:
        result = write_edits(text, changes)
    except (ValueError, libcst.ParserSyntaxError):
        result = None
    if result is None or not _parses(result, path):
        for outcome in plan.outcomes:
            if outcome.path == path and outcome.status is PortStatus.WRITTEN:
                outcome.status = PortStatus.LEFT
                outcome.notes.append(f"{path} would not parse once written: nothing written")
        return None
    return result


def _parses(text: str, path: str) -> bool:
    try:
        ast.parse(text)
        libcst.parse_module(text)
        read_functions(text, path)
    except (SyntaxError, ValueError, libcst.ParserSyntaxError, ParseFailure):
        return False
    return True
