"""The pure core: botocore sources and an aiobotocore tree in, a PortReport out.

It reads only what it is given, prints nothing and raises nothing for bad source text: a file
that does not parse becomes an entry of ``PortReport.errors``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

from botoport.mirror.paths import aio_path_of, can_mirror
from botoport.mirror.trees import SourceTree
from botoport.port.coverage import Coverage, port_coverage
from botoport.port.funcdiff import ChangeKind, diff_tables, unified_diff
from botoport.port.methods import ClassifyOptions
from botoport.port.registries import AioClass, Registries
from botoport.port.rules import (
    DEFAULT_OPTIONS,
    FunctionVerdict,
    Override,
    Signal,
    Verdict,
    aio_candidates,
    classify_change,
    propagate,
)
from botoport.port.table_entries import table_entry_verdicts, table_port
from botoport.port.transition import GENERIC_NAMES, call_sites, unawaited_lines
from botoport.syntax.functions import (
    FunctionInfo,
    ModuleTable,
    ParseFailure,
    deeply,
    read_functions,
)
from packaging.version import Version

Parser = Callable[[str, str], ModuleTable]
"""``(text, path) -> ModuleTable``, raising ParseFailure: ``read_functions`` or a cache of it."""


@dataclass(frozen=True)
class FileSources:
    """One botocore module at FROM and at TO (None where the file does not exist)."""

    path: str
    old: str | None
    new: str | None


@dataclass
class PortReport:
    """Per-function verdicts for FROM -> TO and what follows from them."""

    from_version: str
    to_version: str
    files: list[str]
    verdicts: list[FunctionVerdict]
    errors: list[str] = field(default_factory=list)

    @property
    def classification(self) -> str:
        """SPEC's roll-up: port-required, ambiguous or no-port."""
        found = {v.verdict for v in self.verdicts}
        if Verdict.PORT_REQUIRED in found:
            return "port-required"
        if Verdict.AMBIGUOUS in found:
            return "ambiguous"
        return "no-port"

    def count(self, verdict: Verdict) -> int:
        """How many functions got ``verdict``."""
        return sum(1 for v in self.verdicts if v.verdict is verdict)

    @property
    def lower_bound(self) -> str | None:
        """The lowest LOWER a port may declare: the latest "introduced in" of its changes."""
        versions = [
            v.introduced_in
            for v in self.verdicts
            if v.verdict is Verdict.PORT_REQUIRED and v.introduced_in
        ]
        return max(versions, key=Version) if versions else None


def classify_sources(
    files: Sequence[FileSources],
    registries: Registries,
    aio_tree: SourceTree,
    from_version: str,
    to_version: str,
    parse: Parser = read_functions,
    options: ClassifyOptions = DEFAULT_OPTIONS,
) -> PortReport:
    """Classify every function that differs in ``files`` (mirror files only) for one bump.

    ``parse`` builds function tables; pass a :class:`~botoport.cache.parsed.ParseCache`'s
    ``table`` to reuse tables across runs. ``options``: botocore's method index at TO and
    the declared parallel classes.
    """
    report = PortReport(from_version, to_version, [], [])
    aio_tables: dict[str, ModuleTable | None] = {}
    for file in files:
        if not has_mirror(file.path, aio_tree):
            continue
        report.files.append(file.path)
        try:
            report.verdicts.extend(
                deeply(partial(_classify_file, file, registries, report, parse, options), file.path)
            )
        except ParseFailure as exc:
            report.errors.append(f"{file.path}: {exc}")
    propagate(report.verdicts)
    for verdict in report.verdicts:
        if verdict.signal is Signal.NEW_TABLE_ENTRY:
            aio_table = _aio_table(verdict.mirror, aio_tree, aio_tables)
            verdict.override, verdict.coverage = table_port(verdict, aio_table)
            verdict.diff = unified_diff(verdict.change, verdict.path, from_version, to_version)
            continue
        try:
            override = deeply(
                partial(find_override, verdict, registries, aio_tree, aio_tables), verdict.path
            )
            deeply(
                partial(_add_port_details, verdict, override, from_version, to_version),
                verdict.qualname,
            )
            if verdict.coverage is not None:
                deeply(partial(_add_transition, verdict, registries, aio_tree), verdict.qualname)
        except ParseFailure as exc:
            report.errors.append(f"{verdict.path}: {exc}")
    return report


