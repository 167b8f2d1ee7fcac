"""Diagnostics that outlive a broken buffer: while a document does not parse, the last good
diagnostics are shown moved with the edits made since — and those on lines the edits touched
are dropped, since what they said may no longer be there."""

from __future__ import annotations

import difflib

from botoport.syntax.lines import split_lines
from lsprotocol import types


def moved(
    diagnostics: list[types.Diagnostic], old_text: str, new_text: str
) -> list[types.Diagnostic]:
    """``diagnostics`` computed on ``old_text``, placed on ``new_text``'s lines."""
    old_lines, new_lines = split_lines(old_text), split_lines(new_text)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    unchanged = [block for block in matcher.get_matching_blocks() if block.size]
    kept = []
    for diagnostic in diagnostics:
        start, end = diagnostic.range.start, diagnostic.range.end
        new_start, new_end = _new_line(start.line, unchanged), _new_line(end.line, unchanged)
        if new_start is None or new_end is None:
            continue
        kept.append(
            types.Diagnostic(
                range=types.Range(
                    types.Position(new_start, start.character),
                    types.Position(new_end, end.character),
                ),
                message=diagnostic.message,
                severity=diagnostic.severity,
                code=diagnostic.code,
                source=diagnostic.source,
                data=diagnostic.data,
            )
        )
    return kept


def _new_line(line: int, unchanged: list[difflib.Match]) -> int | None:
    for block in unchanged:
        if block.a <= line < block.a + block.size:
            return block.b + line - block.a
    return None
