"""Writing a port (issue #16, first part): botocore's change to a function (FROM → TO) merged
into aiobotocore's override, compared in the async dialect and written back in it.

A three-way merge by lines: botocore at FROM is the base, botocore at TO theirs, the override
ours. Lines are compared with the dialect taken out (``await``, ``async``, ``Aio`` names), so the
override's own ``await``s anchor botocore's hunks. Each hunk of the base → theirs diff is applied
where its base lines stand unchanged in the override (a line of context on each side); a hunk
whose lines the override changed is a conflict, left for a person. Lines taken from botocore get
``await`` before calls of coroutines, and the override becomes ``async def`` when the port makes
it async. The result must parse; otherwise nothing is written. Pure: text in, text out.
"""

from __future__ import annotations

import ast
import difflib
import re
import textwrap
from dataclasses import dataclass, field

from botoport.syntax.dialect import normalise_dialect
from botoport.syntax.lines import split_lines


@dataclass
class Merge:
    """The merged override (None when nothing could be written) and the hunks left over."""

    text: str | None
    conflicts: list[str] = field(default_factory=list)


def merge_function(
    base: str, theirs: str, ours: str, coroutines: frozenset[str], make_async: bool = False
) -> Merge:
    """``ours`` (an override's source) with ``base`` → ``theirs`` applied (see module doc)."""
    base_lines, their_lines, our_lines = (
        split_lines(s, keepends=True) for s in (base, theirs, ours)
    )
    if not _docstring_lines(ours):  # the override keeps no docstring: botocore's is not ported
        base_lines, their_lines = _undocumented(base_lines), _undocumented(their_lines)
    base_key, their_key, our_key = (_keys(lines) for lines in (base_lines, their_lines, our_lines))
    ours_of = _line_map(base_key, our_key)
    merged = list(our_lines)
    conflicts = []
    hunks = difflib.SequenceMatcher(None, base_key, their_key, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(hunks):
        if tag == "equal":
            continue
        span = _span(i1, i2, ours_of, len(base_key), len(merged))
        if span is None or our_key[span[0] : span[1]] != base_key[i1:i2]:
            removed = "".join(f"-{line}" for line in base_lines[i1:i2])
            added = "".join(f"+{line}" for line in their_lines[j1:j2])
            conflicts.append(f"@@ botocore lines {i1 + 1}-{i2} @@\n{removed}{added}")
            continue
        indent = _indent_shift(base_lines, our_lines)
        new = [await_calls(_reindent(line, indent), coroutines) for line in their_lines[j1:j2]]
        merged[span[0] : span[1]] = _in_our_dialect(merged[span[0] : span[1]], new)
    text = "".join(merged)
    if make_async:
        text = make_async_def(text)
    if not _parses(text):
        return Merge(None, [*conflicts, "the merged function does not parse"])
    return Merge(text, list(reversed(conflicts)))


def _in_our_dialect(old: list[str], new: list[str]) -> list[str]:
    """botocore's new lines as the override writes them: a line the override already has (the
    dialect aside) is kept as the override has it; a changed line keeps the override's
    ``async`` (``async def``/``with``/``for``) where the line it replaces had one."""
    mine = {_indented_key(line): line for line in old}
    out = []
    for index, line in enumerate(new):
        if _indented_key(line) in mine:
            out.append(mine[_indented_key(line)])
            continue
        was = old[index] if index < len(old) else ""
        keyword = re.match(r"\s*async (def|with|for)\b", was)
        if keyword and re.match(rf"\s*{keyword.group(1)}\b", line):
            line = re.sub(rf"^(\s*){keyword.group(1)}\b", rf"\1async {keyword.group(1)}", line)
        out.append(line)
    return out


def _key(line: str) -> str:
    """A line as the merge compares it: dialect (``AioCredentials`` for
    ``botocore.credentials.Credentials`` too) and comment out, whitespace normalised."""
    return " ".join(normalise_dialect(_without_comment(line)).split())


def _without_comment(line: str) -> str:
    """``line`` without a trailing ``# comment`` (a ``#`` inside a string literal stays)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote and line[index - 1] != "\\":
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#":
            return line[:index].rstrip() + ("\n" if line.endswith("\n") else "")
    return line


def _indented_key(line: str) -> str:
    """The key with the line's own indentation (both lines already share the override's)."""
    return line[: len(line) - len(line.lstrip())] + _key(line)


def _keys(lines: list[str]) -> list[str]:
    """Each line's key with its indentation relative to the function's first line, so that a
    block botocore moves in or out is a change."""
    first = next((line for line in lines if line.strip()), "")
    base = len(first) - len(first.lstrip())
    keys = []
    for line in lines:
        depth = len(line) - len(line.lstrip()) - base if line.strip() else 0
        keys.append(" " * max(depth, 0) + _key(line))
    return keys


def _line_map(base_key: list[str], our_key: list[str]) -> dict[int, int]:
    """Base line index → override line index, for the lines the two have in common."""
    matcher = difflib.SequenceMatcher(None, base_key, our_key, autojunk=False)
    found = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            found[block.a + offset] = block.b + offset
    return found


def _span(
    i1: int, i2: int, ours_of: dict[int, int], base_length: int, ours_length: int
) -> tuple[int, int] | None:
    """Where base lines ``i1:i2`` sit in the override: between the override's copies of the
    lines around them (the function's first and last lines count as anchors)."""
    if i1 > 0 and i1 - 1 not in ours_of:
        return None
    if i2 < base_length and i2 not in ours_of:
        return None
    start = ours_of[i1 - 1] + 1 if i1 > 0 else 0
    return start, ours_of[i2] if i2 < base_length else ours_length


def _indent_shift(base_lines: list[str], our_lines: list[str]) -> int:
    def indent(lines: list[str]) -> int:
        first = next((line for line in lines if line.strip()), "")
        return len(first) - len(first.lstrip())

    return indent(our_lines) - indent(base_lines)


def _reindent(line: str, shift: int) -> str:
    if shift > 0:
        return " " * shift + line if line.strip() else line
    if shift < 0:
        return line[min(-shift, len(line) - len(line.lstrip())) :]
    return line


def make_async_def(function_text: str) -> str:
    """The function's first ``def`` made ``async def``."""
    return re.sub(r"^(\s*)def ", r"\1async def ", function_text, count=1, flags=re.M)


def await_calls(line: str, coroutines: frozenset[str], limit: int = 0) -> str:
    """``await`` before each call of a coroutine on ``line`` (at most ``limit`` of them when
    it is not 0); calls already awaited are left alone."""
    for name in sorted(coroutines):
        line = re.sub(
            rf"(?<![\w.])(?<!await )(?<!def )((?:[A-Za-z_][\w.()]*\.)?{re.escape(name)}\()",
            r"await \1",
            line,
            count=limit,
        )
    return line


def _undocumented(lines: list[str]) -> list[str]:
    """The function's lines without its docstring's."""
    docstring = _docstring_lines("".join(lines))
    return [line for index, line in enumerate(lines) if index not in docstring]


def _docstring_lines(function_text: str) -> set[int]:
    """Indices of the lines the function's docstring spans (empty when it has none)."""
    try:
        node = ast.parse(textwrap.dedent(function_text)).body[0]
    except (SyntaxError, IndexError):
        return set()
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or not node.body:
        return set()
    first = node.body[0]
    if not (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return set()
    return set(range(first.lineno - 1, (first.end_lineno or first.lineno)))


def _parses(function_text: str) -> bool:
    source = textwrap.dedent(function_text)
    try:
        ast.parse(source)
    except SyntaxError:
        try:
            ast.parse("if 1:\n" + function_text)
        except SyntaxError:
            return False
    return True