def has_mirror(path: str, aio_tree: SourceTree) -> bool:
    """SPEC: ``botocore/<p>.py`` is ported when ``aiobotocore/<p>.py`` exists; package
    ``__init__.py`` files are aiobotocore's own and never mirrors."""
    return can_mirror(path) and aio_tree.read(aio_path_of(path)) is not None


def _classify_file(
    file: FileSources,
    registries: Registries,
    report: PortReport,
    parse: Parser,
    options: ClassifyOptions,
) -> list[FunctionVerdict]:
    tables = []
    versions = (report.from_version, report.to_version)
    for text, version in zip((file.old, file.new), versions, strict=True):
        try:
            tables.append(parse(text or "", file.path))
        except ParseFailure as exc:
            report.errors.append(f"{file.path} at {version} does not parse: {exc}")
            return []
    old, new = tables
    added_classes = frozenset(set(new.classes) - set(old.classes))
    return [
        *(
            classify_change(
                file.path, change, new if change.new else old, registries, added_classes, options
            )
            for change in diff_tables(old, new)
        ),
        *table_entry_verdicts(file.path, old, new, registries),
    ]


def find_override(
    verdict: FunctionVerdict,
    registries: Registries,
    aio_tree: SourceTree,
    aio_tables: dict[str, ModuleTable | None],
) -> Override | None:
    """The aiobotocore function that overrides the verdict's botocore function, if any (for
    a rename, the override of its old name when none has the new one yet)."""
    found = _find_override(verdict, verdict.change.current, registries, aio_tree, aio_tables)
    old = verdict.change.old
    if found is None and verdict.change.kind is ChangeKind.RENAMED and old is not None:
        found = _find_override(verdict, old, registries, aio_tree, aio_tables)
    return found


def _find_override(
    verdict: FunctionVerdict,
    fn: FunctionInfo,
    registries: Registries,
    aio_tree: SourceTree,
    aio_tables: dict[str, ModuleTable | None],
) -> Override | None:
    mirror = verdict.mirror
    if verdict.signal is Signal.NEW_CLASS and fn.class_qualname is not None:
        # A new class is ported by its Aio twin, whatever methods that twin defines.
        twins = registries.aio_twins(fn.class_qualname.rsplit(".", 1)[-1])
        return Override(twins[0].path, twins[0].line, twins[0].name) if twins else None
    if fn.class_qualname is None:
        table = _aio_table(mirror, aio_tree, aio_tables)
        found = table.functions.get(fn.name) if table else None
        return Override(mirror, found.def_line, fn.name, found, table) if found else None
    for aio in aio_candidates(verdict.path, fn.class_qualname, verdict.table, registries):
        if _stands_for_its_own(aio, fn, verdict.table):
            continue
        table = _aio_table(aio.path, aio_tree, aio_tables)
        if fn.name in aio.methods:
            qual = f"{aio.name}.{fn.name}"
            found = table.functions.get(qual) if table else None
            return Override(aio.path, aio.methods[fn.name], qual, found, table)
        # A mixin of the module the Aio class takes the method from (``_ChecksumMixin``).
        mixin = _mixin_method(aio.bases, fn.name, table)
        if mixin is not None:
            return Override(aio.path, mixin.def_line, mixin.qualname, mixin, table)
    # A class the mirror module re-implements under botocore's own name (aiobotocore's
    # ``StreamingBody`` wraps aiohttp's response rather than subclassing botocore's).
    table = _aio_table(mirror, aio_tree, aio_tables)
    found = table.functions.get(fn.qualname) if table else None
    return Override(mirror, found.def_line, fn.qualname, found, table) if found else None


def _stands_for_its_own(aio: AioClass, fn: FunctionInfo, botocore: ModuleTable) -> bool:
    """True when ``aio`` twins a botocore subclass of ``fn``'s class that defines ``fn``'s
    method itself: its override stands for that subclass's method, not for ``fn``
    (``AioDeferredRefreshableCredentials.__init__`` is not ``RefreshableCredentials.__init__``)."""
    own = (fn.class_qualname or "").rsplit(".", 1)[-1]
    stands_for = aio.botocore_bases or (aio.name[3:],)  # a re-based twin stands for its name
    twinned = [b for b in stands_for if b != own]
    return (
        bool(twinned)
        and own not in stands_for
        and all(
            any(q.rsplit(".", 1)[-1] == b for q in botocore.classes)
            and f"{_qualname_of(b, botocore)}.{fn.name}" in botocore.functions
            for b in twinned
        )
    )


