"""The imports a written port needs: names botocore's lines use that botocore's module imports
and aiobotocore's module does not bind yet (``dateutil.parser.parse`` in an SSO fetcher). Pure:
texts in, import statements and texts out."""

from __future__ import annotations

import ast
import textwrap

from botoport.syntax.lines import split_lines
from botoport.syntax.receivers import dotted_name


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
    """``module_text`` with ``statements`` after its last top-level import (after its
    docstring when it has none)."""
    if not statements:
        return module_text
    tree = ast.parse(module_text)
    after = 0
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            after = node.end_lineno or node.lineno
        elif after == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            after = node.end_lineno or node.lineno  # the module docstring
    lines = split_lines(module_text, keepends=True)
    added = [f"{statement}\n" for statement in statements]
    return "".join([*lines[:after], *added, *lines[after:]])


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
