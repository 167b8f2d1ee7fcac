"""What a commit that raises the botocore bounds must carry: the rules of the ``botoport-bump``
hook, as data in and findings out (the hook only gathers the inputs and prints).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from botoport.bounds import Bounds, NewBounds
from botoport.mirror.trees import PATCHES_PATH
from botoport.patches.compute import DigestResult
from botoport.port.classify import PortReport
from botoport.port.coverage import Coverage
from botoport.port.rules import CLASS_LEVEL_SIGNALS, FunctionVerdict, Override, Verdict
from botoport.syntax.functions import ParseFailure, read_functions
from packaging.version import Version


@dataclass(frozen=True)
class Finding:
    """What the hook says of one thing, with the file and line it is about when it has one
    (where a GitHub annotation lands)."""

    text: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        return self.text


@dataclass
class BumpFindings:
    """``blocks`` stop the commit; ``warnings`` are printed and let it through; ``notes`` say
    what was compared, or what could not be checked."""

    blocks: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fixable_digests: dict[str, list[str]] = field(default_factory=dict)

    def block(self, finding: Finding | str) -> None:
        """Add a finding that stops the commit."""
        self.blocks.append(finding if isinstance(finding, Finding) else Finding(finding))

    def warn(self, finding: Finding | str) -> None:
        """Add a finding that is printed and lets the commit through."""
        self.warnings.append(finding if isinstance(finding, Finding) else Finding(finding))


def override_changed(
    override: Override,
    head_text: str | None,
    staged_text: str | None,
    delegates: Sequence[str] = (),
) -> bool:
    """The override's function — or one of the ``delegates`` it hands the work to, in the same
    file (``AioSession.create_client`` is ported in ``_create_client``) — differs between
    HEAD and the staged file (or is new)."""

    def sources(text: str | None) -> list[str | None]:
        if text is None:
            return [None] * (1 + len(delegates))
        try:
            table = read_functions(text).functions
        except ParseFailure:
            return [None] * (1 + len(delegates))
        found = (table.get(name) for name in (override.qualname, *delegates))
        return [fn.source if fn else None for fn in found]

    return sources(head_text) != sources(staged_text)


def _where(verdict: FunctionVerdict) -> str:
    override = verdict.override
    if isinstance(override, Override):
        return f"{override.path}:{override.line} {override.qualname}"
    return f"{verdict.path} {verdict.qualname} (no override yet: add one to {verdict.mirror})"


def _note(text: str, verdict: FunctionVerdict) -> Finding:
    """A finding about ``verdict``, placed on its override (or its mirror file)."""
    override = verdict.override
    if isinstance(override, Override):
        return Finding(text, override.path, override.line)
    return Finding(text, verdict.mirror)


def assess_ports(
    report: PortReport,
    read_head: Callable[[str], str | None],
    read_staged: Callable[[str], str | None],
    strict: bool,
    findings: BumpFindings,
) -> None:
    """Every port-required function must be handled in this commit, its coverage complete."""
    for verdict in report.verdicts:
        if verdict.verdict is not Verdict.PORT_REQUIRED:
            continue
        override = verdict.override
        coverage = verdict.coverage
        missing = list(getattr(coverage, "missing", []))
        head = f"{_where(verdict)}: {verdict.reason}"
        if not isinstance(override, Override):
            findings.block(_note(f"port missing: {head}", verdict))
            continue
        if verdict.signal in CLASS_LEVEL_SIGNALS and (coverage is None or coverage.covered):
            continue  # its Aio twin exists (a new class), or aiobotocore's table has the key
        if coverage is not None and coverage.inherited:
            continue  # the override runs botocore's own version: nothing to port
        lines = "".join(f"\n    not ported: {line.strip()}" for line in missing)
        delegates = coverage.followed if coverage is not None else []
        head_text, staged_text = read_head(override.path), read_staged(override.path)
        if not override_changed(override, head_text, staged_text, delegates):
            findings.block(_note(f"port missing: {head}{lines}", verdict))
        elif coverage is not None and coverage.awaits_missing:
            # An un-awaited coroutine is a bug, not a style question: it blocks by default.
            findings.block(_note(f"await missing: {head}{_awaits(coverage)}", verdict))
        elif missing:
            target = findings.blocks if strict else findings.warnings
            target.append(_note(f"port incomplete: {head}{lines}", verdict))


def _awaits(coverage: Coverage) -> str:
    lines = []
    if coverage.must_become_async:
        lines.append("\n    the override is still `def`: it must become `async def`")
    lines += [f"\n    not awaited at: {site}" for site in coverage.await_required_at]
    lines += [f"\n    coroutine called without await: {text}" for text in coverage.unawaited]
    return "".join(lines)


def assess_lower(report: PortReport, old: Bounds, new: Bounds, findings: BumpFindings) -> None:
    """LOWER below the ported changes' "introduced in" blocks; above it, or raised on a
    no-port bump, warns."""
    lower, needed = new.lower, report.lower_bound
    if report.classification == "port-required" and needed is not None:
        if lower is None or Version(lower) < Version(needed):
            findings.block(
                f"LOWER {lower} is below {needed}, where the ported changes were introduced: "
                f"raise it to botocore >= {needed}"
            )
        elif Version(lower) > Version(needed):
            findings.warn(
                f"LOWER {lower} is above {needed}, the lowest the port needs: it locks out "
                "users of the releases in between"
            )
    elif report.classification == "no-port" and old.lower != new.lower:
        findings.warn(
            f"LOWER raised from {old.lower} to {lower} on a no-port bump: only UPPER needs to move"
        )


def assess_ambiguous(report: PortReport, reviewed: Sequence[str], findings: BumpFindings) -> None:
    """Ambiguous functions block unless ``[tool.botoport] reviewed`` acknowledges each one
    with a release in FROM..TO (``"Class.method@1.43.12"``)."""
    acknowledged = set()
    for item in reviewed:
        name, _, version = item.rpartition("@")
        if Version(report.from_version) < Version(version) <= Version(report.to_version):
            acknowledged.add(name)
    for verdict in report.verdicts:
        if verdict.verdict is Verdict.AMBIGUOUS and verdict.qualname not in acknowledged:
            findings.block(
                _note(
                    f"ambiguous, needs review: {_where(verdict)}: {verdict.reason} (once "
                    f'reviewed, add "{verdict.qualname}@{report.to_version}" to [tool.botoport] '
                    "reviewed)",
                    verdict,
                )
            )


def assess_digests(
    at_from: Sequence[DigestResult], at_to: Sequence[DigestResult], findings: BumpFindings
) -> None:
    """Each tracked symbol whose source changed in the range must list its new digest."""
    before = {r.entry.raw: r.digest for r in at_from}
    for result in at_to:
        where = f"{PATCHES_PATH}:{result.entry.line}"
        if result.error:
            findings.block(Finding(f"{where}: {result.error}", PATCHES_PATH, result.entry.line))
        elif not result.listed and before.get(result.entry.raw) != result.digest:
            findings.block(
                Finding(
                    f"{where}: {result.entry.raw} lacks digest {result.digest} "
                    f"({result.path}:{result.line}); --fix adds it",
                    PATCHES_PATH,
                    result.entry.line,
                )
            )
            findings.fixable_digests[result.entry.raw] = [str(result.digest)]


def assess_companions(
    targets: Mapping[str, NewBounds | None], declared: Mapping[str, Bounds], findings: BumpFindings
) -> None:
    """Each companion's bounds against where the companion rule places them (the bounds
    ``sync`` writes: :func:`botoport.bounds.companion_targets`); a warning where they differ,
    a note where its releases could not be aligned."""
    for name, target in targets.items():
        bounds = declared.get(name)
        if bounds is None:
            continue
        if target is None:
            findings.notes.append(f"{name} bounds not checked: its releases could not be aligned")
            continue
        actual, expected = (bounds.lower, bounds.upper), (target.lower, target.upper)
        if actual != expected:
            findings.warn(
                f"{name} bounds >= {actual[0]}, < {actual[1]} are not aligned with botocore's "
                f"(expected >= {expected[0]}, < {expected[1]})"
            )
