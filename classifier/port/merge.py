"""Writing a port: botocore's change to a function (FROM → TO) merged into aiobotocore's
override, compared in the async dialect and written back in it.

A three-way merge by statements: botocore at FROM is the base, botocore at TO theirs, the
override ours. Each side is grouped into statements (a logical line, or a compound statement's
header; comments and blank lines on their own), and statements are compared by a key with the
dialect taken out (``await``, ``async``, ``Aio`` names, module paths, a client renamed in an
``async with … as``) and indentation ignored, so the override's own ``await``s and its deeper
blocks anchor botocore's hunks. Each hunk of the base → theirs diff is applied where its base
statements stand unchanged in the override; a hunk whose statements the override changed is a
conflict, left for a person. Statements taken from botocore get ``await`` before calls of
coroutines and the override's spelling of classes, and the override becomes ``async def`` when
the port makes it async. Pure: text in, text out (the caller checks the written file parses).
"""

from __future__ import annotations

import ast
import difflib
import functools
import io
import re
import textwrap
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass, field

from botoport.mirror.paths import from_botocore
from botoport.port.reflow import Hunk, Sides, reflowed
from botoport.syntax.dialect import RENAMED_IN_ASYNC_WITH, normalise_dialect
from botoport.syntax.lines import indent_of, reindented, split_lines


@dataclass
class Merge:
    """The merged override (None when nothing could be written) and the hunks left over."""

    text: str | None
    conflicts: list[str] = field(default_factory=list)


def merge_function(
    base: str,
    theirs: str,
    ours: str,
    coroutines: frozenset[str],
    make_async: bool = False,
    foreign: frozenset[str] = frozenset(),
) -> Merge:
    """``ours`` (an override's source) with ``base`` → ``theirs`` applied (see module doc);
    ``foreign`` names the modules botocore's function imports from elsewhere."""
    base_lines, their_lines, our_lines = (
        split_lines(s, keepends=True) for s in (base, theirs, ours)
    )
    if not _docstring_lines(ours):  # the override keeps no docstring: botocore's is not ported
        base_lines, their_lines = _undocumented(base_lines), _undocumented(their_lines)
    # Statements, not physical lines: a call botocore wraps over three lines is the same
    # statement as the override's one-line version of it.
    base_lines, their_lines, our_lines = (
        _statements(lines) for lines in (base_lines, their_lines, our_lines)
    )
    base_key, their_key, our_key = (_keys(lines) for lines in (base_lines, their_lines, our_lines))
    # Where botocore's statements stand in the override is found without indentation: the
    # override may hold them one block deeper (inside its ``async with``).
    base_flat, our_flat = [k.lstrip() for k in base_key], [k.lstrip() for k in our_key]
    # ``async with client as sts:`` — the override's name for botocore's ``client`` below it.
    aliases = _aliases(our_lines, base)
    our_flat = [_renamed_back(key, index, aliases) for index, key in enumerate(our_flat)]
    ours_of = _line_map(base_flat, our_flat)
    names = _aio_names((base_lines[b], our_lines[o]) for b, o in ours_of.items())
    clients = frozenset(_CLIENT_BOUND.findall(ours))
    merged = list(our_lines)
    conflicts = []
    hunks = difflib.SequenceMatcher(None, base_key, their_key, autojunk=False).get_opcodes()
    their_flat = [k.lstrip() for k in their_key]
    sides = Sides(
        base_lines, their_lines, our_lines, base_key, their_key, base_flat, their_flat, our_flat
    )

    def convert(index: int, shift: int, at: int) -> str:
        """botocore's statement ``their_lines[index]`` written in the override's dialect,
        ``shift`` columns deeper, placed at the override's statement ``at``."""
        line = _as_aliased(_in_aio_names(reindented(their_lines[index], shift), names), at, aliases)
        return _await_client_calls(await_calls(line, coroutines, foreign), clients)

    for tag, i1, i2, j1, j2 in reversed(hunks):
        if tag == "equal":
            continue
        anchors = _span(i1, i2, ours_of, base_flat, len(merged))
        span = _fitted(anchors, our_flat, base_flat[i1:i2])
        shift = None
        if span is not None and _code(our_flat[span[0] : span[1]]) == _code(base_flat[i1:i2]):
            shift = _local_shift(i1, i2, span[0], base_lines, our_lines, ours_of)
        if span is not None and shift is not None:
            start = span[0]
            new = [convert(j, shift, start) for j in range(j1, j2)]
            merged[span[0] : span[1]] = _in_our_dialect(merged[span[0] : span[1]], new)
            continue
        if anchors is not None:
            start = anchors[0]
            hunk = Hunk(i1, i2, j1, j2, *anchors)
            moved = reflowed(hunk, sides, functools.partial(convert, at=start))
            if moved is not None:
                merged[anchors[0] : anchors[1]] = moved
                continue
        removed = _prefixed("-", base_lines[i1:i2])
        added = _prefixed("+", their_lines[j1:j2])
        conflicts.append(f"@@ botocore lines {i1 + 1}-{i2} @@\n{removed}{added}")
    text = "".join(merged)
    if make_async:
        text = make_async_def(text)
    problem = _parse_problem(text)
    if problem is not None:
        why = f"the merged function does not parse ({problem})"
        if "\t" in ours and "    " in theirs:
            why += ": the override is indented with tabs, botocore with spaces"
        return Merge(None, [*conflicts, why])
    return Merge(text, list(reversed(conflicts)))


