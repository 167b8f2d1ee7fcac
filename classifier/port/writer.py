"""Writing a port into an aiobotocore module with libcst: functions replaced, removed,
appended or made ``async``, calls given their ``await``, table entries added, and every other
byte of the file kept as it was. Functions are found by their qualified name as the function
table spells it (``Class.method``, ``Class.prop.setter``; the last definition when a name is
defined twice)."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from botoport.syntax.layout import inserted_after


@dataclass(frozen=True)
class Replace:
    """The function ``qualname`` becomes ``text`` (removed when ``text`` is empty)."""

    qualname: str
    text: str


@dataclass(frozen=True)
class Append:
    """``text`` (a function) added at the end of class ``class_name`` (of the module, for None)."""

    class_name: str | None
    text: str


@dataclass(frozen=True)
class AwaitCalls:
    """Calls of ``callee`` made in function ``qualname`` get ``await``."""

    qualname: str
    callee: str


@dataclass(frozen=True)
class MakeAsync:
    """The function ``qualname`` becomes ``async def`` (a caller of what a port makes async)."""

    qualname: str


@dataclass(frozen=True)
class AddEntry:
    """``key: value`` added to the module-level dict ``table``."""

    table: str
    key: str
    value: str


Edit = Replace | Append | AwaitCalls | MakeAsync | AddEntry


def write_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` applied (libcst.ParserSyntaxError if it does not parse,
    ValueError when an edit names a function, class or table the module does not have)."""
    module = cst.parse_module(text)
    counter = _Definitions()
    module.visit(counter)
    writer = _Writer(edits, counter.seen)
    written = module.visit(writer).code
    missed = [e for e in edits if e not in writer.applied]
    if missed:
        raise ValueError(f"nowhere to write {missed[0]}")
    return written


def _function_node(text: str) -> cst.FunctionDef:
    node = cst.parse_module(textwrap.dedent(text)).body[0]
    if not isinstance(node, cst.FunctionDef):
        raise ValueError("not a function")
    return node


def _key(node: cst.FunctionDef, scope: list[str]) -> str:
    """The function table's name for ``node``: scope, name, and the accessor of a setter."""
    qualname = ".".join([*scope, node.name.value])
    for decorator in node.decorators:
        expression = decorator.decorator
        if (
            isinstance(expression, cst.Attribute)
            and isinstance(expression.value, cst.Name)
            and expression.value.value == node.name.value
            and expression.attr.value in ("setter", "deleter")
        ):
            return f"{qualname}.{expression.attr.value}"
    return qualname


class _Scoped(cst.CSTTransformer):
    """Tracks the classes around a definition; functions inside functions have no key."""

    def __init__(self) -> None:
        super().__init__()
        self.scope: list[str] = []
        self.depth = 0  # functions entered

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scope.append(node.name.value)

    def leave_ClassDef(
        self, original: cst.ClassDef, updated: cst.ClassDef
    ) -> cst.BaseStatement | cst.RemovalSentinel:
        self.scope.pop()
        return updated

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.depth += 1

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.BaseStatement | cst.RemovalSentinel:
        self.depth -= 1
        return updated


class _Definitions(_Scoped):
    """How many times each key is defined (the table keeps the last)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: Counter[str] = Counter()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.depth == 0:
            self.seen[_key(node, self.scope)] += 1
        super().visit_FunctionDef(node)


class _Writer(_Scoped):
    def __init__(self, edits: Sequence[Edit], defined: Counter[str]) -> None:
        super().__init__()
        self.edits = edits
        self.defined = defined
        self.met: Counter[str] = Counter()
        self.current: list[str] = []  # keys of the functions being visited
        self.awaited: set[int] = set()
        self.applied: set[Edit] = {e for e in edits if isinstance(e, AwaitCalls)}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        key = _key(node, self.scope) if self.depth == 0 else ""
        self.current.append(key)
        super().visit_FunctionDef(node)

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.BaseStatement | cst.RemovalSentinel:
        super().leave_FunctionDef(original, updated)
        key = self.current.pop()
        if not key:
            return updated
        self.met[key] += 1
        if self.met[key] != self.defined[key]:
            return updated
        for edit in self.edits:
            if isinstance(edit, Replace) and edit.qualname == key:
                self.applied.add(edit)
                if not edit.text:
                    return cst.RemovalSentinel.REMOVE
                return _function_node(edit.text).with_changes(leading_lines=updated.leading_lines)
        for edit in self.edits:
            if isinstance(edit, MakeAsync) and edit.qualname == key:
                self.applied.add(edit)
                return updated.with_changes(asynchronous=cst.Asynchronous())
        return updated

    def visit_Await(self, node: cst.Await) -> None:
        self.awaited.add(id(node.expression))

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if id(original) in self.awaited or not self.current or not self.current[-1]:
            return updated
        callee = original.func
        name = callee.attr.value if isinstance(callee, cst.Attribute) else None
        name = callee.value if isinstance(callee, cst.Name) else name
        for edit in self.edits:
            if (
                isinstance(edit, AwaitCalls)
                and edit.qualname == self.current[-1]
                and edit.callee == name
            ):
                return cst.Await(expression=updated)
        return updated

    def leave_ClassDef(
        self, original: cst.ClassDef, updated: cst.ClassDef
    ) -> cst.BaseStatement | cst.RemovalSentinel:
        name = self.scope[-1]
        super().leave_ClassDef(original, updated)
        appends = [e for e in self.edits if isinstance(e, Append) and e.class_name == name]
        if not appends or len(self.scope) or not isinstance(updated.body, cst.IndentedBlock):
            return updated
        self.applied.update(appends)
        added = [_appended(e.text) for e in appends]
        body = updated.body.with_changes(body=[*updated.body.body, *added])
        return updated.with_changes(body=body)

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        body = list(updated.body)
        for edit in self.edits:
            if isinstance(edit, Append) and edit.class_name is None:
                body.append(_appended(edit.text, blank_lines=2))
                self.applied.add(edit)
            elif isinstance(edit, AddEntry):
                changed = [_with_entry(s, edit) for s in body]
                if changed != body:
                    self.applied.add(edit)
                body = changed
        return updated.with_changes(body=body)


def _appended(text: str, blank_lines: int = 1) -> cst.FunctionDef:
    node = _function_node(text)
    return node.with_changes(leading_lines=[cst.EmptyLine(indent=False)] * blank_lines)


def _with_entry(
    statement: cst.SimpleStatementLine | cst.BaseCompoundStatement, edit: AddEntry
) -> cst.SimpleStatementLine | cst.BaseCompoundStatement:
    """``statement`` with the entry added when it is ``table = {...}``."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return statement
    assign = statement.body[0]
    if not (
        isinstance(assign, cst.Assign)
        and len(assign.targets) == 1
        and isinstance(assign.targets[0].target, cst.Name)
        and assign.targets[0].target.value == edit.table
        and isinstance(assign.value, cst.Dict)
        and assign.value.elements
    ):
        return statement
    elements = list(assign.value.elements)
    entry = cst.DictElement(cst.SimpleString(repr(edit.key)), cst.Name(edit.value))
    opening = assign.value.lbrace.whitespace_after
    value = assign.value.with_changes(
        elements=inserted_after(elements, len(elements) - 1, entry, opening)
    )
    return statement.with_changes(body=[assign.with_changes(value=value)])
