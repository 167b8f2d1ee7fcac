"""Rendering a PortReport as the skill's text or as the JSON interface the shells share."""

from __future__ import annotations

from typing import Any

from botoport.port.classify import PortReport
from botoport.port.coverage import Coverage
from botoport.port.rules import FunctionVerdict, Verdict

JSON_SCHEMA_VERSION = 1


def function_json(verdict: FunctionVerdict) -> dict[str, Any]:
    """One function of the report in the JSON interface (see README)."""
    fn = verdict.change.current
    override = verdict.override
    coverage = verdict.coverage
    if override is not None:
        override_text = str(override)
    elif verdict.verdict is Verdict.PORT_REQUIRED:
        override_text = "none yet"
    else:
        override_text = None
    return {
        "file": verdict.path,
        "mirror": verdict.mirror,
        "name": verdict.qualname,
        "old_name": verdict.change.old_name,
        "change": verdict.change.kind.value,
        "verdict": verdict.verdict.value,
        "signal": verdict.signal.value,
        "reason": verdict.reason,
        "line": fn.def_line,
        "override": override_text,
        "introduced_in": verdict.introduced_in,
        "coverage": coverage.as_json() if isinstance(coverage, Coverage) else None,
        "diff": verdict.diff,
    }


def report_json(report: PortReport) -> dict[str, Any]:
    """The whole report as JSON-ready data."""
    return {
        "schema": JSON_SCHEMA_VERSION,
        "from": report.from_version,
        "to": report.to_version,
        "classification": report.classification,
        "summary": {
            "functions": len(report.verdicts),
            "files": len(report.files),
            "pure_sync": report.count(Verdict.PURE_SYNC),
            "port_required": report.count(Verdict.PORT_REQUIRED),
            "ambiguous": report.count(Verdict.AMBIGUOUS),
        },
        "suggested_lower_bound": report.lower_bound,
        "files": report.files,
        "functions": [function_json(v) for v in report.verdicts],
    }


def report_text(report: PortReport) -> str:
    """The report as text; it ends exactly like the check-async-need skill's output."""
    out = [f"botocore {report.from_version} -> {report.to_version}", ""]
    porting = [v for v in report.verdicts if v.verdict is Verdict.PORT_REQUIRED]
    if porting:
        out += ["## Port details", ""]
        for verdict in porting:
            out += _port_details(verdict)
        if report.lower_bound:
            out += [
                f"Lowest LOWER bound the port may declare: botocore >= {report.lower_bound}",
                "",
            ]
    out += ["## Per-function verdicts", ""]
    by_file: dict[str, list[FunctionVerdict]] = {}
    for verdict in report.verdicts:
        by_file.setdefault(verdict.path, []).append(verdict)
    for path, verdicts in by_file.items():
        out.append(f"### {path} → {verdicts[0].mirror}")
        for v in verdicts:
            out.append(f"- `{v.qualname}` ({v.change.kind.value}): {v.verdict.value}")
            out.append(f"  Reason: {v.reason}")
        out.append("")
    out.append(
        f"Summary: {len(report.verdicts)} functions inspected across {len(report.files)} "
        f"overridden files. {report.count(Verdict.PURE_SYNC)} pure-sync, "
        f"{report.count(Verdict.PORT_REQUIRED)} needs-async, "
        f"{report.count(Verdict.AMBIGUOUS)} ambiguous."
    )
    out += ["", f"CLASSIFICATION: {report.classification}"]
    return "\n".join(out) + "\n"


def _port_details(verdict: FunctionVerdict) -> list[str]:
    data = function_json(verdict)
    lines = [
        f"### {verdict.path}:{data['line']} `{verdict.qualname}`",
        f"- override: {data['override']}",
        f"- introduced in: {data['introduced_in'] or 'unknown'}",
    ]
    coverage = verdict.coverage
    if isinstance(coverage, Coverage):
        state = (
            "covered"
            if coverage.covered
            else (
                f"{len(coverage.missing)} upstream lines missing, {len(coverage.stale)} removed "
                "lines still present"
            )
        )
        lines.append(f"- port coverage: {state}")
        if coverage.must_become_async:
            lines.append("- must become `async def` (it is `def` in aiobotocore)")
        lines += [f"- await required at: {site}" for site in coverage.await_required_at]
        lines += [f"- coroutine called without await: `{text}`" for text in coverage.unawaited]
    if data["diff"]:
        lines += ["", "```diff", data["diff"].rstrip("\n"), "```"]
    return [*lines, ""]