def _qualname_of(class_name: str, table: ModuleTable) -> str:
    return next((q for q in table.classes if q.rsplit(".", 1)[-1] == class_name), class_name)


def _mixin_method(
    bases: tuple[str, ...], name: str, table: ModuleTable | None
) -> FunctionInfo | None:
    """``name`` as a class of the Aio module among ``bases`` defines it (a mixin)."""
    if table is None:
        return None
    for base in bases:
        found = table.functions.get(f"{base}.{name}")
        if found is not None and base in table.classes:
            return found
    return None


def _aio_table(
    path: str, aio_tree: SourceTree, cache: dict[str, ModuleTable | None]
) -> ModuleTable | None:
    if path not in cache:
        text = aio_tree.read(path)
        try:
            cache[path] = read_functions(text, path) if text is not None else None
        except ParseFailure:
            cache[path] = None
    return cache[path]


def _add_port_details(
    verdict: FunctionVerdict, override: Override | None, from_v: str, to_v: str
) -> None:
    verdict.override = override
    verdict.diff = unified_diff(verdict.change, verdict.path, from_v, to_v)
    coverage: Coverage | None = None
    if (
        verdict.verdict is Verdict.PORT_REQUIRED
        and override is not None
        and override.function is not None
        and override.table is not None
        and verdict.change.kind is not ChangeKind.REMOVED
    ):
        coverage = port_coverage(verdict.change, override.function, override.table)
    verdict.coverage = coverage


def _add_transition(verdict: FunctionVerdict, registries: Registries, aio_tree: SourceTree) -> None:
    """The async side of a port: a ``def`` override that must become ``async def`` and the
    aiobotocore calls that must await it; lines taken from botocore that call a coroutine
    without ``await``."""
    override, coverage = verdict.override, verdict.coverage
    if override is None or override.function is None or coverage is None:
        return
    coroutines = registries.coroutines - GENERIC_NAMES
    introduced = [line.text for line in verdict.change.introduced]
    coverage.unawaited = unawaited_lines(override.function, introduced, coroutines)
    if not verdict.must_be_async or is_accessor(override.function):
        return  # a property cannot be awaited: porting one is a person's call
    # Already async or not yet, every aiobotocore call of it must await it (a naive port
    # makes the override async and leaves its callers calling it as before).
    coverage.must_become_async = not override.function.is_async
    modules = ((p, aio_tree.read(p) or "") for p in aio_tree.python_files())
    sites = call_sites(
        override.function.name, override.function.class_qualname, override.path, modules
    )
    coverage.await_required_at = [site for site in sites if not site.awaited]


_ACCESSORS = ("property", "cached_property", "cachedproperty", "setter", "getter", "deleter")


def is_accessor(fn: FunctionInfo) -> bool:
    """A property getter, setter or deleter (``@property``, ``@x.setter``, ``@cached_property``,
    botocore's ``@CachedProperty``): it cannot be awaited, so it never becomes async."""
    return any(d.split(".")[-1].lower() in _ACCESSORS for d in fn.decorators)


def module_table(
    text: str | None, path: str = "<source>", parse: Parser = read_functions
) -> ModuleTable | None:
    """The function table of one version of a module (None if absent or it does not parse)."""
    if text is None:
        return None
    try:
        return parse(text, path)
    except ParseFailure:
        return None


def introduced_in(
    qualname: str,
    history: Iterable[tuple[str, ModuleTable | None]],
    entry: tuple[str, str] | None = None,
) -> str | None:
    """The first release of the run of releases, ending at TO, whose version of the function
    (of a table entry's value, for ``entry``: the table's name and the key) equals TO's, in
    canonical form. ``history`` is (version, module table) from TO backwards to just after
    FROM."""
    first: str | None = None
    target: object = None
    for version, table in history:
        state = _entry_state(table, *entry) if entry else _function_state(table, qualname)
        if first is None:
            target = state
        elif state != target:
            break
        first = version
    return first


def _function_state(table: ModuleTable | None, qualname: str) -> object:
    fn = table.functions.get(qualname) if table else None
    return fn.canonical_text if fn else None


def _entry_state(table: ModuleTable | None, name: str, key: str) -> object:
    found = table.name_tables.get(name) if table else None
    return found.entries.get(key) if found else None
