"""What the language server knows of the workspace: the range's classification, computed
once in a worker thread, and the per-document work done on it. Nothing here speaks LSP."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botoport.cache.folder import EDITOR_SOURCES, claim
from botoport.config import KEYS, Config
from botoport.document import Finding, OverrideSite, document_findings, verdict_at
from botoport.fileio import write_atomically
from botoport.mirror.counterparts import BotocoreModules
from botoport.mirror.trees import PATCHES_PATH, PYPROJECT_PATH
from botoport.patches.compute import compute_digests, missing_digests
from botoport.port.classify import PortReport
from botoport.port.merge import foreign_modules, merge_function
from botoport.port.rules import Verdict
from botoport.port.transition import GENERIC_NAMES
from botoport.ranges import newest_admitted, working_range
from botoport.sources.base import BotocoreSource
from botoport.sources.checkout import DirectoryTree
from botoport.sources.revisions import head_commit, head_reader
from botoport.syntax.functions import read_functions
from botoport.workspace import Workspace


def settings_to_flags(settings: dict[str, Any] | None) -> dict[str, Any]:
    """Editor settings (``target``, ``botocoreClone`` or ``botocore-clone``, ...) as the
    config layer's flags, values as the editor sent them (``cacheDir: 5`` is the config
    layer's error, not a folder named ``5``); unknown keys are left for it to reject."""
    flags: dict[str, Any] = {}
    for key, value in (settings or {}).items():
        kebab = "".join(f"-{c.lower()}" if c.isupper() else c for c in key)
        if kebab in KEYS and value not in (None, ""):
            flags[kebab] = value
    return flags


@dataclass
class Analysis:
    """One classification of the workspace's range, and what per-document work needs."""

    tree: DirectoryTree
    config: Config
    source: BotocoreSource
    report: PortReport
    drift_version: str
    modules: BotocoreModules
    workspace: Workspace
    _heads: dict[tuple[str | None, str], str | None] = field(default_factory=dict)
    _missing: dict[str, list[str]] | None = None
    _coroutines: frozenset[str] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def range_text(self) -> str:
        """``FROM -> TO`` for messages."""
        return f"{self.report.from_version} -> {self.report.to_version}"

    def head_text(self, path: str) -> str | None:
        """The file at HEAD, read once per commit (a commit made meanwhile moves the baseline
        the drift of edits is measured from)."""
        with self._lock:
            key = (head_commit(self.tree.root), path)
            if key not in self._heads:
                self._heads[key] = head_reader(self.tree.root)(path)
            return self._heads[key]

    def findings(self, path: str, text: str) -> list[Finding]:
        """Port and drift findings of one document (ParseFailure when it does not parse)."""
        return document_findings(self.report, path, text, self.head_text(path), self.modules)

    def site_at(self, path: str, text: str, line: int) -> OverrideSite | None:
        """The port verdict whose override spans ``line`` of the document, if any."""
        return verdict_at(self.report, path, read_functions(text, path), line)

    def port_edit(self, site: OverrideSite) -> tuple[int, int, str] | None:
        """botocore's change merged into the override at ``site`` as the buffer has it:
        ``(first line, last line, new text)``, or None when it does not merge cleanly."""
        verdict, fn = site.verdict, site.function
        change = verdict.change
        if fn is None or change.old is None or change.new is None:
            return None
        if verdict.verdict is not Verdict.PORT_REQUIRED:
            return None
        coroutines = self.coroutines()
        make_async = verdict.must_be_async and not fn.is_async
        foreign = foreign_modules(change.new.imports)
        merged = merge_function(
            change.old.source, change.new.source, fn.source, coroutines, make_async, foreign
        )
        if merged.text is None or merged.conflicts or merged.text == fn.source:
            return None
        return fn.start_line, fn.end_line, merged.text

    def coroutines(self) -> frozenset[str]:
        """aiobotocore's coroutine names a merged port awaits (read once per analysis)."""
        with self._lock:
            if self._coroutines is None:
                registries = self.workspace.registries
                self._coroutines = frozenset(registries.coroutines - GENERIC_NAMES)
            return self._coroutines

    def missing_digests(self) -> dict[str, list[str]]:
        """test_patches.py digests botocore at TO needs and the file lacks (computed once)."""
        with self._lock:
            if self._missing is None:
                patches = self.tree.read(PATCHES_PATH) or ""
                version = self.report.to_version
                results = compute_digests(patches, lambda p: self.source.read(version, p))
                self._missing = missing_digests(results)
            return self._missing

    def patches_update(self) -> tuple[str, str]:
        """test_patches.py as it is, and with the missing digests added."""
        from botoport.patches.writer import add_digests  # libcst: only for this code action

        text = self.tree.read(PATCHES_PATH) or ""
        return text, add_digests(text, self.missing_digests())

    def botocore_file(self, version: str, path: str) -> Path:
        """A read-only copy of a botocore file at ``version`` in the cache, for the editor."""
        part = self.config.cache_dir() / EDITOR_SOURCES
        target = part / version / path
        if not target.exists():
            text = self.source.read(version, path)
            if text is None:
                raise FileNotFoundError(f"botocore {version} has no {path}")
            claim(part)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, text)
            os.chmod(target, 0o444)
        return target


def analyse(root: Path, settings: dict[str, Any] | None) -> Analysis:
    """Classify the workspace's range (BotoportError on a bad setting, tree or source): the
    working range (:func:`botoport.ranges.working_range`), drift against what the tree admits."""
    workspace = Workspace.open(root, settings_to_flags(settings))
    tree, source, config = workspace.require_checkout(), workspace.source, workspace.config
    head_pyproject = head_reader(tree.root)(PYPROJECT_PATH)
    from_v, to_v = working_range(source, tree, head_pyproject, config["target"])
    report = workspace.classify(tree, from_v, to_v)
    drift_version = newest_admitted(tree, source.releases())
    modules = BotocoreModules(lambda path: source.read(drift_version, path), drift_version)
    return Analysis(tree, config, source, report, drift_version, modules, workspace)
