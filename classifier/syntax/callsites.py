"""A parameter's class read from the calls that pass it (SPEC, "Receivers are resolved"): when
every call of a function in its module passes the same class for a parameter — constructed
there, returned by a method that constructs it, or passed on from a parameter of the caller that
is itself typed this way — the parameter is of that class. botocore's CBOR parser hands one
``io.BufferedReader`` down through ``parse_data_item`` to ``_read_from_stream(stream, …)``."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from botoport.syntax.functions import FunctionInfo, ModuleTable, deeply
from botoport.syntax.receivers import constructed_type, self_attribute
from botoport.syntax.walk import walk_statements

_MAX_DEPTH = 8
# A call site that only passes the parameter around a cycle says nothing either way.
_NEUTRAL = ""
_FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


def parameter_type(fn: FunctionInfo, param: str, table: ModuleTable) -> str | None:
    """The one class every call of ``fn`` in ``table`` passes for ``param``; None when a call
    passes something else, passes it by ``*args``/``**kwargs``, or no call is found."""
    resolution = _Resolution(table)
    found = deeply(lambda: resolution.parameter_type(fn, param, set()), fn.qualname)
    return found or None


class _Resolution:
    """One resolution over one module: each function it looks at is parsed once."""

    def __init__(self, table: ModuleTable) -> None:
        self.table = table
        self._nodes: dict[str, _FunctionNode] = {}

    def node(self, fn: FunctionInfo) -> _FunctionNode:
        if fn.qualname not in self._nodes:
            self._nodes[fn.qualname] = fn.fresh_node()
        return self._nodes[fn.qualname]

    def parameter_type(
        self, fn: FunctionInfo, param: str, visiting: set[tuple[str, str]]
    ) -> str | None:
        key = (fn.qualname, param)
        if key in visiting:
            return _NEUTRAL
        if len(visiting) >= _MAX_DEPTH:
            return None
        visiting = visiting | {key}
        position = _position(self.node(fn), fn, param)
        kinds: set[str] = set()
        for caller, call in self._calls_of(fn):
            argument = _argument(call, position, param)
            if argument is None:
                return None
            kind = self._expression_type(argument, caller, visiting)
            if kind is None:
                return None
            kinds.add(kind)
        kinds.discard(_NEUTRAL)
        if not kinds:
            # Called only through a table of bound methods (``method(stream, info)``) or around
            # a cycle: its values are those of the call sites around it; it adds and vetoes none.
            return None if len(visiting) == 1 else _NEUTRAL
        return kinds.pop() if len(kinds) == 1 else None

    def _calls_of(self, fn: FunctionInfo) -> Iterator[tuple[FunctionInfo, ast.Call]]:
        """Each call of ``fn`` in the module: ``self.name(...)`` for a method, ``name(...)``
        for a module function, with the function it is made in."""
        for caller in self.table.functions.values():
            if fn.name not in caller.source or caller is fn:
                continue
            for node in ast.walk(self.node(caller)):
                if isinstance(node, ast.Call) and _names(node.func, fn):
                    yield caller, node

    def _expression_type(
        self, value: ast.expr, caller: FunctionInfo, visiting: set[tuple[str, str]]
    ) -> str | None:
        """The class of ``value`` in ``caller``: constructed, returned by a ``self`` method that
        constructs it, a local assigned one of those, or a parameter typed by its own callers."""
        kind = constructed_type(value, self.table.imports) or self._returned_by(value, caller)
        if kind is not None or not isinstance(value, ast.Name):
            return kind
        node = self.node(caller)
        assigned = [
            stmt.value
            for stmt in walk_statements(node.body)
            if isinstance(stmt, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == value.id for t in stmt.targets)
        ]
        if assigned:
            kinds = {self._expression_type(v, caller, visiting) for v in assigned}
            return kinds.pop() if len(kinds) == 1 else None
        if value.id in {a.arg for a in (*node.args.posonlyargs, *node.args.args)}:
            return self.parameter_type(caller, value.id, visiting)
        return None

    def _returned_by(self, value: ast.expr, caller: FunctionInfo) -> str | None:
        """The class ``self.m(...)`` returns when every ``return`` of ``m`` constructs it."""
        method_name = self_attribute(value.func) if isinstance(value, ast.Call) else None
        if method_name is None or caller.class_qualname is None:
            return None
        functions = self.table.functions
        method = functions.get(f"{caller.class_qualname}.{method_name}") or next(
            (f for f in functions.values() if f.name == method_name and f.class_qualname),
            None,
        )
        if method is None:
            return None
        returns = [n.value for n in ast.walk(self.node(method)) if isinstance(n, ast.Return)]
        kinds = {constructed_type(r, self.table.imports) for r in returns if r is not None}
        return kinds.pop() if len(kinds) == 1 else None


def _position(node: _FunctionNode, fn: FunctionInfo, param: str) -> int | None:
    """Index of ``param`` among the arguments a call passes (``self`` not counted)."""
    names = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
    if fn.class_qualname is not None and names:
        names = names[1:]
    return names.index(param) if param in names else None


def _names(func: ast.expr, fn: FunctionInfo) -> bool:
    if fn.class_qualname is None:
        return isinstance(func, ast.Name) and func.id == fn.name
    return self_attribute(func) == fn.name


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