def _in_our_dialect(old: list[str], new: list[str]) -> list[str]:
    """botocore's new lines as the override writes them: a line the override already has (the
    dialect aside) is kept as the override has it; a changed line keeps the override's
    ``async`` (``async def``/``with``/``for``) where the line it replaces had one; botocore's
    new ``name = X`` for a value the override holds as an ``async with … as name:`` header
    becomes that header, ``async with X as name:``."""
    mine = {_indented_key(line): line for line in old}
    held = {match[2]: match[1] for line in old if (match := _HELD.match(line))}
    out = []
    for index, line in enumerate(new):
        if _indented_key(line) in mine:
            out.append(mine[_indented_key(line)])
            continue
        assigned = _ASSIGNED.match(line)
        if assigned and assigned[2] in held:
            value = _without_comment(assigned[3]).rstrip()
            out.append(f"{assigned[1]}{held[assigned[2]]}{value} as {assigned[2]}:\n")
            continue
        was = old[index] if index < len(old) else ""
        keyword = re.match(r"\s*async (def|with|for)\b", was)
        if keyword and re.match(rf"\s*{keyword.group(1)}\b", line):
            line = re.sub(rf"^(\s*){keyword.group(1)}\b", rf"\1async {keyword.group(1)}", line)
        out.append(line)
    return out


# ``async with X as name:`` (the header's keywords kept: ``async with``) and ``name = X``.
_HELD = re.compile(r"^\s*(async with )[\s\S]+ as (\w+):\s*$")
_ASSIGNED = re.compile(r"^(\s*)(\w+) = ([\s\S]+?)\s*$")


def _key(statement: str) -> str:
    """A statement as the merge compares it: dialect (``AioCredentials`` for
    ``botocore.credentials.Credentials`` too) and comments out, its lines joined, whitespace
    and a wrapped call's trailing comma normalised."""
    joined = " ".join(_without_comment(line).strip() for line in split_lines(statement))
    text = " ".join(normalise_dialect(joined).split())
    text = _OPENED.sub(r"\1", text)
    return _CLOSED.sub(r"\1", text)


_OPENED = re.compile(r"([(\[{]) ")
_CLOSED = re.compile(r",? ?([)\]}])")


