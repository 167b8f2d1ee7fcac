"""``botoport check`` without the shell: resolve the range, read the files, call the core."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from botoport.cache.tables import TableCache
from botoport.config import DEFAULT_BOTOCORE_URL, Config
from botoport.errors import BotoportError
from botoport.mirror.paths import botocore_path_of
from botoport.port.classify import (
    FileSources,
    PortReport,
    classify_sources,
    has_mirror,
    introduced_in,
    module_table,
)
from botoport.port.registries import Registries
from botoport.port.rules import Signal, Verdict
from botoport.port.tables import entry_key
from botoport.sources.base import BotocoreSource, known_releases, require_releases
from botoport.sources.git import GitSource, ManagedClone
from botoport.sources.http import pip_index_settings
from botoport.sources.index import IndexSource
from botoport.sources.trees import PYPROJECT_PATH, SourceTree
from botoport.syntax.functions import ModuleTable
from botoport.versions import botocore_bounds, release, tree_bounds
from packaging.version import Version


def index_source(config: Config, project: str = "botocore") -> IndexSource:
    """Releases of ``project`` from the index the settings (or pip) name, through the cache."""
    settings = pip_index_settings(index_url=config["index-url"], timeout=config.download_timeout())
    return IndexSource(config.cache_dir(), settings, project=project)


def companion_releases(config: Config) -> Callable[[str], list[str]]:
    """``name -> releases`` of boto3 or awscli on the index (empty when it cannot be read: the
    sync then leaves that companion's bounds as they are and says so)."""

    def releases(name: str) -> list[str]:
        try:
            return index_source(config, name).releases()
        except BotoportError:
            return []

    return releases


def botocore_source(config: Config) -> BotocoreSource:
    """The botocore source the settings name: the index, a managed clone or a given clone."""
    clone = config["botocore-clone"]
    if clone is None:
        return index_source(config)
    if clone == "auto":
        url = config["botocore-url"] or DEFAULT_BOTOCORE_URL
        return ManagedClone(config.cache_dir(), url, config.download_timeout())
    return GitSource(Path(clone).expanduser())


def newest_release(index: IndexSource, why_none: str) -> str:
    """The newest release of the index's project; BotoportError ``why_none`` when it has none."""
    releases = index.releases()
    if not releases:
        index.refresh()
        releases = index.releases()
    if not releases:
        raise BotoportError(why_none)
    return releases[-1]


def newest_admitted(tree: SourceTree, releases: list[str]) -> str:
    """The newest release the tree's ``pyproject.toml`` admits; BotoportError when none does."""
    version = tree_bounds(tree).newest_admitted(releases)
    if version is None:
        raise BotoportError(f"no botocore release satisfies the bounds in {PYPROJECT_PATH}")
    return version


def head_admitted(
    tree: SourceTree, read_head: Callable[[str], str | None], releases: list[str]
) -> str:
    """The newest release HEAD's ``pyproject.toml`` admits (the tree's before the first commit)."""
    head_text = read_head(PYPROJECT_PATH)
    if head_text is None:
        return newest_admitted(tree, releases)
    admitted = botocore_bounds(head_text, f"HEAD:{PYPROJECT_PATH}").newest_admitted(releases)
    if admitted is None:
        raise BotoportError(f"no botocore release satisfies the bounds in HEAD:{PYPROJECT_PATH}")
    return admitted


def resolve_range(
    source: BotocoreSource, tree: SourceTree, from_v: str | None, to_v: str | None
) -> tuple[str, str]:
    """FROM defaults to the newest release the pyproject admits, TO to the newest release."""
    releases = known_releases(source)
    if from_v is None:
        from_v = newest_admitted(tree, releases)
    if to_v is None:
        to_v = releases[-1]
    from_v, to_v = release(from_v, "--from"), release(to_v, "--to")
    require_releases(source, (from_v, to_v))
    if Version(from_v) > Version(to_v):
        raise BotoportError(f"--from {from_v} is newer than --to {to_v}")
    return from_v, to_v


def run_check(
    source: BotocoreSource,
    tree: SourceTree,
    from_v: str | None = None,
    to_v: str | None = None,
    registries: Registries | None = None,
    history: bool = True,
    tables: TableCache | None = None,
    parallel: Mapping[str, Sequence[str]] | None = None,
) -> PortReport:
    """Classify the bump FROM -> TO of ``source`` against the aiobotocore ``tree``.

    With ``history`` (the default) every release between FROM and TO is read to find each
    port-required function's "introduced in" release. ``tables`` caches parsed modules (by
    blob SHA) across releases and, when it has a folder, across runs. ``parallel`` names the
    botocore classes aiobotocore re-implements without subclassing (``[tool.botoport]``).
    """
    tables = tables or TableCache()
    registries = registries or tables.registries(tree)
    if parallel:
        registries = replace(registries, parallel={k: tuple(v) for k, v in parallel.items()})
    from_v, to_v = resolve_range(source, tree, from_v, to_v)
    files = [
        FileSources(path, source.read(from_v, path), source.read(to_v, path))
        for path in source.changed_files(from_v, to_v)
        if has_mirror(path, tree)
    ]
    owners = MethodOwners(source, to_v, tree, tables)
    registries = replace(registries, method_owners=owners)
    report = classify_sources(files, registries, tree, from_v, to_v, tables.table)
    if report.errors:
        raise BotoportError(report.errors[0])
    if history:
        _add_introduced_in(report, source, tables)
    tables.flush()
    return report


def run_configured(
    source: BotocoreSource, tree: SourceTree, from_v: str, to_v: str, config: Config
) -> PortReport:
    """``run_check`` with the settings' table cache and parallel classes."""
    tables = TableCache(config.cache_dir())
    return run_check(source, tree, from_v, to_v, tables=tables, parallel=config["parallel"])


class MethodOwners:
    """``name -> [(class, path)]`` over botocore's mirror modules at one release, built on first
    use (only a call on an untyped receiver asks) from the cached function tables."""

    def __init__(
        self, source: BotocoreSource, version: str, tree: SourceTree, tables: TableCache
    ) -> None:
        self.source, self.version, self.tree, self.tables = source, version, tree, tables
        self._index: dict[str, list[tuple[str, str]]] | None = None

    def __call__(self, name: str) -> list[tuple[str, str]]:
        if self._index is None:
            self._index = self._build()
        return self._index.get(name, [])

    def _build(self) -> dict[str, list[tuple[str, str]]]:
        index: dict[str, list[tuple[str, str]]] = {}
        for aio_path in self.tree.python_files():
            path = botocore_path_of(aio_path)
            if not has_mirror(path, self.tree):
                continue
            table = module_table(self.source.read(self.version, path), path, self.tables.table)
            for fn in table.functions.values() if table else ():
                if fn.class_qualname is not None:
                    index.setdefault(fn.name, []).append((fn.class_qualname, path))
        return index


def _add_introduced_in(report: PortReport, source: BotocoreSource, cache: TableCache) -> None:
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


def committed_range(
    source: BotocoreSource,
    tree: SourceTree,
    base_pyproject: str | None,
    where: str,
    to_v: str | None = None,
) -> tuple[str, str]:
    """The range of a committed bump: FROM is the newest release the base revision's
    ``pyproject.toml`` admits, TO (unless given) the newest release ``tree`` admits."""
    releases = known_releases(source)
    if base_pyproject is None:
        raise BotoportError(f"{where} is missing")
    from_v = botocore_bounds(base_pyproject, where).newest_admitted(releases)
    if from_v is None:
        raise BotoportError(f"no botocore release satisfies the bounds in {where}")
    return resolve_range(source, tree, from_v, to_v or newest_admitted(tree, releases))


def working_range(
    source: BotocoreSource, tree: SourceTree, head_pyproject: str | None, target: str | None
) -> tuple[str, str]:
    """The range of a port in progress: FROM is the newest release HEAD's ``pyproject.toml``
    admits; TO is ``target`` when set, else the newest release the working tree admits when
    its bound has been raised, else the newest release."""
    releases = known_releases(source)
    work = tree_bounds(tree)
    head = botocore_bounds(head_pyproject, f"HEAD:{PYPROJECT_PATH}") if head_pyproject else work
    from_v = head.newest_admitted(releases)
    if from_v is None:
        raise BotoportError(f"no botocore release satisfies the bounds in HEAD:{PYPROJECT_PATH}")
    if target is not None:
        to_v = target
    elif head.specifier != work.specifier:
        to_v = newest_admitted(tree, releases)
    else:
        to_v = releases[-1]
    return resolve_range(source, tree, from_v, to_v)
