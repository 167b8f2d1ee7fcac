"""Add digests to ``tests/test_patches.py`` with a libcst codemod that keeps its layout.

Only the set literals of the entries named change; comments, quotes, commas and line breaks
elsewhere are left byte for byte as they were.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

import libcst as cst
from botoport.errors import BotoportError


def _normalised(module: cst.Module, node: cst.CSTNode) -> str:
    """The expression as ``ast.unparse`` spells it (how registry entries are named)."""
    return ast.unparse(ast.parse(module.code_for_node(node).strip(), mode="eval"))


def _with_digests(target: cst.Set, digests: list[str]) -> cst.Set:
    """``target`` with ``digests`` appended, each written like the set's last element."""
    elements = list(target.elements)
    present = {e.value.evaluated_value for e in elements if isinstance(e.value, cst.SimpleString)}
    new = [d for d in digests if d not in present]
    if not new:
        return target
    last = elements[-1]
    quote = last.value.quote if isinstance(last.value, cst.SimpleString) else "'"
    separator = elements[0].comma if len(elements) > 1 else cst.MaybeSentinel.DEFAULT
    if not isinstance(separator, cst.Comma):
        # One element: a set laid out one digest per line gets the new one on a line of its own.
        opening = target.lbrace.whitespace_after
        spacing = opening if isinstance(opening, cst.ParenthesizedWhitespace) else None
        separator = cst.Comma(whitespace_after=spacing or cst.SimpleWhitespace(" "))
    trailing = last.comma  # kept on the new last element: a trailing comma stays trailing
    elements[-1] = last.with_changes(comma=separator)
    for i, digest in enumerate(new):
        comma = trailing if i == len(new) - 1 else separator
        elements.append(cst.Element(cst.SimpleString(f"{quote}{digest}{quote}"), comma=comma))
    return target.with_changes(elements=elements)


class _AddDigests(cst.CSTTransformer):
    def __init__(self, module: cst.Module, wanted: Mapping[str, list[str]]) -> None:
        super().__init__()
        self.module = module
        self.wanted = wanted
        self.done: set[str] = set()

    def _apply(self, key: cst.BaseExpression, value: cst.BaseExpression) -> cst.Set | None:
        if not isinstance(value, cst.Set):
            return None
        try:
            name = _normalised(self.module, key)
        except SyntaxError:
            return None
        if name not in self.wanted:
            return None
        self.done.add(name)
        return _with_digests(value, self.wanted[name])

    def leave_Tuple(self, original: cst.Tuple, updated: cst.Tuple) -> cst.Tuple:
        if len(updated.elements) != 2:
            return updated
        key, value = updated.elements
        replaced = self._apply(key.value, value.value)
        if replaced is None:
            return updated
        return updated.with_changes(elements=[key, value.with_changes(value=replaced)])

    def leave_DictElement(
        self, original: cst.DictElement, updated: cst.DictElement
    ) -> cst.DictElement:
        replaced = self._apply(updated.key, updated.value)
        return updated if replaced is None else updated.with_changes(value=replaced)


def add_digests(patches_source: str, wanted: Mapping[str, list[str]]) -> str:
    """``patches_source`` with each entry of ``wanted`` (raw symbol -> digests) extended.

    BotoportError when the file does not parse or an entry is not found.
    """
    try:
        module = cst.parse_module(patches_source)
    except cst.ParserSyntaxError as exc:
        raise BotoportError(f"tests/test_patches.py does not parse: {exc.message}") from None
    transformer = _AddDigests(module, wanted)
    result = module.visit(transformer)
    missing = sorted(set(wanted) - transformer.done)
    if missing:
        raise BotoportError(f"tests/test_patches.py has no entry {missing[0]}")
    return result.code
