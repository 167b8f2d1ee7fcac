"""What the pre-commit hooks decide: when a bump commit is blocked or warned about, and when
drift blocks. The hooks gather files and print; every rule of when lives here."""

from __future__ import annotations

from collections.abc import Callable

from botoport.bump import (
    BumpFindings,
    assess_ambiguous,
    assess_companions,
    assess_digests,
    assess_lower,
    assess_ports,
)
from botoport.cache.tables import TableCache
from botoport.check import botocore_source, run_check
from botoport.config import load_config
from botoport.digests.compute import compute_digests
from botoport.drift.compare import Drift, DriftReport
from botoport.sources.base import BotocoreSource
from botoport.sources.trees import PATCHES_PATH, PYPROJECT_PATH, SourceTree
from botoport.versions import Bounds, botocore_bounds, companion_bounds

ReadFile = Callable[[str], "str | None"]


def bump_findings(tree: SourceTree, read_head: ReadFile, strict: bool) -> BumpFindings | None:
    """What ``botoport-bump`` says of ``tree`` against the revision ``read_head`` reads; None
    when the botocore bounds did not move."""
    staged_text = tree.read(PYPROJECT_PATH) or ""
    head_text = read_head(PYPROJECT_PATH)
    new = botocore_bounds(staged_text, PYPROJECT_PATH)
    old = botocore_bounds(head_text, f"HEAD:{PYPROJECT_PATH}") if head_text else new
    if old.specifier == new.specifier:
        return None
    config = load_config(pyproject_text=staged_text, pyproject_where=PYPROJECT_PATH)
    source = botocore_source(config)
    releases = _releases_for(source, new)
    from_v, to_v = old.newest_admitted(releases), new.newest_admitted(releases)
    findings = BumpFindings()
    assess_companions(new, companion_bounds(staged_text), findings)
    if from_v is None or to_v is None or from_v == to_v:
        if old.lower != new.lower:
            findings.warnings.append(f"LOWER moved from {old.lower} to {new.lower}; UPPER did not")
        return findings
    report = run_check(source, tree, from_v, to_v, tables=TableCache(config.cache_dir()))
    assess_ports(report, read_head, tree.read, strict, findings)
    assess_lower(report, old, new, findings)
    assess_ambiguous(report, config["reviewed"], findings)
    patches = tree.read(PATCHES_PATH) or ""
    assess_digests(
        compute_digests(patches, lambda p: source.read(from_v, p)),
        compute_digests(patches, lambda p: source.read(to_v, p)),
        findings,
    )
    findings.warnings.insert(0, f"botocore {from_v} -> {to_v}: {report.classification}")
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


def drift_blocks(report: DriftReport, strict: bool) -> bool:
    """Behavioral drift (and errors) block a commit; cosmetic drift blocks only ``strict``."""
    blocking = Drift.COSMETIC if strict else Drift.BEHAVIORAL
    return bool(report.errors) or report.drift.rank >= blocking.rank
