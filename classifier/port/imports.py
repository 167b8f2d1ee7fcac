"""The imports a written port needs: names botocore's lines use that botocore's module imports
and aiobotocore's module does not bind yet (``dateutil.parser.parse`` in an SSO fetcher). Pure:
texts in, import statements and texts out."""

from __future__ import annotations

import ast
import sys
import textwrap
from collections.abc import Sequence

import libcst as cst
from botoport.syntax.lines import split_lines
from botoport.syntax.receivers import dotted_name
from libcst.helpers import get_full_name_for_node


def missing_imports(function_text: str, imports: dict[str, str], module_text: str) -> list[str]:
    """Import statements for the names ``function_text`` uses that botocore imports
    (``imports``: name -> dotted origin) and the aiobotocore module does not bind."""
    try:
        used = _used_names(ast.parse(textwrap.dedent(function_text)))
        bound = _bound_names(ast.parse(module_text))
    except SyntaxError:
        return []
    statements = []
    for name, chain in sorted(used.items()):
        origin = imports.get(name)
        if origin is None or name in bound:
            continue
        statements.append(_statement(name, origin, chain))
    return statements


def add_imports(module_text: str, statements: list[str]) -> str:
    """``module_text`` with ``statements`` added: ``from m import N`` joins the module's own
    ``from m import (...)`` in isort's order when it has one; anything else goes after the
    last top-level absolute import (after the docstring when there is none)."""
    for statement in statements:  # one at a time: a second name joins the first one's line
        merged = _join_from_import(module_text, statement)
        module_text = merged if merged is not None else _inserted(module_text, statement)
    return module_text


def _inserted(module_text: str, statement: str) -> str:
    """``statement`` on a line of its own in isort's section for it — standard library,
    third party (botocore), first party (aiobotocore) — after that section's last import in
    the module, else before the first import of a later section (a blank line between),
    else after the last import; after the docstring when there is none."""
    tree = ast.parse(module_text)
    added_node = ast.parse(statement).body[0]
    rank, key = import_section(added_node), _import_key(added_node)
    same = later = last = docstring = before = last_rank = 0
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            end = node.end_lineno or node.lineno
            last, last_rank = end, import_section(node)
            if import_section(node) == rank and not before and _import_key(node) > key:
                before = node.lineno  # the first of its section that sorts after it
            if import_section(node) == rank:
                same = end
            elif import_section(node) > rank and not later:
                later = node.lineno
        elif not last and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docstring = node.end_lineno or node.lineno
    lines = split_lines(module_text, keepends=True)
    newline = _newline_of(lines)
    if before:
        at, added = before - 1, f"{statement}{newline}"
    elif same:
        at, added = same, f"{statement}{newline}"
    elif later:  # a section of its own, set apart from its neighbours by blank lines
        at, added = later - 1, f"{statement}{newline}{newline}"
        if at and lines[at - 1].strip():
            added = newline + added
    elif last and rank > last_rank:  # a new last section: set apart by a blank line
        at, added = last, f"{newline}{statement}{newline}"
    else:
        at, added = last or docstring, f"{statement}{newline}"
    return "".join([*lines[:at], added, *lines[at:]])


def _import_key(node: ast.stmt) -> tuple[int, int, str]:
    """isort's order inside a section: ``import x`` lines, then ``from x import``; absolute
    before relative; by module name."""
    if isinstance(node, ast.ImportFrom):
        return 1, node.level, (node.module or "").lower()
    names = node.names if isinstance(node, ast.Import) else []
    return 0, 0, names[0].name.lower() if names else ""


_FIRST_PARTY = frozenset({"aiobotocore", "tests"})


def import_section(node: ast.stmt) -> int:
    """isort's section of an import: 0 standard library, 1 third party, 2 aiobotocore's own
    (its package and its ``tests``, and relative imports)."""
    if isinstance(node, ast.ImportFrom) and node.level:
        return 2
    if isinstance(node, ast.Import):
        module = node.names[0].name
    elif isinstance(node, ast.ImportFrom):
        module = node.module or ""
    else:
        return 1
    top = module.split(".")[0]
    return 0 if top in sys.stdlib_module_names else 2 if top in _FIRST_PARTY else 1


def remove_imports(module_text: str, names: list[str]) -> str:
    """``module_text`` without the top-level imports of ``names`` (a statement left with no
    name goes; the rest of the file is kept byte for byte)."""
    if not names:
        return module_text
    tree = cst.parse_module(module_text)
    body: list[cst.CSTNode] = []
    for node in tree.body:
        if isinstance(node, cst.SimpleStatementLine):
            line = node.body[0]
            if isinstance(line, cst.Import | cst.ImportFrom) and not isinstance(
                line.names, cst.ImportStar
            ):
                kept = [a for a in line.names if _bound_name(a) not in names]
                if not kept:
                    continue
                if len(kept) < len(line.names):
                    kept[-1] = kept[-1].with_changes(comma=_last_comma(line, line.names))
                    node = node.with_changes(body=[line.with_changes(names=kept), *node.body[1:]])
        body.append(node)
    return tree.with_changes(body=body).code


KEPT = "# noqa: F401"  # what botocore writes beside an import it keeps for others to use


def mark_kept(module_text: str, names: list[str]) -> str:
    """``module_text`` with each top-level import of ``names`` marked ``# noqa: F401``, as
    botocore marks the imports it keeps only for others (its own and its siblings' comments
    kept: a line that has one is left as it is)."""
    if not names:
        return module_text
    tree = cst.parse_module(module_text)
    return tree.visit(_KeptMarker(set(names))).code


