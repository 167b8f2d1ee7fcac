"""One run's world, built once: the aiobotocore checkout, the settings, the botocore source,
the parsed-table cache and the checkout's registries — each made on first use.

Every shell (the ``botoport`` subcommands, the pre-commit hooks, the language server) opens a
``Workspace`` and asks it; none builds a source or a cache of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from botoport.cache.parsed import ParseCache
from botoport.config import DEFAULT_BOTOCORE_URL, Config, load_config
from botoport.drift.compare import DriftReport, EditedFile
from botoport.errors import BotoportError
from botoport.mirror.trees import PYPROJECT_PATH, SourceTree
from botoport.port.classify import PortReport
from botoport.port.registries import Registries
from botoport.ranges import drift_version
from botoport.sources.base import BotocoreSource
from botoport.sources.checkout import DirectoryTree, find_checkout
from botoport.sources.index import IndexSource
from botoport.testport.files import TestFiles
from botoport.versions import release


@dataclass
class Workspace:
    """The checkout (None where there is none), the settings in force, and what they name."""

    checkout: DirectoryTree | None
    config: Config
    why_no_checkout: str = ""
    _tables: ParseCache | None = field(default=None, repr=False)

    @classmethod
    def open(
        cls,
        root: Path | None,
        flags: Mapping[str, Any] | None = None,
        *,
        required: bool = True,
        flags_where: str = "--{key}",
    ) -> Workspace:
        """The checkout at ``root`` (else around the current directory) with its settings.

        Without ``required``, a missing checkout is allowed (the run falls back to a release
        on the index) and its reason kept; a ``root`` that was named must be a checkout.
        """
        checkout, why_not = _checkout(root, required)
        return cls(checkout, _settings(flags or {}, checkout, flags_where), why_not)

    @classmethod
    def of_tree(cls, tree: SourceTree) -> Workspace:
        """The workspace of a tree read as it is (the commit a hook judges, a revision): its
        settings are its own ``pyproject.toml``'s and the environment's; no flags."""
        text = tree.read(PYPROJECT_PATH)
        return cls(None, load_config(pyproject_text=text, pyproject_where=PYPROJECT_PATH))

    def require_checkout(self) -> DirectoryTree:
        """The checkout, for a run that cannot do without one (BotoportError why not)."""
        if self.checkout is None:
            raise BotoportError(self.why_no_checkout)
        return self.checkout

    def aiobotocore_tree(self, from_version: str | None) -> tuple[SourceTree, str]:
        """The checkout, else the aiobotocore release on the index whose range admits FROM
        (the newest release without FROM); and the note that says which was used."""
        if self.checkout is not None:
            return self.checkout, ""
        from botoport.sources.index import aiobotocore_release_for

        index = self.index("aiobotocore")
        if from_version is not None:
            version = aiobotocore_release_for(release(from_version, "--from"), index)
        else:
            why = f"{self.why_no_checkout}; and the index has no aiobotocore release"
            version = _newest_release(index, why)
        note = f"note: no aiobotocore checkout here; using aiobotocore {version} from the "
        note += "package index\n"
        return index.tree(version), note

    @cached_property
    def source(self) -> BotocoreSource:
        """The botocore source the settings name: the index, a managed clone or a given clone."""
        from botoport.sources.git import GitSource, ManagedClone

        clone = self.config["botocore-clone"]
        if clone is None:
            return self.index("botocore")
        if clone == "auto":
            url = self.config["botocore-url"] or DEFAULT_BOTOCORE_URL
            return ManagedClone(self.config.cache_dir(), url, self.config.download_timeout())
        return GitSource(Path(clone).expanduser())

    @cached_property
    def test_files(self) -> TestFiles:
        """botocore's tests: from the clone the settings name, else from each release's sdist
        on the index (wheels carry no tests)."""
        from botoport.sources.git import GitSource
        from botoport.testport.files import CloneTests

        source = self.source
        return CloneTests(source) if isinstance(source, GitSource) else self.index("botocore-tests")

    def index(self, project: str) -> IndexSource:
        """Releases of ``project`` from the index the settings (or pip) name, through the cache."""
        return index_source(self.config, project)

    @property
    def tables(self) -> ParseCache:
        """The parsed-table cache in the settings' cache folder (one per workspace)."""
        if self._tables is None:
            self._tables = ParseCache(self.config.cache_dir())
        return self._tables

    @cached_property
    def registries(self) -> Registries:
        """The checkout's async registries (through the table cache)."""
        return self.tables.registries(self.require_checkout())

    @property
    def parallel(self) -> Mapping[str, tuple[str, ...]]:
        """``[tool.botoport] parallel``: botocore classes re-implemented without subclassing."""
        return {k: tuple(v) for k, v in (self.config["parallel"] or {}).items()}

    def classify(
        self, tree: SourceTree, from_v: str | None, to_v: str | None, history: bool = True
    ) -> PortReport:
        """Classify FROM -> TO against ``tree`` with this workspace's source, cache and settings."""
        from botoport.check import run_check

        source = self.source  # a source that cannot be opened fails before anything is cached
        registries = self.registries if tree is self.checkout else None
        return run_check(
            source,
            tree,
            from_v,
            to_v,
            registries,
            history=history,
            tables=self.tables,
            parallel=self.parallel,
        )

    def drift(self, tree: SourceTree, files: list[EditedFile], version: str | None) -> DriftReport:
        """Audit ``files`` of ``tree`` against botocore at ``version`` (else ``target``, else
        the newest release the tree admits: :func:`botoport.ranges.drift_version`)."""
        from botoport.drift.compare import drift_files

        version = drift_version(self.source, tree, version or self.config["target"])
        return drift_files(files, lambda path: self.source.read(version, path), version)

    def companion_releases(self) -> Callable[[str], list[str]]:
        """``name -> releases`` of boto3 or awscli on the index (empty when it cannot be read:
        the sync then leaves that companion's bounds as they are and says so)."""

        def releases(name: str) -> list[str]:
            try:
                return self.index(name).releases()
            except BotoportError:
                return []

        return releases


def index_source(config: Config, project: str = "botocore") -> IndexSource:
    """Releases of ``project`` from the index ``config`` (or pip) names, through the cache."""
    from botoport.sources.http import pip_index_settings

    settings = pip_index_settings(index_url=config["index-url"], timeout=config.download_timeout())
    return IndexSource(config.cache_dir(), settings, project=project)


def _newest_release(index: IndexSource, why_none: str) -> str:
    """The newest release of the index's project; BotoportError ``why_none`` when it has none."""
    releases = index.releases()
    if not releases:
        index.refresh()
        releases = index.releases()
    if not releases:
        raise BotoportError(why_none)
    return releases[-1]


def _checkout(root: Path | None, required: bool) -> tuple[DirectoryTree | None, str]:
    if required or root is not None:
        return find_checkout(root), ""
    try:
        return find_checkout(None), ""
    except BotoportError as exc:
        return None, str(exc)


def _settings(flags: Mapping[str, Any], checkout: DirectoryTree | None, flags_where: str) -> Config:
    text = checkout.read(PYPROJECT_PATH) if checkout is not None else None
    where = str((checkout.root if checkout is not None else Path(".")) / PYPROJECT_PATH)
    return load_config(
        dict(flags), pyproject_text=text, pyproject_where=where, flags_where=flags_where
    )
