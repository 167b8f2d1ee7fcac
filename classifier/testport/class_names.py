"""Class names written as strings, in tests that compare class names.

A botocore test may check which handler a client registered by its class's name
(``handler.__class__.__name__`` compared with ``'RetryHandler'``). aiobotocore registers its twin
in botocore's class's place (``AioRetryHandler``), so a string that is exactly the name of a
botocore class aiobotocore twins becomes the twin's name — in a function that reads
``__name__``, itself or through the module's functions it calls. Elsewhere a string is data
(``'Endpoint'`` and ``'Credentials'`` are keys of AWS's answers) and is kept. Pure: text in,
text out.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

import libcst as cst

_Function = ast.FunctionDef | ast.AsyncFunctionDef


def with_twin_class_names(text: str, twin_of: Callable[[str], str | None]) -> str:
    """``text`` with each string literal naming a class ``twin_of`` knows (botocore's name ->
    its Aio twin's, None when it has none) renamed inside the functions that compare names."""
    if "__name__" not in text:
        return text
    comparing = _reading_names(ast.parse(text))
    if not comparing:
        return text
    return cst.parse_module(text).visit(_Renamer(twin_of, comparing)).code


def _reading_names(module: ast.Module) -> set[str]:
    """The module's functions and methods (by name) that read ``__name__``, themselves or
    through a function or ``self`` method of the module they call."""
    calls: dict[str, set[str]] = {}
    reading: set[str] = set()
    for node in ast.walk(module):
        if not isinstance(node, _Function):
            continue
        inner = list(ast.walk(node))
        calls[node.name] = {_called(c.func) for c in inner if isinstance(c, ast.Call)}
        if any(_reads_name(n) for n in inner):
            reading.add(node.name)
    grew = True
    while grew:
        more = {name for name, called in calls.items() if called & reading} - reading
        reading |= more
        grew = bool(more)
    return reading


def _reads_name(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "__name__"
        and isinstance(node.ctx, ast.Load)
    )


def _called(func: ast.expr) -> str:
    """``f`` of ``f(...)`` and of ``self.f(...)``; "" for anything else."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and ast.unparse(func.value) == "self":
        return func.attr
    return ""


class _Renamer(cst.CSTTransformer):
    def __init__(self, twin_of: Callable[[str], str | None], comparing: set[str]) -> None:
        self.twin_of, self.comparing = twin_of, comparing
        self.functions: list[str] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append(node.name.value)

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        self.functions.pop()
        return updated

    def leave_SimpleString(
        self, original: cst.SimpleString, updated: cst.SimpleString
    ) -> cst.SimpleString:
        if not set(self.functions) & self.comparing:
            return updated
        value = original.evaluated_value
        twin = self.twin_of(value) if isinstance(value, str) and value.isidentifier() else None
        if twin is None:
            return updated
        quote = original.quote
        return updated.with_changes(value=f"{original.prefix}{quote}{twin}{quote}")
