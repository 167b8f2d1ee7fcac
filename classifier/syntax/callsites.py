"""A parameter's class read from the calls that pass it (SPEC, "Receivers are resolved"): when
every call of a function in its module passes the same class for a parameter — constructed
there, returned by a method that constructs it, or passed on from a parameter of the caller that
is itself typed this way — the parameter is of that class. botocore's CBOR parser hands one
``io.BufferedReader`` down through ``parse_data_item`` to ``_read_from_stream(stream, …)``."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from botoport.syntax.functions import FunctionInfo, ModuleTable, deeply
from botoport.syntax.receivers import constructed_type

_MAX_DEPTH = 8
_Def = ast.FunctionDef | ast.AsyncFunctionDef
# A call site that only passes the parameter around a cycle says nothing either way.
_NEUTRAL = ""


def parameter_type(fn: FunctionInfo, param: str, table: ModuleTable) -> str | None:
    """The one class every call of ``fn`` in ``table`` passes for ``param``; None when a call
    passes something else, passes it by ``*args``/``**kwargs``, or no call is found."""
    found = deeply(lambda: _parameter_type(fn, param, table, set()), fn.qualname)
    return found or None


def _parameter_type(
    fn: FunctionInfo, param: str, table: ModuleTable, visiting: set[tuple[str, str]]
) -> str | None:
    key = (fn.qualname, param)
    if key in visiting:
        return _NEUTRAL
    if len(visiting) >= _MAX_DEPTH:
        return None
    visiting = visiting | {key}
    position = _position(fn, param)
    kinds: set[str] = set()
    for caller, call in _calls_of(fn, table):
        argument = _argument(call, position, param)
        if argument is None:
            return None
        kind = _expression_type(argument, caller, table, visiting)
        if kind is None:
            return None
        kinds.add(kind)
    kinds.discard(_NEUTRAL)
    if not kinds:
        # Called only through a table of bound methods (``method(stream, info)``) or around a
        # cycle: its values are those of the call sites around it; it adds and vetoes none.
        return None if len(visiting) == 1 else _NEUTRAL
    return kinds.pop() if len(kinds) == 1 else None


def _position(fn: FunctionInfo, param: str) -> int | None:
    """Index of ``param`` among the arguments a call passes (``self`` not counted)."""
    args = fn.fresh_node().args
    names = [a.arg for a in (*args.posonlyargs, *args.args)]
    if fn.class_qualname is not None and names:
        names = names[1:]
    return names.index(param) if param in names else None


def _calls_of(fn: FunctionInfo, table: ModuleTable) -> Iterator[tuple[FunctionInfo, ast.Call]]:
    """Each call of ``fn`` in the module: ``self.name(...)`` for a method, ``name(...)`` for a
    module function, with the function it is made in."""
    for caller in table.functions.values():
        if fn.name not in caller.source or caller is fn:
            continue
        for node in ast.walk(caller.fresh_node()):
            if isinstance(node, ast.Call) and _names(node.func, fn):
                yield caller, node


def _names(func: ast.expr, fn: FunctionInfo) -> bool:
    if fn.class_qualname is None:
        return isinstance(func, ast.Name) and func.id == fn.name
    return (
        isinstance(func, ast.Attribute)
        and func.attr == fn.name
        and isinstance(func.value, ast.Name)
        and func.value.id == "self"
    )


def _argument(call: ast.Call, position: int | None, param: str) -> ast.expr | None:
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        return None
    for keyword in call.keywords:
        if keyword.arg == param:
            return keyword.value
    if position is not None and position < len(call.args):
        return call.args[position]
    return None


def _expression_type(
    value: ast.expr, caller: FunctionInfo, table: ModuleTable, visiting: set[tuple[str, str]]
) -> str | None:
    """The class of ``value`` in ``caller``: constructed, returned by a ``self`` method that
    constructs it, a local assigned one of those, or a parameter typed by its own callers."""
    kind = constructed_type(value, table.imports) or _returned_by(value, caller, table)
    if kind is not None or not isinstance(value, ast.Name):
        return kind
    node = caller.fresh_node()
    assigned = [
        stmt.value
        for stmt in ast.walk(node)
        if isinstance(stmt, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == value.id for t in stmt.targets)
    ]
    if assigned:
        kinds = {_expression_type(v, caller, table, visiting) for v in assigned}
        return kinds.pop() if len(kinds) == 1 else None
    if value.id in {a.arg for a in (*node.args.posonlyargs, *node.args.args)}:
        return _parameter_type(caller, value.id, table, visiting)
    return None


def _returned_by(value: ast.expr, caller: FunctionInfo, table: ModuleTable) -> str | None:
    """The class ``self.m(...)`` returns when every ``return`` of ``m`` constructs it."""
    if not (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and isinstance(value.func.value, ast.Name)
        and value.func.value.id == "self"
        and caller.class_qualname is not None
    ):
        return None
    method = table.functions.get(f"{caller.class_qualname}.{value.func.attr}")
    if method is None:
        method = next(
            (f for f in table.functions.values() if f.name == value.func.attr and f.class_qualname),
            None,
        )
    if method is None:
        return None
    returns = [n.value for n in ast.walk(method.fresh_node()) if isinstance(n, ast.Return)]
    kinds = {constructed_type(r, table.imports) for r in returns if r is not None}
    return kinds.pop() if len(kinds) == 1 else None