def _aliases(our_lines: list[str], base: str) -> list[tuple[int, str, str]]:
    """``(statement index, botocore's name, the override's name)`` for each ``async with NAME
    as OTHER:`` of the override whose ``NAME`` botocore's function uses."""
    found = []
    for index, statement in enumerate(our_lines):
        match = RENAMED_IN_ASYNC_WITH.match(statement)
        if match and match[1] != match[2] and re.search(rf"\b{match[1]}\b", base):
            found.append((index, match[1], match[2]))
    return found


def _renamed_back(key: str, index: int, aliases: list[tuple[int, str, str]]) -> str:
    """The override's statement ``index`` with its aliases read as botocore's names."""
    for at, name, alias in aliases:
        if index > at:
            key = re.sub(rf"\b{alias}\b", name, key)
    return key


def _as_aliased(statement: str, index: int, aliases: list[tuple[int, str, str]]) -> str:
    """botocore's statement, placed at ``index`` of the override, with the override's names."""
    for at, name, alias in aliases:
        if index > at:
            statement = re.sub(rf"\b{name}\b", alias, statement)
    return statement


def _aio_names(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """How the override spells botocore's classes: ``{"botocore.credentials.Credentials":
    "AioCredentials"}`` from statements the two share."""
    found: dict[str, str] = {}
    for base, ours in pairs:
        for aio in _AIO_NAME.finditer(ours):
            spelled = re.search(rf"(?<![\w.])(?:[a-z_][\w]*\.)*{aio.group(2)}\b", base)
            if spelled is not None:
                found[spelled.group(0)] = aio.group(0)
    return found


_CLIENT_BOUND = re.compile(r"\basync with .+ as (\w+):")
_AIO_NAME = re.compile(r"\b(Aio|AIO)([A-Z]\w*)")


def _in_aio_names(statement: str, names: dict[str, str]) -> str:
    """botocore's statement with its classes spelled as the override spells them."""
    for spelled, aio in sorted(names.items(), key=lambda item: -len(item[0])):
        statement = re.sub(rf"(?<![\w.]){re.escape(spelled)}\b", aio, statement)
    return statement


def _statements(lines: list[str]) -> list[str]:
    """The function's lines grouped by statement: each logical line (a statement, or a
    compound statement's header) is one item, comments and blank lines items of their own."""
    try:
        source = io.StringIO(textwrap.dedent("".join(lines)))
        tokens = list(tokenize.generate_tokens(source.readline))
    except (tokenize.TokenError, SyntaxError):
        return lines
    spans: dict[int, int] = {}  # first row -> last row of each logical line over several rows
    start = None
    for token in tokens:
        if token.type in _LAYOUT_TOKENS or (start is None and token.type in _FILLER_TOKENS):
            continue
        if start is None:
            start = token.start[0]
        if token.type == tokenize.NEWLINE:
            if token.start[0] > start:
                spans[start] = token.start[0]
            start = None
    grouped, row = [], 1
    while row <= len(lines):
        last = spans.get(row, row)
        grouped.append("".join(lines[row - 1 : last]))
        row = last + 1
    return grouped


_LAYOUT_TOKENS = {tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER}
_FILLER_TOKENS = {tokenize.NL, tokenize.COMMENT}


def _prefixed(mark: str, statements: list[str]) -> str:
    return "".join(f"{mark}{line}" for text in statements for line in split_lines(text, True))


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
    return line[: indent_of(line)] + _key(line)


def _keys(lines: list[str]) -> list[str]:
    """Each line's key with its indentation relative to the function's first line, so that a
    block botocore moves in or out is a change."""
    first = next((line for line in lines if line.strip()), "")
    base = indent_of(first)
    keys = []
    for line in lines:
        depth = indent_of(line) - base if line.strip() else 0
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
    i1: int, i2: int, ours_of: dict[int, int], base_flat: list[str], ours_length: int
) -> tuple[int, int] | None:
    """Where base lines ``i1:i2`` sit in the override: between the override's copies of the
    lines around them (the function's first and last lines count as anchors; a blank line the
    override does not keep is passed over to the next line it does)."""
    before, after = i1 - 1, i2
    while before >= 0 and before not in ours_of and not base_flat[before]:
        before -= 1
    while after < len(base_flat) and after not in ours_of and not base_flat[after]:
        after += 1
    if (before >= 0 and before not in ours_of) or (after < len(base_flat) and after not in ours_of):
        return None
    start = ours_of[before] + 1 if before >= 0 else 0
    return start, ours_of[after] if after < len(base_flat) else ours_length


