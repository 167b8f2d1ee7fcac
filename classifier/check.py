"""A classification run: the range checked, the changed mirror files read from the botocore
source, the pure core called, and each port-required function's "introduced in" found."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from botoport.cache.parsed import ParseCache
from botoport.errors import BotoportError
from botoport.mirror.paths import botocore_path_of
from botoport.mirror.trees import SourceTree
from botoport.port.classify import (
    FileSources,
    PortReport,
    classify_sources,
    has_mirror,
    introduced_in,
    module_table,
)
from botoport.port.methods import ClassifyOptions, MethodIndex
from botoport.port.registries import Registries
from botoport.port.rules import Signal, Verdict
from botoport.port.table_entries import entry_key
from botoport.ranges import check_range
from botoport.sources.base import BotocoreSource
from botoport.syntax.functions import ModuleTable
from packaging.version import Version


def run_check(
    source: BotocoreSource,
    tree: SourceTree,
    from_v: str | None = None,
    to_v: str | None = None,
    registries: Registries | None = None,
    history: bool = True,
    tables: ParseCache | None = None,
    parallel: Mapping[str, Sequence[str]] | None = None,
) -> PortReport:
    """Classify the bump FROM -> TO of ``source`` against the aiobotocore ``tree``.

    The range follows :func:`botoport.ranges.check_range`. With ``history`` (the default)
    every release between FROM and TO is read to find each port-required function's
    "introduced in" release. ``tables`` caches parsed modules (by blob SHA) across releases
    and, when it has a folder, across runs. ``parallel`` names the botocore classes
    aiobotocore re-implements without subclassing (``[tool.botoport]``).
    """
    from_v, to_v = check_range(source, tree, from_v, to_v)
    tables = tables or ParseCache()
    registries = registries or tables.registries(tree)
    files = [
        FileSources(path, source.read(from_v, path), source.read(to_v, path))
        for path in source.changed_files(from_v, to_v)
        if has_mirror(path, tree)
    ]
    options = ClassifyOptions(
        methods=method_index(source, to_v, tree, tables),
        parallel={k: tuple(v) for k, v in (parallel or {}).items()},
    )
    report = classify_sources(files, registries, tree, from_v, to_v, tables.table, options)
    if report.errors:
        raise BotoportError(report.errors[0])
    if history:
        _add_introduced_in(report, source, tables)
    tables.flush()
    return report


def method_index(
    source: BotocoreSource, version: str, tree: SourceTree, tables: ParseCache
) -> MethodIndex:
    """The method index over botocore's mirror modules at ``version`` (read on first lookup)."""

    def modules() -> list[tuple[str, ModuleTable | None]]:
        paths = [botocore_path_of(p) for p in tree.python_files()]
        return [
            (path, module_table(source.read(version, path), path, tables.table))
            for path in paths
            if has_mirror(path, tree)
        ]

    return MethodIndex(modules)


def _add_introduced_in(report: PortReport, source: BotocoreSource, cache: ParseCache) -> None:
    """For each port-required function, the release since which it has been as at TO."""
    between = [
        v
        for v in source.releases()
        if Version(report.from_version) < Version(v) <= Version(report.to_version)
    ]
    tables: dict[tuple[str, str], ModuleTable | None] = {}

    def table(version: str, path: str) -> ModuleTable | None:
        # Several port-required functions of one file share each release's parse.
        if (version, path) not in tables:
            tables[(version, path)] = module_table(source.read(version, path), path, cache.table)
        return tables[(version, path)]

    for verdict in report.verdicts:
        if verdict.verdict is not Verdict.PORT_REQUIRED or verdict.change.new is None:
            continue
        history = ((v, table(v, verdict.path)) for v in reversed(between))
        entry = None
        if verdict.signal is Signal.NEW_TABLE_ENTRY:
            entry = (verdict.change.current.name, entry_key(verdict))
        verdict.introduced_in = introduced_in(verdict.qualname, history, entry)
