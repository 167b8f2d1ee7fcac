"""``botoport sync``: the no-port path done deterministically, and the mechanical part of a port.

The range is :func:`botoport.ranges.sync_range`'s. It is classified; what
the sync then writes — and whether it writes at all — is decided here; the command only writes
the texts this returns and runs ``uv lock``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from botoport.bounds import (
    NewBounds,
    botocore_bounds,
    companion_targets,
    raise_bounds,
)
from botoport.bump_rules import BumpFindings, assess_ambiguous
from botoport.cache.parsed import ParseCache
from botoport.check import run_check
from botoport.exits import exit_for
from botoport.mirror.trees import PATCHES_PATH, PYPROJECT_PATH, OverlayTree, SourceTree
from botoport.patches.compute import compute_digests, missing_digests
from botoport.port.classify import PortReport
from botoport.port.registries import Registries
from botoport.port.rules import Verdict
from botoport.port_plan import PortPlan, PortStatus, plan_port
from botoport.sources.base import BotocoreSource
from packaging.version import Version

LOCK_COMMAND = ("uv", "lock", "--upgrade-package", "botocore")


@dataclass
class SyncPlan:
    """The classified range and the files a ``--write`` sync changes (path -> new text)."""

    report: PortReport
    writes: dict[str, str] = field(default_factory=dict)
    unreviewed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ports: PortPlan | None = None  # with ``--port``: what became of each port
    # Ambiguous functions of a port-required range no one has reviewed: left like a port.
    to_review: list[str] = field(default_factory=list)
    # The digests not added because their function's port is not done (its test stays red).
    held_digests: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 complete (no-port, or every port written), 1 a port is still to do (or an
        ambiguous function of a port-required range to review), 2 ambiguous and not reviewed."""
        if self.report.classification == "ambiguous" and not self.unreviewed:
            return 0
        if self.ports is not None and self.writes_anything:
            return max(self.ports.exit_code, 1 if self.to_review else 0)
        return exit_for(self.report.classification)

    @property
    def writes_anything(self) -> bool:
        """Nothing is written for an ambiguous range a person has not reviewed."""
        return not self.unreviewed


def plan_sync(
    source: BotocoreSource,
    tree: SourceTree,
    from_v: str,
    to_v: str,
    reviewed: tuple[str, ...],
    tables: ParseCache,
    companion_releases: Callable[[str], list[str]] = lambda name: [],
    parallel: Mapping[str, Sequence[str]] | None = None,
    port_with: Registries | None = None,
) -> SyncPlan:
    """Classify FROM -> TO and compute the new ``pyproject.toml`` and ``test_patches.py``;
    with ``port_with`` (aiobotocore's registries: ``--port``) the ports are merged too.

    A function's new digest is added only when nothing is left to port in it (its port is
    written, or aiobotocore already covers it), so that ``test_patches.py`` stays red on
    unported code."""
    report = run_check(source, tree, from_v, to_v, tables=tables, parallel=parallel)
    plan = SyncPlan(report)
    findings = BumpFindings()
    assess_ambiguous(report, reviewed, findings)
    if report.classification == "ambiguous":
        plan.unreviewed = [finding.text for finding in findings.blocks]
        if plan.unreviewed:
            return plan
    else:
        plan.to_review = [finding.text for finding in findings.blocks]
    pyproject = tree.read(PYPROJECT_PATH) or ""
    current_lower = botocore_bounds(pyproject).lower
    lower = report.lower_bound if report.classification == "port-required" else None
    if lower is not None and current_lower is not None and _not_above(lower, current_lower):
        lower = None
    botocore = NewBounds(lower, to_v)
    companions = _companions(pyproject, botocore, to_v, source.releases(), companion_releases, plan)
    raised = raise_bounds(pyproject, botocore, companions)
    if raised != pyproject:
        plan.writes[PYPROJECT_PATH] = raised
    if port_with is not None and report.classification == "port-required":
        plan.ports = plan_port(report, port_with, OverlayTree(tree, plan.writes))
        plan.writes.update(plan.ports.writes)
    patches = OverlayTree(tree, plan.writes).read(PATCHES_PATH)
    if patches is not None:
        results = compute_digests(patches, lambda p: source.read(to_v, p))
        pending = _pending_ports(report, plan.ports)
        held = [r for r in results if (r.path, r.entry.qualname) in pending and not r.listed]
        plan.held_digests = [r.entry.raw for r in held]
        missing = missing_digests([r for r in results if r not in held])
        if missing:
            from botoport.patches.writer import add_digests  # libcst: only when digests move

            plan.writes[PATCHES_PATH] = add_digests(patches, missing)
    return plan


def _pending_ports(report: PortReport, ports: PortPlan | None) -> set[tuple[str | None, str]]:
    """``(botocore path, qualname)`` of each port-required function not yet ported: left by
    the port, or, without one, not covered by aiobotocore."""
    if ports is not None:
        return {
            (o.verdict.path, o.verdict.qualname)
            for o in ports.outcomes
            if o.status is PortStatus.LEFT
        }
    return {
        (v.path, v.qualname)
        for v in report.verdicts
        if v.verdict is Verdict.PORT_REQUIRED and not (v.coverage and v.coverage.covered)
    }


def _companions(
    pyproject: str,
    botocore: NewBounds,
    to_v: str,
    botocore_releases: list[str],
    companion_releases: Callable[[str], list[str]],
    plan: SyncPlan,
) -> dict[str, NewBounds]:
    """boto3's and awscli's new bounds, in step with botocore's (the companion rule,
    :func:`botoport.bounds.companion_targets`); a companion that cannot be placed is left
    as it is, with a note."""
    targets = companion_targets(
        pyproject, botocore.lower, to_v, botocore_releases, companion_releases
    )
    out = {}
    for name, target in targets.items():
        if target is None:
            plan.notes.append(f"{name} bounds left as they are: its releases could not be aligned")
        else:
            out[name] = target
    return out


def _not_above(version: str, than: str) -> bool:
    return Version(version) <= Version(than)
