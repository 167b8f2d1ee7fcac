"""What the pre-commit hooks decide: when a bump is blocked or warned about, when drift blocks,
and what was compared. The hooks gather arguments and print; every rule of when lives here."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from botoport.bounds import Bounds, botocore_bounds, companion_bounds, companion_targets
from botoport.bump_rules import (
    BumpFindings,
    Finding,
    assess_ambiguous,
    assess_companions,
    assess_digests,
    assess_lower,
    assess_ports,
)
from botoport.drift.compare import Drift, DriftReport
from botoport.mirror.trees import PATCHES_PATH, PYPROJECT_PATH, SourceTree
from botoport.patches.compute import compute_digests
from botoport.sources.base import BotocoreSource
from botoport.sources.checkout import DirectoryTree
from botoport.sources.edits import edits_in_range
from botoport.sources.revisions import RefRange, RevisionTree, base_reader
from botoport.workspace import Workspace

ReadFile = Callable[[str], "str | None"]
_WORKING = RefRange()


def bump_gate(root: Path, compared: RefRange, strict: bool) -> BumpFindings:
    """What ``botoport-bump`` says of the aiobotocore repository at ``root`` over ``compared``
    (a commit in progress: HEAD against the working tree; in CI: pre-commit's refs)."""
    tree: SourceTree = (
        DirectoryTree(root) if compared.head is None else RevisionTree(root, compared.head)
    )
    findings = bump_findings(tree, base_reader(root, compared), strict, compared)
    if findings is not None:
        return findings
    note = (
        f"botocore bounds of {PYPROJECT_PATH} are the same at {compared.base_name} and "
        f"{compared.head_name}: no bump to check"
    )
    if compared.base is None and compared.head is None:
        note += " (in CI, pass pre-commit --from-ref/--to-ref to check a pushed range)"
    return BumpFindings(notes=[note])


def bump_findings(
    tree: SourceTree, read_head: ReadFile, strict: bool, compared: RefRange = _WORKING
) -> BumpFindings | None:
    """What ``botoport-bump`` says of ``tree`` against the revision ``read_head`` reads; None
    when the botocore bounds did not move."""
    staged_text = tree.read(PYPROJECT_PATH) or ""
    head_text = read_head(PYPROJECT_PATH)
    new = botocore_bounds(staged_text, PYPROJECT_PATH)
    base_where = f"{compared.base_name}:{PYPROJECT_PATH}"
    old = botocore_bounds(head_text, base_where) if head_text else new
    if old.specifier == new.specifier:
        return None
    workspace = Workspace.of_tree(tree)
    config, source = workspace.config, workspace.source
    releases = _releases_for(source, new)
    from_v, to_v = old.newest_admitted(releases), new.newest_admitted(releases)
    findings = BumpFindings()
    if to_v is not None and head_text is not None:
        moved = new.lower if new.lower != old.lower else None
        targets = companion_targets(
            head_text, moved, to_v, releases, workspace.companion_releases()
        )
        assess_companions(targets, companion_bounds(staged_text), findings)
    if from_v is None or to_v is None or from_v == to_v:
        if old.lower != new.lower:
            findings.warn(f"LOWER moved from {old.lower} to {new.lower}; UPPER did not")
        return findings
    report = workspace.classify(tree, from_v, to_v)
    assess_ports(report, read_head, tree.read, strict, findings)
    assess_lower(report, old, new, findings)
    assess_ambiguous(report, config["reviewed"], findings)
    patches = tree.read(PATCHES_PATH) or ""
    assess_digests(
        compute_digests(patches, lambda p: source.read(from_v, p)),
        compute_digests(patches, lambda p: source.read(to_v, p)),
        findings,
    )
    findings.warnings.insert(0, Finding(f"botocore {from_v} -> {to_v}: {report.classification}"))
    return findings


def _releases_for(source: BotocoreSource, new: Bounds) -> list[str]:
    """The releases to judge a bump by; asked again when the new bound admits the newest one
    known, since a release published after the cached list may be admitted too and it is
    what the commit will run against."""
    releases = source.releases()
    if releases and new.newest_admitted(releases) == releases[-1]:
        source.refresh()
        releases = source.releases()
    return releases


@dataclass
class DriftGate:
    """What ``botoport-drift`` says: the report (None when no override was edited), whether it
    blocks, and what was compared when nothing was."""

    report: DriftReport | None
    blocks: bool
    note: str = ""


def drift_gate(root: Path, compared: RefRange, paths: Sequence[str], strict: bool) -> DriftGate:
    """Audit the edits of ``paths`` over ``compared`` against the botocore release the head's
    ``pyproject.toml`` admits (or ``[tool.botoport] target``)."""
    files = edits_in_range(root, compared, paths)
    if not files:
        note = f"no aiobotocore file differs between {compared.base_name} and {compared.head_name}"
        if compared.base is None and compared.head is None:
            note += ": nothing to check (in CI, pass pre-commit --from-ref/--to-ref)"
        return DriftGate(None, False, note)
    head: SourceTree = (
        DirectoryTree(root) if compared.head is None else RevisionTree(root, compared.head)
    )
    report = Workspace.of_tree(head).drift(head, files, None)
    return DriftGate(report, drift_blocks(report, strict))


def drift_blocks(report: DriftReport, strict: bool) -> bool:
    """Behavioral drift (and errors) block a commit; cosmetic drift blocks only ``strict``."""
    blocking = Drift.COSMETIC if strict else Drift.BEHAVIORAL
    return bool(report.errors) or report.drift.rank >= blocking.rank


def output_format(asked: str | None, environ: Mapping[str, str]) -> str:
    """The hooks' output: what was asked, else GitHub annotations inside GitHub Actions (where
    the runner turns them into comments on the pull request's lines), else text."""
    if asked:
        return asked
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
