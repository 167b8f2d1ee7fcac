"""New entries for ``tests/test_patches.py``: the override a port writes is tracked with the
digest of botocore's function, laid out like the entry before it and placed after the last entry
of the same botocore module, its name imported beside that module's other names. A libcst edit:
every other byte of the file stays as it was. Only the list-of-tuples form is written."""

from __future__ import annotations

import libcst as cst
from botoport.errors import BotoportError
from botoport.mirror.paths import dotted_module
from botoport.syntax.layout import inserted_after
from libcst.helpers import get_full_name_for_node


def add_entry(patches_source: str, symbol: str, digest: str, botocore_path: str) -> str:
    """``patches_source`` tracking ``symbol`` (``Class.method`` or ``function``) of
    ``botocore_path`` with ``digest``; BotoportError when the file has no list of entries."""
    try:
        module = cst.parse_module(patches_source)
    except cst.ParserSyntaxError as exc:
        raise BotoportError(f"tests/test_patches.py does not parse: {exc.message}") from None
    origin = dotted_module(botocore_path)
    imported = _imported_names(module)
    adder = _AddEntry(symbol, digest, {n for n, m in imported.items() if m == origin})
    module = module.visit(adder)
    if not adder.done:
        raise BotoportError("tests/test_patches.py has no list of (symbol, digests) entries")
    root = symbol.split(".", 1)[0]
    if root not in imported:
        module = module.visit(_AddImport(origin, root))
    return module.code


def _imported_names(module: cst.Module) -> dict[str, str]:
    """``{name: module}`` for the file's ``from m import name`` statements."""
    found = {}
    for statement in module.body:
        for small in _small_statements(statement):
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                origin = dotted(small.module) if small.module else ""
                for alias in small.names:
                    found[alias.evaluated_alias or alias.evaluated_name] = origin
    return found


def _small_statements(statement: cst.CSTNode) -> list[cst.BaseSmallStatement]:
    """The parts of a top-level simple statement (none for a compound one)."""
    if isinstance(statement, cst.SimpleStatementLine):
        return list(statement.body)
    return []


def _is_entry(element: cst.BaseElement) -> bool:
    value = element.value
    return (
        isinstance(value, cst.Tuple)
        and len(value.elements) == 2
        and isinstance(value.elements[1].value, cst.Set)
    )


class _AddEntry(cst.CSTTransformer):
    """Appends the entry to the first list of ``(symbol, {digests})`` tuples."""

    def __init__(self, symbol: str, digest: str, same_module: set[str]) -> None:
        super().__init__()
        self.symbol, self.digest, self.same_module = symbol, digest, same_module
        self.done = False

    def leave_List(self, original: cst.List, updated: cst.List) -> cst.List:
        entries = [i for i, e in enumerate(updated.elements) if _is_entry(e)]
        if self.done or not entries:
            return updated
        self.done = True
        elements = list(updated.elements)
        place = max((i for i in entries if self._of_module(elements[i])), default=entries[-1])
        new = self._entry_like(elements[place])
        opening = updated.lbracket.whitespace_after
        return updated.with_changes(elements=inserted_after(elements, place, new, opening))

    def _of_module(self, element: cst.BaseElement) -> bool:
        assert isinstance(element.value, cst.Tuple)
        first = element.value.elements[0].value
        return dotted(first).split(".", 1)[0] in self.same_module

    def _entry_like(self, model: cst.BaseElement) -> cst.BaseElement:
        assert isinstance(model.value, cst.Tuple)
        name, digests = model.value.elements
        assert isinstance(digests.value, cst.Set)
        last = digests.value.elements[-1]  # its comma, if any, is the set's trailing one
        quote = last.value.quote if isinstance(last.value, cst.SimpleString) else "'"
        digest = last.with_changes(value=cst.SimpleString(f"{quote}{self.digest}{quote}"))
        one = digests.value.with_changes(elements=[digest])
        value = model.value.with_changes(
            elements=[
                name.with_changes(value=cst.parse_expression(self.symbol)),
                digests.with_changes(value=one),
            ]
        )
        return model.with_changes(value=value)


class _AddImport(cst.CSTTransformer):
    """``name`` added to the ``from module import …`` statement, or a new one after the
    file's last ``from botocore…`` import."""

    def __init__(self, module: str, name: str) -> None:
        super().__init__()
        self.module, self.name = module, name
        self.done = False

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        if self.done or not updated.module or dotted(updated.module) != self.module:
            return updated
        if isinstance(updated.names, cst.ImportStar):
            return updated
        self.done = True
        names = list(updated.names)
        opening = updated.lpar.whitespace_after if updated.lpar else cst.SimpleWhitespace(" ")
        alias = cst.ImportAlias(cst.Name(self.name))
        return updated.with_changes(names=inserted_after(names, len(names) - 1, alias, opening))

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        if self.done:
            return updated
        body = list(updated.body)
        after = max(
            (i for i, s in enumerate(body) if _imports_botocore(s)),
            default=-1,
        )
        statement = cst.parse_statement(f"from {self.module} import {self.name}\n")
        body.insert(after + 1, statement)
        return updated.with_changes(body=body)


def _imports_botocore(statement: cst.CSTNode) -> bool:
    return any(
        isinstance(small, cst.ImportFrom)
        and small.module is not None
        and dotted(small.module).startswith("botocore")
        for small in _small_statements(statement)
    )


def dotted(node: cst.CSTNode) -> str:
    """``a.b.c`` for a name or attribute chain; empty for anything else."""
    return get_full_name_for_node(node) or ""