def _code(keys: list[str]) -> list[str]:
    """Keys without the blank lines: a blank line botocore turns into a statement is not a
    line the override has to hold."""
    return [key for key in keys if key]


def _fitted(
    span: tuple[int, int] | None, our_key: list[str], wanted: list[str]
) -> tuple[int, int] | None:
    """The part of ``span`` that holds exactly the base statements a hunk replaces, when the
    override keeps lines of its own after them (or before them) within the anchors."""
    if span is None or not wanted or our_key[span[0] : span[1]] == wanted:
        return span
    for start in (span[0], span[1] - len(wanted)):
        if start >= span[0] and our_key[start : start + len(wanted)] == wanted:
            return start, start + len(wanted)
    return span


def _local_shift(
    i1: int, i2: int, start: int, base: list[str], ours: list[str], ours_of: dict[int, int]
) -> int | None:
    """How much deeper the override holds base statements ``i1:i2`` (placed at ``start``):
    one shift for all of them, else None (the override re-nested them: a person's call). An
    insertion takes the depth of the statement before it (or after it)."""
    pairs = [(base[i1 + k], ours[start + k]) for k in range(i2 - i1)]
    if not pairs:
        anchor = i1 - 1 if i1 - 1 in ours_of else i1
        if anchor in ours_of:
            pairs = [(base[anchor], ours[ours_of[anchor]])]
    shifts = {indent_of(o) - indent_of(b) for b, o in pairs if b.strip() and o.strip()}
    if not shifts:
        return indent_of(next((x for x in ours if x.strip()), "")) - indent_of(
            next((x for x in base if x.strip()), "")
        )
    return shifts.pop() if len(shifts) == 1 else None


def make_async_def(function_text: str) -> str:
    """The function's first ``def`` made ``async def``."""
    return re.sub(r"^(\s*)def ", r"\1async def ", function_text, count=1, flags=re.M)


def await_calls(
    line: str, coroutines: frozenset[str], foreign: frozenset[str] = frozenset()
) -> str:
    """``await`` before each call of a coroutine on ``line``; calls already awaited are left
    alone, and so are calls through a module of ``foreign`` (``dateutil.parser.parse`` is not
    aiobotocore's ``parse``)."""

    def put(match: re.Match[str]) -> str:
        call = match.group(1)
        if "." in call and call.split(".", 1)[0] in foreign:
            return call
        return f"await {call}"

    for name in sorted(coroutines):
        line = re.sub(
            rf"(?<![\w.])(?<!await )(?<!def )((?:[A-Za-z_][\w.()]*\.)?{re.escape(name)}\()",
            put,
            line,
        )
    return line


def foreign_modules(imports: dict[str, str]) -> frozenset[str]:
    """The names a module imports from outside botocore and aiobotocore."""
    return frozenset(name for name, origin in imports.items() if not from_botocore(origin))


def _await_client_calls(statement: str, clients: frozenset[str]) -> str:
    """``await`` before operations on a client the override opens with ``async with … as c``."""
    for name in sorted(clients):
        statement = re.sub(
            rf"(?<![\w.])(?<!await )({re.escape(name)}\.\w+\()", r"await \1", statement
        )
    return statement


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


def _parse_problem(function_text: str) -> str | None:
    """Why the merged function does not parse (``line N: message``, N counted in the
    function), or None when it does."""
    try:
        ast.parse(textwrap.dedent(function_text))
    except SyntaxError as exc:
        try:
            ast.parse("if 1:\n" + function_text)  # an indented method's text, as it stands
        except SyntaxError:
            return f"line {exc.lineno}: {exc.msg}"
    return None
