"""Why a tracked symbol's digest changed: ``cosmetic`` when its source differs only in what
SPEC calls cosmetic (comments, docstrings, formatting, annotations, import order), else
``substantive``; with the upstream diff of the symbol. Pure: digest results in, data out."""

from __future__ import annotations

import ast
import difflib
import textwrap
from dataclasses import dataclass
from typing import Literal

from botoport.patches.compute import DigestResult
from botoport.syntax.functions import without_cosmetics
from botoport.syntax.lines import split_lines

KINDS = ("cosmetic", "substantive")


@dataclass(frozen=True)
class DigestChange:
    """One test_patches entry whose digest differs between two botocore releases."""

    raw: str
    line: int
    kind: Literal["cosmetic", "substantive"]
    diff: str


def explain_changes(
    at_from: list[DigestResult], at_to: list[DigestResult], from_v: str, to_v: str
) -> list[DigestChange]:
    """Each entry whose digest at TO is not its digest at FROM, in file order."""
    before = {r.entry.raw: r for r in at_from}
    changes = []
    for new in at_to:
        old = before.get(new.entry.raw)
        if new.digest is None or new.source is None or (old and old.digest == new.digest):
            continue
        old_source = old.source if old else None
        changes.append(
            DigestChange(
                new.entry.raw,
                new.entry.line,
                "cosmetic" if _same_code(old_source, new.source) else "substantive",
                _diff(old_source or "", new.source, f"{new.path}@{from_v}", f"{new.path}@{to_v}"),
            )
        )
    return changes


def _same_code(old: str | None, new: str) -> bool:
    """True when both sources run the same code once cosmetic differences are taken out."""
    if old is None:
        return False
    canonical = _canonical(new)
    return canonical is not None and _canonical(old) == canonical


def _canonical(source: str) -> str | None:
    try:
        tree = ast.parse(textwrap.dedent(source))
    except (SyntaxError, ValueError, RecursionError):
        return None
    stripped = without_cosmetics(tree)
    return ast.unparse(stripped) if stripped is not None else ""


def _diff(old: str, new: str, old_name: str, new_name: str) -> str:
    lines = difflib.unified_diff(
        split_lines(old, keepends=True), split_lines(new, keepends=True), old_name, new_name
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
