"""What aiobotocore's sync workflow reads: the classify job's object (``verdict``, ``summary``,
``rationale``) and the markdown body of the sync pull request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from botoport.port.classify import PortReport
from botoport.port.rules import FunctionVerdict, Signal, Verdict

if TYPE_CHECKING:
    from botoport.port_plan import PortOutcome

SUMMARY_LIMIT = 120
REASON_LIMIT = 80
FAILED_RATIONALE = "(classifier failed)"
COMPARE_URL = "https://github.com/boto/botocore/compare/{0}...{1}"


def classification(report: PortReport) -> dict[str, Any]:
    """The object the classify job writes to ``/tmp/classification.json``."""
    return {
        "verdict": report.classification,
        "summary": summary(report),
        "rationale": rationale(report),
    }


def classification_error(message: str) -> dict[str, Any]:
    """The same object when classifying failed: the reason in ``summary``."""
    return {
        "verdict": "error",
        "summary": _clip(f"botoport failed: {message}", SUMMARY_LIMIT),
        "rationale": FAILED_RATIONALE,
    }


def summary(report: PortReport) -> str:
    """One sentence naming what decided the verdict, at most 120 characters."""
    decisive = [v for v in report.verdicts if v.verdict is Verdict.PORT_REQUIRED] or [
        v for v in report.verdicts if v.verdict is Verdict.AMBIGUOUS
    ]
    span = f"botocore {report.from_version}->{report.to_version}"
    if not report.files:
        return _clip(f"{span}: no file aiobotocore mirrors changed.", SUMMARY_LIMIT)
    if not decisive:
        return _clip(
            f"{span}: {len(report.verdicts)} functions in {len(report.files)} mirrored files, "
            "none needs async treatment.",
            SUMMARY_LIMIT,
        )
    what = "need a port" if decisive[0].verdict is Verdict.PORT_REQUIRED else "need review"
    names = ", ".join(v.qualname for v in decisive[:3])
    more = f" and {len(decisive) - 3} more" if len(decisive) > 3 else ""
    return _clip(f"{span}: {len(decisive)} functions {what}: {names}{more}.", SUMMARY_LIMIT)


def rationale(report: PortReport) -> str:
    """The markdown table of every inspected function, one row each."""
    rows = ["| File | Function | Change | Verdict | Reason |", "|-|-|-|-|-|"]
    rows += [_row(v) for v in report.verdicts]
    return "\n".join(rows)


def _row(verdict: FunctionVerdict) -> str:
    cells = (
        verdict.path,
        f"`{verdict.qualname}`",
        verdict.change.kind.value,
        verdict.verdict.value,
        _clip(verdict.reason, REASON_LIMIT),
    )
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def pr_body(
    report: PortReport,
    ports: Sequence[PortOutcome] | None = None,
    to_review: Sequence[str] = (),
    held_digests: Sequence[str] = (),
    tests: Sequence[tuple[str, str, str]] = (),
) -> str:
    """The sync pull request's body: range and compare link, verdict, table, and the port's
    work list — with ``ports`` (``sync --port``, rendered after them) each port's outcome, what
    was written ticked and what was left open with why; else each override and the lines still
    to port. ``tests`` (``--tests``: test id, status, why) are listed the same way. Ambiguous
    functions to review, digests held back and parallel classes are noted."""
    out = [
        f"## botocore {report.from_version} → {report.to_version}",
        "",
        f"Upstream changes: {COMPARE_URL.format(report.from_version, report.to_version)}",
        "",
        f"**Verdict: {report.classification}** — {summary(report)}",
        "",
        rationale(report),
        "",
    ]
    porting = [v for v in report.verdicts if v.verdict is Verdict.PORT_REQUIRED]
    if porting:
        out += ["## Port work list", ""]
        if ports is None:
            out += [_work_item(v) for v in porting]
        else:
            out += [_outcome_item(o) for o in ports]
        if report.lower_bound:
            out += [
                "",
                f"Lowest LOWER bound the port may declare: `botocore >= {report.lower_bound}`",
            ]
        out.append("")
    if tests:
        out += ["## botocore's tests ported", "", *map(_test_item, tests), ""]
    notes = [f"- {item}" for item in to_review]
    notes += [
        f"- `{name}`: digest not added; its port is not done, so `test_patches.py` stays red"
        for name in held_digests
    ]
    notes += [
        f"- `{v.qualname}` ({v.path}): {v.reason} (not ported by botoport)"
        for v in report.verdicts
        if v.signal is Signal.PARALLEL
    ]
    if notes:
        out += ["## Notes", "", *notes, ""]
    out.append("_Classified by botoport (deterministic; reasons name the deciding signal)._")
    return "\n".join(out) + "\n"


def _outcome_item(outcome: PortOutcome) -> str:
    """One port's line: ticked when written or already covered, open (with why) when left."""
    done = outcome.status.value != "left"
    lines = [
        f"- [{'x' if done else ' '}] `{outcome.verdict.qualname}` ({outcome.verdict.path}) — "
        f"{outcome.status}: {outcome.where}"
    ]
    lines += [f"  - {note.splitlines()[0]}" for note in outcome.notes if note.strip()]
    return "\n".join(lines)


def _test_item(test: tuple[str, str, str]) -> str:
    """One test's line: ticked when written or already there as written, open with why when
    left; a written test still waiting for a port says so."""
    test_id, status, why = test
    done = status in ("written", "covered")
    return f"- [{'x' if done else ' '}] `{test_id}` — {status}" + (f": {why}" if why else "")


def _work_item(verdict: FunctionVerdict) -> str:
    override = (
        str(verdict.override) if verdict.override else f"none yet: add one to {verdict.mirror}"
    )
    lines = [
        f"- [ ] `{verdict.qualname}` ({verdict.path}) — override: {override}; "
        f"introduced in {verdict.introduced_in or 'unknown'}"
    ]
    coverage = verdict.coverage
    if coverage is not None:
        lines += [f"  - to port: `{line.strip()}`" for line in coverage.missing]
        lines += [f"  - to remove: `{line.strip()}`" for line in coverage.stale]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
