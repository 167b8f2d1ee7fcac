"""New items of a bracketed list laid out like their neighbours (libcst): a set of digests, a
list of entries, a dict's keys, the names of an import; and the code of any node."""

from __future__ import annotations

from typing import TypeVar

import libcst as cst

_Item = TypeVar("_Item", cst.Element, cst.DictElement, cst.ImportAlias)


def inserted_after(
    items: list[_Item], index: int, new: _Item, opening: cst.BaseParenthesizableWhitespace
) -> list[_Item]:
    """``items`` with ``new`` after ``items[index]``. ``new`` takes that item's comma (and what
    follows it: a comment before the next item, or the list's trailing comma); the item takes
    the separator that stands between two items — the previous item's comma without the comment
    lines after it, or, for the first item, the whitespace after the opening bracket."""
    model = items[index]
    between = items[index - 1].comma if index > 0 else None
    if not isinstance(between, cst.Comma):
        between = cst.Comma(whitespace_after=opening)
    laid_out = list(items)
    laid_out[index] = model.with_changes(comma=without_comments(between))
    laid_out.insert(index + 1, new.with_changes(comma=model.comma))
    return laid_out


def without_comments(comma: cst.Comma) -> cst.Comma:
    """``comma`` with the comment lines after it dropped."""
    after = comma.whitespace_after
    if isinstance(after, cst.ParenthesizedWhitespace):
        return comma.with_changes(whitespace_after=after.with_changes(empty_lines=[]))
    return comma


def code_of(node: cst.CSTNode) -> str:
    """The source code of a libcst node, as written."""
    return cst.Module(body=[]).code_for_node(node)