class _KeptMarker(cst.CSTTransformer):
    def __init__(self, names: set[str]) -> None:
        super().__init__()
        self.names = names

    def leave_ImportAlias(
        self, original: cst.ImportAlias, updated: cst.ImportAlias
    ) -> cst.ImportAlias:
        comma = updated.comma
        if _bound_name(updated) not in self.names or not isinstance(comma, cst.Comma):
            return updated
        after = comma.whitespace_after
        if isinstance(after, cst.ParenthesizedWhitespace) and after.first_line.comment is None:
            line = after.first_line.with_changes(
                whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(KEPT)
            )
            return updated.with_changes(
                comma=comma.with_changes(whitespace_after=after.with_changes(first_line=line))
            )
        return updated

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        line = updated.body[0] if updated.body else None
        if not isinstance(line, cst.Import | cst.ImportFrom) or isinstance(
            line.names, cst.ImportStar
        ):
            return updated
        if isinstance(line, cst.ImportFrom) and line.lpar is not None:
            return updated  # one line per name: marked on the name's own line
        if not any(_bound_name(a) in self.names for a in line.names):
            return updated
        trailing = updated.trailing_whitespace
        if trailing.comment is not None:
            return updated
        marked = trailing.with_changes(
            whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(KEPT)
        )
        return updated.with_changes(trailing_whitespace=marked)


def _bound_name(alias: cst.ImportAlias) -> str:
    """The name an import alias binds (``a.b`` binds ``a``; ``x as y`` binds ``y``)."""
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return (get_full_name_for_node(alias.name) or "").split(".")[0]


def _last_comma(
    line: cst.Import | cst.ImportFrom, aliases: Sequence[cst.ImportAlias]
) -> cst.Comma | cst.MaybeSentinel:
    """The comma the last name keeps: the list's own trailing comma inside parentheses, none
    otherwise (``from m import a,`` does not parse)."""
    if isinstance(line, cst.ImportFrom) and line.lpar is not None:
        return aliases[-1].comma
    return cst.MaybeSentinel.DEFAULT


def isort_key(name: str) -> tuple[int, str]:
    """isort's (and ruff's) order of imported names: CONSTANTS, Classes, then the rest."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, name.lower()


def _join_from_import(module_text: str, statement: str) -> str | None:
    """``module_text`` with the name of ``from m import N`` added to its top-level
    ``from m import ...``; None when the statement is of another form or there is none."""
    parsed = ast.parse(statement).body[0]
    if (
        not (isinstance(parsed, ast.ImportFrom) and len(parsed.names) == 1)
        or parsed.names[0].asname
    ):
        return None
    module, name = parsed.module, parsed.names[0].name
    tree = cst.parse_module(module_text)
    for index, node in enumerate(tree.body):
        if not isinstance(node, cst.SimpleStatementLine):
            continue
        line = node.body[0]
        if (
            not isinstance(line, cst.ImportFrom)
            or line.relative
            or isinstance(line.names, cst.ImportStar)
        ):
            continue
        if line.module is None or get_full_name_for_node(line.module) != module:
            continue
        names = _with_alias(list(line.names), name)
        body = list(tree.body)
        body[index] = node.with_changes(body=[line.with_changes(names=names), *node.body[1:]])
        return tree.with_changes(body=body).code
    return None


def _with_alias(aliases: list[cst.ImportAlias], name: str) -> list[cst.ImportAlias]:
    """``aliases`` with ``name`` added in isort's order when they are in it (at the end
    otherwise), each comma laid out as the list's own."""
    keys = [isort_key(get_full_name_for_node(a.name) or "") for a in aliases]
    position = len(aliases)
    if keys == sorted(keys):
        position = sum(1 for key in keys if key < isort_key(name))
    commas = [a.comma for a in aliases]
    between = (
        commas[0] if len(aliases) > 1 else cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    )
    names = [a.name for a in aliases]
    names.insert(position, cst.Name(name))
    last = commas[-1]
    return [
        cst.ImportAlias(name=n, comma=between if i < len(names) - 1 else last)
        for i, n in enumerate(names)
    ]


def _newline_of(lines: list[str]) -> str:
    """The file's line ending (that of its first line)."""
    return "\r\n" if lines and lines[0].endswith("\r\n") else "\n"


def _used_names(tree: ast.AST) -> dict[str, str]:
    """``{root name: the longest module-like chain used from it}`` (``dateutil.parser``)."""
    used: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            used.setdefault(node.id, node.id)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            chain = dotted_name(node.func.value)  # the callee's owner: a module or a value
            if chain is not None:
                root = chain.split(".", 1)[0]
                if len(chain) > len(used.get(root, "")):
                    used[root] = chain
    return used


def _bound_names(tree: ast.Module) -> set[str]:
    """Names the module binds at top level: imports, definitions, assignments."""
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            bound |= {(a.asname or a.name).split(".", 1)[0] for a in node.names}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.Assign):
            bound |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return bound


def _statement(name: str, origin: str, chain: str) -> str:
    """How botocore imports ``name``: ``import dateutil.parser`` for a module used as
    ``dateutil.parser.x``, ``from m import N`` (``as name`` when renamed) otherwise."""
    if origin == name:
        return f"import {chain}"
    if origin.rsplit(".", 1)[-1] == name:
        module, _, attr = origin.rpartition(".")
        return f"from {module} import {attr}"
    if "." not in origin:
        return f"import {origin} as {name}"
    module, _, attr = origin.rpartition(".")
    return f"from {module} import {attr} as {name}"
