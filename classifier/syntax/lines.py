"""Lines of source text as Python's parser counts them.

``str.splitlines`` also breaks at form feeds, vertical tabs and other separators that ``ast``
does not count, so line numbers computed with it drift from the parser's. Every position
botoport computes uses these lines instead.
"""

from __future__ import annotations

import io


def split_lines(text: str, keepends: bool = False) -> list[str]:
    """``text`` split at ``\\n``, ``\\r\\n`` and ``\\r`` only."""
    lines = io.StringIO(text, newline="").readlines()
    if keepends:
        return lines
    return [line.rstrip("\r\n") for line in lines]


def indent_of(line: str) -> int:
    """How many columns of leading whitespace ``line`` has."""
    return len(line) - len(line.lstrip())


def reindented(statement: str, shift: int) -> str:
    """Each line of ``statement`` ``shift`` columns deeper (shallower when negative, never
    past its own indentation; blank lines are not padded)."""
    out = []
    for line in split_lines(statement, keepends=True):
        if shift > 0 and line.strip():
            line = " " * shift + line
        elif shift < 0:
            line = line[min(-shift, indent_of(line)) :]
        out.append(line)
    return "".join(out)
