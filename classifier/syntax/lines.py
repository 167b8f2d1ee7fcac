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
