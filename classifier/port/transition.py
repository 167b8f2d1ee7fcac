"""The async transition (SPEC, "The async transition reaches aiobotocore's own callers"): an
override that is ``def`` today and must become ``async def``, the aiobotocore call sites that
must then await it, and the lines an override took from botocore that call a coroutine without
``await``. Pure: module texts and function tables in, findings out."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from botoport.mirror.paths import from_botocore
from botoport.syntax.dialect import normalise_dialect
from botoport.syntax.functions import Call, FunctionInfo, ParseFailure, parse_module

# Names too common to match by name alone: only self/cls calls count for these.
GENERIC_NAMES = frozenset(
    {
        "get", "read", "write", "open", "close", "flush", "send", "search", "run", "call",
        "update", "load", "start", "stop", "wait", "sign", "put", "delete", "request",
    }
)  # fmt: skip
_Def = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class CallSite:
    """An aiobotocore call of an override: where it is and whether it awaits."""

    path: str
    line: int
    function: str
    awaited: bool

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.function}"


def call_sites(
    name: str, class_qualname: str | None, override_path: str, modules: Iterable[tuple[str, str]]
) -> list[CallSite]:
    """Every call of the override ``name`` (a method of ``class_qualname``, or a module
    function of ``override_path``) in aiobotocore's ``(path, text)`` modules: ``self.m()`` /
    ``cls.m()`` in its class; ``x.m()`` anywhere for a method with a distinctive name; ``f()``
    for a module function where it is defined or imported."""
    found = []
    for path, text in modules:
        try:
            tree = parse_module(text, path)
        except ParseFailure:
            continue
        imported = _imports_name(tree, name)
        for qualname, cls, fn in _functions(tree):
            if fn.name == name and cls == class_qualname and path == override_path:
                continue  # the override itself
            for call, awaited in _calls(fn):
                if _is_call_of(call, name, class_qualname, cls, path == override_path, imported):
                    found.append(CallSite(path, call.lineno, qualname, awaited))
    return found


def _functions(
    tree: ast.Module,
) -> Iterator[tuple[str, str | None, ast.FunctionDef | ast.AsyncFunctionDef]]:
    def visit(
        body: list[ast.stmt], prefix: str, cls: str | None
    ) -> Iterator[tuple[str, str | None, ast.FunctionDef | ast.AsyncFunctionDef]]:
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                yield from visit(stmt.body, f"{prefix}{stmt.name}.", f"{prefix}{stmt.name}")
            elif isinstance(stmt, _Def):
                yield f"{prefix}{stmt.name}", cls, stmt

    return visit(tree.body, "", None)


def _calls(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[tuple[ast.Call, bool]]:
    """The calls in ``fn``'s own body (not in nested functions), each with whether it is
    awaited — or handed on whole to another call (``Context(self._create_client())``,
    ``asyncio.gather(...)``), whose business awaiting it is."""
    awaited = {id(node.value) for node in ast.walk(fn) if isinstance(node, ast.Await)}
    awaited |= {
        id(argument)
        for node in ast.walk(fn)
        if isinstance(node, ast.Call)
        for argument in [*node.args, *(k.value for k in node.keywords)]
        if isinstance(argument, ast.Call)
    }
    stack: list[ast.AST] = list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (*_Def, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, ast.Call):
            yield node, id(node) in awaited
        stack.extend(ast.iter_child_nodes(node))


def _is_call_of(
    call: ast.Call, name: str, owner: str | None, here: str | None, same_module: bool,
    imported: bool,
) -> bool:  # fmt: skip
    func = call.func
    if owner is None:  # a module function
        return isinstance(func, ast.Name) and func.id == name and (same_module or imported)
    if not isinstance(func, ast.Attribute) or func.attr != name:
        return False
    receiver = func.value
    if isinstance(receiver, ast.Name) and receiver.id in ("self", "cls"):
        return here == owner
    if (
        isinstance(receiver, ast.Call)
        and isinstance(receiver.func, ast.Name)
        and receiver.func.id == "super"
    ):
        return False  # super().m(): the base class's version
    return name not in GENERIC_NAMES


def _imports_name(tree: ast.Module, name: str) -> bool:
    return any(
        isinstance(node, ast.ImportFrom) and any(a.name == name for a in node.names)
        for node in ast.walk(tree)
    )


def _may_be_aio(call: Call) -> bool:
    """False for a call the module's imports resolve outside botocore and aiobotocore
    (``dateutil.parser.parse`` is not aiobotocore's ``parse``)."""
    return call.dotted is None or from_botocore(call.dotted)


def unawaited_lines(
    override: FunctionInfo, introduced: Iterable[str], coroutines: set[str]
) -> list[str]:
    """Lines the override took from botocore (``introduced``: botocore's canonical lines) that
    call one of ``coroutines`` without awaiting it."""
    wanted = {normalise_dialect(text) for text in introduced}
    found = []
    for line in override.canonical:
        text = line.text.strip()
        if normalise_dialect(text) not in wanted or text.startswith("await ") or " await " in text:
            continue
        if any(call.name in coroutines and _may_be_aio(call) for call in line.calls):
            found.append(text)
    return found
