"""What the language server knows of the workspace: the range's classification, computed
once in a worker thread, and the per-document work done on it. Nothing here speaks LSP."""

from __future__ import annotations

import difflib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botoport.cache.folder import EDITOR_SOURCES, claim
from botoport.config import KEYS, Config
from botoport.document import (
    Finding,
    OverrideSite,
    as_in_buffer,
    await_fix,
    document_findings,
    verdict_at,
)
from botoport.fileio import write_atomically
from botoport.mirror.counterparts import BotocoreModules
from botoport.mirror.trees import PATCHES_PATH, OverlayTree
from botoport.patches.compute import compute_digests, missing_digests
from botoport.port.classify import PortReport
from botoport.port.rules import Verdict
from botoport.port.transition import GENERIC_NAMES
from botoport.port_plan import PortStatus, plan_port
from botoport.ranges import newest_admitted, working_range
from botoport.sources.base import BotocoreSource
from botoport.sources.checkout import DirectoryTree
from botoport.sources.revisions import head_commit, head_reader
from botoport.syntax.functions import read_functions
from botoport.syntax.lines import split_lines
from botoport.workspace import Workspace

Edit3 = tuple[int, int, str]  # (first line, last line, new text): whole lines, 1-based


@dataclass(frozen=True)
class PortEdit:
    """The editor's port: per workspace path, ``(first line, last line, new text)`` edits
    (1-based, whole lines; an insertion has ``last == first - 1``), or why it is not written."""

    edits: dict[str, list[Edit3]]
    why_not: str | None


def line_edits(old: str, new: str) -> list[Edit3]:
    """The whole-line edits that turn ``old`` into ``new``."""
    before, after = split_lines(old, keepends=True), split_lines(new, keepends=True)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        (i1 + 1, i2, "".join(after[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


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
    _patches_update: tuple[str, str] | None = None
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
        head = self.head_text(path)
        return document_findings(self.report, path, text, head, self.modules, self.coroutines())

    def site_at(self, path: str, text: str, line: int) -> OverrideSite | None:
        """The port verdict whose override spans ``line`` of the document, if any."""
        return verdict_at(self.report, path, read_functions(text, path), line)

    def port_edit(
        self, site: OverrideSite, path: str, documents: dict[str, str]
    ) -> PortEdit | None:
        """botocore's change ported into the override at ``site`` as ``port --write`` writes
        it, on the files as the editor has them (``documents``: open buffers by path): the
        line edits of each file it changes, or why it cannot be written. None when there is
        nothing to port (not port-required, or already covered)."""
        verdict = site.verdict
        if verdict.verdict is not Verdict.PORT_REQUIRED or site.function is None:
            return None
        # The port is planned on the buffers as botoport reads files (LF); each edit is given
        # back in its buffer's own line ending.
        crlf = {p for p, text in documents.items() if "\r\n" in text}
        documents = {p: text.replace("\r\n", "\n") for p, text in documents.items()}
        tree = OverlayTree(self.tree, documents)
        table = read_functions(documents[path], path)
        plan = plan_port(self.report, self.workspace.registries, tree, as_in_buffer(site, table))
        [outcome] = plan.outcomes
        if outcome.status is PortStatus.COVERED:
            return None
        if outcome.status is PortStatus.LEFT:
            return PortEdit({}, "; ".join(n.splitlines()[0] for n in outcome.notes) or "left")
        crlf |= {p for p in plan.writes if p not in documents and self._crlf_on_disk(p)}
        edits = {
            written: [
                (first, last, new.replace("\n", "\r\n") if written in crlf else new)
                for first, last, new in line_edits(tree.read(written) or "", text)
            ]
            for written, text in plan.writes.items()
        }
        return PortEdit(edits, None)

    def coroutines(self) -> frozenset[str]:
        """aiobotocore's coroutine names a port must await (read once per analysis: every
        edit of a document asks)."""
        with self._lock:
            if self._coroutines is None:
                registries = self.workspace.registries
                self._coroutines = frozenset(registries.coroutines - GENERIC_NAMES)
            return self._coroutines

    def _crlf_on_disk(self, path: str) -> bool:
        try:
            return b"\r\n" in (self.tree.root / path).read_bytes()
        except OSError:
            return False

    def await_edit(self, path: str, text: str, line: int) -> tuple[str, list[Edit3]] | None:
        """The quick fix of an ``await missing`` call on ``line``: its title and line edits."""
        fix = await_fix(self.report, path, text, line)
        return None if fix is None else (fix[0], line_edits(text, fix[1]))

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
        """test_patches.py as it is, and with the missing digests added (computed again only
        when the file changed)."""
        from botoport.patches.writer import add_digests  # libcst: only for this code action

        text = self.tree.read(PATCHES_PATH) or ""
        missing = self.missing_digests()
        with self._lock:
            if self._patches_update is None or self._patches_update[0] != text:
                self._patches_update = (text, add_digests(text, missing))
            return self._patches_update

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
    workspace = Workspace.open(
        root, settings_to_flags(settings), flags_where="the editor's botoport setting {key!r}"
    )
    tree, source, config = workspace.require_checkout(), workspace.source, workspace.config
    from_v, to_v = working_range(source, tree, head_reader(tree.root), config["target"])
    report = workspace.classify(tree, from_v, to_v)
    drift_version = newest_admitted(tree, source.releases())
    modules = BotocoreModules(lambda path: source.read(drift_version, path), drift_version)
    return Analysis(tree, config, source, report, drift_version, modules, workspace)
