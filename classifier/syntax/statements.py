"""The statements of a function, as drift compares them: each simple statement, each compound
statement's header, each decorator and the docstring, with its line span, its text as written
and its text with annotations taken out; and the function's lines and comments."""

from __future__ import annotations

import ast
import copy
import io
import itertools
import tokenize
from dataclasses import dataclass
from typing import Any

from botoport.syntax.dialect import normalise_dialect
from botoport.syntax.functions import first_line, is_docstring, without_cosmetics
from botoport.syntax.lines import split_lines
from botoport.syntax.walk import COMPOUND_BLOCKS


@dataclass(frozen=True)
class Statement:
    """One statement-sized piece of a function: what drift compares."""

    kind: str  # "stmt", "header", "decorator" or "docstring"
    first: int
    last: int
    raw: str  # as written, annotations kept
    bare: str | None  # annotations taken out; None when nothing runs (``x: int``)
    node: ast.AST | None = None


def header_only(node: ast.AST) -> ast.AST:
    """A compound statement without its blocks (a shallow copy); any other node as it is."""
    if not any(getattr(node, name, None) for name in COMPOUND_BLOCKS):
        return node
    shell = copy.copy(node)
    for name in COMPOUND_BLOCKS:
        if hasattr(shell, name):
            setattr(shell, name, [])
    return shell


def _header_text(node: ast.AST, strip: bool) -> str:
    """The first line of a compound statement (decorators left out), as written or with what
    is cosmetic taken out."""
    shell: Any = copy.copy(header_only(node))
    shell.body = [ast.Pass()]
    if hasattr(shell, "decorator_list"):
        shell.decorator_list = []
    if strip:
        shell = without_cosmetics(shell)
    return split_lines(ast.unparse(shell))[0]


def _bare_text(stmt: ast.stmt, raw: str) -> str | None:
    """A simple statement with what is cosmetic taken out (None when nothing runs).

    The only cosmetic part a simple statement can hold is its own annotation (it has no body,
    and lambda parameters cannot be annotated), so only an annotated assignment is copied and
    cleaned: copying every statement would double the cost of a drift audit.
    """
    if not isinstance(stmt, ast.AnnAssign):
        return raw
    clean = without_cosmetics(stmt)
    return ast.unparse(clean) if clean is not None else None


def function_units(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[Statement]:
    """The statements of a function, in order, each with its line span."""
    units: list[Statement] = []
    for deco in node.decorator_list:
        text = "@" + ast.unparse(deco)
        units.append(
            Statement("decorator", deco.lineno, deco.end_lineno or deco.lineno, text, text)
        )
    _compound(node, units)
    return units


def _compound(node: ast.stmt | ast.excepthandler, units: list[Statement]) -> None:
    blocks = [getattr(node, name) for name in COMPOUND_BLOCKS if getattr(node, name, None)]
    first_child = min((b[0].lineno for b in blocks if hasattr(b[0], "lineno")), default=None)
    last = max(node.lineno, (first_child or node.lineno + 1) - 1)
    raw = _header_text(node, strip=False)
    units.append(Statement("header", node.lineno, last, raw, _header_text(node, True), node))
    body = getattr(node, "body", [])
    is_def = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    if is_def and body and is_docstring(body[0]):
        doc = body[0]
        units.append(Statement("docstring", doc.lineno, doc.end_lineno or doc.lineno, "", ""))
        body = body[1:]
    for name in COMPOUND_BLOCKS:
        block = body if name == "body" else getattr(node, name, None) or []
        for child in block:
            _statement(child, units)


def _statement(stmt: ast.AST, units: list[Statement]) -> None:
    if not hasattr(stmt, "lineno"):  # a match statement's case: its body only
        for child in getattr(stmt, "body", []):
            _statement(child, units)
        return
    if isinstance(stmt, ast.stmt | ast.excepthandler) and any(
        getattr(stmt, name, None) for name in COMPOUND_BLOCKS
    ):
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            units.extend(function_units(stmt))
        else:
            _compound(stmt, units)
        return
    if isinstance(stmt, ast.stmt):
        first, last = stmt.lineno, stmt.end_lineno or stmt.lineno
        raw = ast.unparse(stmt)
        units.append(Statement("stmt", first, last, raw, _bare_text(stmt, raw), stmt))


def hoisted_awaits(units: list[Statement]) -> list[tuple[Statement, Statement, str]]:
    """``x = await f(...)`` followed by a statement that uses ``x`` once: the pair, and that
    statement with the awaited call put back in place of ``x`` (``return r, f(...)``), which is
    how botocore writes it when nothing needs awaiting."""
    found = []
    for first, second in itertools.pairwise(units):
        node, then = first.node, second.node
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Await)
            and isinstance(then, ast.stmt)
            and first.kind == second.kind == "stmt"
        ):
            continue
        name = node.targets[0].id
        uses = [n for n in ast.walk(then) if isinstance(n, ast.Name) and n.id == name]
        if len(uses) != 1 or not isinstance(uses[0].ctx, ast.Load):
            continue
        inlined = _Inline(name, node.value.value).visit(copy.deepcopy(then))
        found.append((first, second, ast.unparse(inlined)))
    return found


class _Inline(ast.NodeTransformer):
    def __init__(self, name: str, value: ast.expr) -> None:
        self.name, self.value = name, value

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.value if node.id == self.name else node


@dataclass
class FunctionText:
    """A function's statements, physical lines and comments, ready to compare."""

    units: list[Statement]
    lines: dict[int, str]  # line number -> text of the physical line
    comments: dict[int, str]  # line number -> comment text

    @classmethod
    def of(
        cls,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        source_lines: list[str],
    ) -> FunctionText:
        """The statements, lines and comments of the function ``node`` of a module whose lines
        are ``source_lines``."""
        first = first_line(node)
        last = node.end_lineno or node.lineno
        lines = {n: source_lines[n - 1] for n in range(first, last + 1)}
        return cls(function_units(node), lines, _comments(lines))

    def unit_texts(self) -> tuple[set[str], set[str]]:
        """The statements' texts with the async dialect taken out: as written, and with
        annotations taken out too."""
        raw = {normalise_dialect(u.raw) for u in self.units if u.kind != "docstring"}
        bare = {normalise_dialect(u.bare) for u in self.units if u.bare and u.kind != "docstring"}
        return raw | self.structure(), bare | self.structure()

    def structure(self) -> set[str]:
        """``else:``, ``finally:``, ``try:`` lines: no statement of their own."""
        return {t.strip() for t in self.lines.values() if t.strip() in STRUCTURE_LINES}

    def docstring_lines(self) -> set[str]:
        """The stripped lines of the function's docstring."""
        return {
            self.lines[n].strip()
            for u in self.units
            if u.kind == "docstring"
            for n in range(u.first, u.last + 1)
        }


STRUCTURE_LINES = {"else:", "finally:", "try:"}


def _comments(lines: dict[int, str]) -> dict[int, str]:
    """Comments of one function's lines, as the tokenizer sees them (a ``#`` in a string is
    not one). Only lines holding a ``#`` are worth tokenizing for."""
    if not any("#" in text for text in lines.values()):
        return {}
    first = min(lines)
    # An indented method tokenizes as the body of an `if` block, one line down.
    text = "if 1:\n" + "\n".join(lines.values()) + "\n"
    found: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                found[tok.start[0] - 2 + first] = tok.string
    except (tokenize.TokenError, SyntaxError):
        pass
    return found
