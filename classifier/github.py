"""GitHub Actions workflow commands: one annotation per finding, so that a pull request shows
each unported override, ambiguous function and drifting line on its own line."""

from __future__ import annotations

from botoport.drift.compare import Drift, DriftReport
from botoport.port.classify import PortReport
from botoport.port.rules import Verdict

_LEVELS = {Verdict.PORT_REQUIRED: "error", Verdict.AMBIGUOUS: "warning"}


def annotation(
    level: str, message: str, path: str | None = None, line: int | None = None, title: str = ""
) -> str:
    """``::error file=…,line=…,title=…::message``, escaped as the runner expects."""
    props = []
    if path:
        props.append(f"file={_property(path)}")
        if line:
            props.append(f"line={line}")
    if title:
        props.append(f"title={_property(title)}")
    head = f"::{level} {','.join(props)}" if props else f"::{level}"
    return f"{head}::{_data(message)}"


def report_annotations(report: PortReport) -> list[str]:
    """An error per port-required function still to port, a warning per ambiguous one, on
    its override (or on the mirror file that must get one), then a notice with the
    classification. A port aiobotocore already covers is a notice: a finished port's pull
    request is not shown red."""
    out = []
    for verdict in report.verdicts:
        level = _LEVELS.get(verdict.verdict)
        if level is None:
            continue
        if verdict.coverage is not None and verdict.coverage.covered:
            level = "notice"
        override = verdict.override
        path, line = (override.path, override.line) if override else (verdict.mirror, None)
        title = f"botoport: {verdict.qualname} {verdict.verdict.value}"
        out.append(annotation(level, verdict.reason, path, line, title))
    out.append(
        annotation(
            "notice",
            f"botocore {report.from_version} -> {report.to_version}: {report.classification}",
            title="botoport check",
        )
    )
    return out


def drift_annotations(report: DriftReport) -> list[str]:
    """An error per behavioural drift line, a warning per cosmetic one, on the override's line."""
    out = []
    for fn in report.functions:
        for line in fn.lines:
            level = "error" if line.drift is Drift.BEHAVIORAL else "warning"
            title = f"botoport: {fn.qualname} {line.drift.value}"
            out.append(annotation(level, f"{line.reason}: {line.text}", fn.path, line.line, title))
    out.extend(annotation("error", error, title="botoport drift") for error in report.errors)
    return out


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
