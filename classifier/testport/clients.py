"""Clients in the async dialect: ``client = session.create_client(...)`` on an AioSession opens
the client with ``async with`` around the rest of the block; a module function that creates a
client and returns it (a factory) returns the client's context unopened instead, and its
callers open it. A mixin of the conversion's rewriter (``convert._Rewriter``), which gives the
state it reads; with the module-level facts the conversion types clients by."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

import libcst as cst
from botoport.syntax.layout import code_of
from botoport.syntax.receivers import dotted_name

if TYPE_CHECKING:
    from botoport.testport.convert import _Facts


def client_factories(tree: ast.Module, types: dict[str, str]) -> set[str]:
    """Module functions ending in ``return session.create_client(...)`` (or ``client =
    session.create_client(...)``, ``return client``) on an AioSession: in aiobotocore they
    return the client's context, which the caller opens with ``async with``."""
    found = set()
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not node.body:
            continue
        returned = node.body[-1]
        if not isinstance(returned, ast.Return):
            continue
        value = returned.value
        if isinstance(value, ast.Name) and len(node.body) >= 2:  # through a local
            value = _assigned_to(node.body[-2], value.id)
        creates = sum(_attr_name(n) == "create_client" for n in ast.walk(node))
        if creates == 1 and opens_client(value, node.name, types):
            found.add(node.name)
    return found


def _assigned_to(statement: ast.stmt, name: str) -> ast.expr | None:
    """The value ``statement`` (``name = value``) gives ``name``, else None."""
    if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
        return None
    target = statement.targets[0]
    return statement.value if isinstance(target, ast.Name) and target.id == name else None


def _attr_name(node: ast.AST) -> str:
    return (
        node.func.attr
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        else ""
    )


def opens_client(
    value: ast.expr | None,
    scope: str,
    types: dict[str, str],
    factories: set[str] | frozenset[str] = frozenset(),
) -> bool:
    """``value`` is ``session.create_client(...)`` on a local known to be an AioSession, or a
    call of a client factory of the module."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return value.func.id in factories
    if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Attribute):
        return False
    receiver = dotted_name(value.func.value)
    return value.func.attr == "create_client" and types.get(f"{scope}.{receiver}") == "AioSession"


class ClientRules:
    """The client rules of one conversion round."""

    facts: _Facts
    awaits: list[int]  # awaits written in each open function
    clients: set[int]  # ids of create_client calls to open with async with
    returned: set[int]  # ids of create_client calls a factory returns
    returned_values: set[int]  # ids of the values ``return`` hands back

    def _leave_out(self, why: str) -> None:
        raise NotImplementedError  # the rewriter's

    def _receiver_type(self, receiver: cst.BaseExpression) -> str | None:
        raise NotImplementedError  # the rewriter's

    def _function(self) -> str | None:
        raise NotImplementedError  # the rewriter's

    def _assigned_to_name(self, call: cst.Call) -> bool:
        raise NotImplementedError  # the rewriter's

    def _calls_factory(self, call: cst.Call) -> bool:
        return isinstance(call.func, cst.Name) and call.func.value in self.facts.factories

    def _client(self, original: cst.Call, updated: cst.Call) -> None:
        func = original.func
        made_by = code_of(func)
        session = self._receiver_type(func.value) if isinstance(func, cst.Attribute) else None
        if not self._calls_factory(original) and session != "AioSession":
            self._leave_out(
                f"creates a client with {made_by}, whose receiver is not known to be an "
                "AioSession (aiobotocore opens clients with async with)"
            )
        elif self._function() is None:
            self._leave_out("creates a client inside a nested function or lambda")
        elif self._function() in self.facts.factories and id(original) in self.returned_values:
            pass  # a factory hands the context back unopened: its caller opens it
        elif not self._assigned_to_name(original):
            self._leave_out(
                f"creates a client with {made_by} outside `name = ...` (aiobotocore opens "
                "clients with async with, for the block that uses them)"
            )
        elif self._function() in self.facts.factories:
            self.returned.add(id(updated))  # handed back unopened: the caller opens it
        else:
            self.clients.add(id(updated))
            self.awaits[-1] += 1

    def leave_IndentedBlock(
        self, original: cst.IndentedBlock, updated: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        body = list(updated.body)
        for index, statement in enumerate(body):
            returned = self._returned_client(statement, body[index + 1 :])
            if returned is not None:
                return updated.with_changes(body=[*body[:index], returned])
            opened = self._opened_client(statement)
            if opened is not None:
                target, call = opened
                assert isinstance(statement, cst.SimpleStatementLine)
                rest = body[index + 1 :] or [cst.SimpleStatementLine([cst.Pass()])]
                block = cst.With(
                    items=[cst.WithItem(call, asname=cst.AsName(target))],
                    body=cst.IndentedBlock(body=rest),
                    asynchronous=cst.Asynchronous(),
                    leading_lines=statement.leading_lines,
                )
                inner = self.leave_IndentedBlock(original, cst.IndentedBlock(body=rest))
                block = block.with_changes(body=inner)
                return updated.with_changes(body=[*body[:index], block])
        return updated

    def _returned_client(
        self, statement: cst.BaseStatement, rest: list[cst.BaseStatement]
    ) -> cst.SimpleStatementLine | None:
        """``client = session.create_client(...)``, ``return client`` in a client factory:
        ``return session.create_client(...)``, the client's context for the caller to open."""
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
        if not isinstance(small, cst.Assign) or id(small.value) not in self.returned:
            return None
        assert isinstance(statement, cst.SimpleStatementLine)
        return statement.with_changes(body=[cst.Return(small.value)])

    def _opened_client(self, statement: cst.BaseStatement) -> tuple[cst.Name, cst.Call] | None:
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            return None
        assign = statement.body[0]
        if not isinstance(assign, cst.Assign) or len(assign.targets) != 1:
            return None
        value = assign.value
        target = assign.targets[0].target
        if isinstance(value, cst.Call) and id(value) in self.clients:
            return (target, value) if isinstance(target, cst.Name) else None
        return None
