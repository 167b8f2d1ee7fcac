"""Rendering a DriftReport: per-function verdicts quoting each departing line, a per-file
summary for whole-tree audits, the ``OVERRIDE_DRIFT`` line, and the JSON form."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from botoport.drift.compare import Drift, DriftLine, DriftReport, FunctionDrift


def drift_text(report: DriftReport, summary: bool = False) -> str:
    """The report as text; ``summary`` adds a per-file table (what ``--all`` prints)."""
    out: list[str] = []
    by_file: dict[str, list[FunctionDrift]] = defaultdict(list)
    for fn in report.functions:
        by_file[fn.path].append(fn)
    for path, functions in by_file.items():
        drifting = [fn for fn in functions if fn.drift is not Drift.CLEAN]
        if not drifting:
            continue
        out.append(f"### {path} (botocore {report.botocore_version})")
        for fn in drifting:
            out.append(
                f"- `{fn.qualname}` vs {fn.botocore_path}:{fn.botocore_line} "
                f"`{fn.botocore_qualname}`: {fn.drift.value}"
            )
            out.extend(_line_text(fn, line) for line in fn.lines)
        out.append("")
    if summary:
        out.extend(_summary_table(by_file))
    for error in report.errors:
        out.append(f"error: {error}")
    counts = {d: sum(1 for fn in report.functions if fn.drift is d) for d in Drift}
    out.append(
        f"Summary: {len(report.functions)} overrides compared across {len(by_file)} files: "
        f"{counts[Drift.CLEAN]} clean, {counts[Drift.COSMETIC]} cosmetic-drift, "
        f"{counts[Drift.BEHAVIORAL]} behavioral-drift."
    )
    out.append("")
    out.append(f"OVERRIDE_DRIFT: {verdict(report)}")
    return "\n".join(out) + "\n"


def verdict(report: DriftReport) -> str:
    """The run's verdict: ``error`` when a changed file could not be read (no verdict can be
    given on what was not compared), else the most severe function verdict."""
    return "error" if report.errors else report.drift.value


def _line_text(fn: FunctionDrift, line: DriftLine) -> str:
    if line.line:
        head = f"  {fn.path}:{line.line}: {line.drift.value}: {line.reason}\n    + {line.text}"
    else:
        head = f"  {fn.path}:{fn.line}: {line.drift.value}: {line.reason}"
    if line.botocore_line is None:
        return head + "\n    botocore: (no matching line)"
    return head + f"\n    botocore {fn.botocore_path}:{line.botocore_line}: {line.botocore_text}"


def _summary_table(by_file: dict[str, list[FunctionDrift]]) -> list[str]:
    rows: list[tuple[str, ...]] = [
        ("file", "overrides", "clean", "cosmetic", "behavioral", "lines")
    ]
    for path in sorted(by_file):
        fns = by_file[path]
        rows.append(
            (
                path,
                str(len(fns)),
                *(str(sum(1 for fn in fns if fn.drift is d)) for d in Drift),
                str(sum(len(fn.lines) for fn in fns)),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    return [*lines, ""]


def drift_json(report: DriftReport) -> dict[str, Any]:
    """The report as JSON-ready data."""
    return {
        "botocore_version": report.botocore_version,
        "override_drift": verdict(report),
        "errors": report.errors,
        "functions": [
            {
                "file": fn.path,
                "name": fn.qualname,
                "line": fn.line,
                "botocore_file": fn.botocore_path,
                "botocore_name": fn.botocore_qualname,
                "botocore_line": fn.botocore_line,
                "drift": fn.drift.value,
                "lines": [
                    {
                        "drift": line.drift.value,
                        "line": line.line or None,
                        "text": line.text or None,
                        "reason": line.reason,
                        "botocore_line": line.botocore_line,
                        "botocore_text": line.botocore_text,
                    }
                    for line in fn.lines
                ],
            }
            for fn in report.functions
        ],
    }
