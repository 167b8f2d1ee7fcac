"""Function-level diff of two versions of one module: added, removed, changed, renamed."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import Enum

from botoport.syntax.functions import FunctionInfo, LineFacts, ModuleTable
from botoport.syntax.lines import split_lines


class ChangeKind(str, Enum):
    """How a function moved between the two versions."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    RENAMED = "renamed"


@dataclass
class FunctionChange:
    """One function that differs between FROM and TO.

    ``introduced`` are the canonical lines the bump brings in (the whole body for an added
    function); ``dropped`` the canonical lines it takes out. ``cosmetic`` is true when the raw
    text differs but the canonical form does not.
    """

    kind: ChangeKind
    qualname: str
    old: FunctionInfo | None
    new: FunctionInfo | None
    introduced: tuple[LineFacts, ...]
    dropped: tuple[LineFacts, ...]
    cosmetic: bool
    old_name: str | None = None

    @property
    def current(self) -> FunctionInfo:
        """The version the rules inspect: the new body, or the old one for a removal."""
        found = self.new or self.old
        assert found is not None
        return found


def diff_tables(old: ModuleTable, new: ModuleTable) -> list[FunctionChange]:
    """Every function whose source differs between ``old`` and ``new``, in TO's order."""
    changes: list[FunctionChange] = []
    removed = {q: f for q, f in old.functions.items() if q not in new.functions}
    added = {q: f for q, f in new.functions.items() if q not in old.functions}
    renames = _match_renames(removed, added)
    for qual, fn in new.functions.items():
        before = old.functions.get(qual)
        if before is None:
            changes.append(_added_or_renamed(fn, renames.get(qual)))
        elif before.source != fn.source:
            changes.append(_changed(before, fn))
    renamed_from = {r.qualname for r in renames.values()}
    for qual, fn in removed.items():
        if qual not in renamed_from:
            changes.append(
                FunctionChange(ChangeKind.REMOVED, qual, fn, None, (), fn.canonical, False)
            )
    return changes


def _added_or_renamed(fn: FunctionInfo, origin: FunctionInfo | None) -> FunctionChange:
    if origin is None:
        return FunctionChange(ChangeKind.ADDED, fn.qualname, None, fn, fn.canonical, (), False)
    change = _changed(origin, fn)
    change.kind = ChangeKind.RENAMED
    change.old_name = origin.qualname
    return change


def _changed(before: FunctionInfo, after: FunctionInfo) -> FunctionChange:
    if before.canonical_text == after.canonical_text:
        return FunctionChange(ChangeKind.CHANGED, after.qualname, before, after, (), (), True)
    introduced, dropped = line_delta(before.canonical, after.canonical)
    return FunctionChange(
        ChangeKind.CHANGED, after.qualname, before, after, introduced, dropped, False
    )


def line_delta(
    old: tuple[LineFacts, ...], new: tuple[LineFacts, ...]
) -> tuple[tuple[LineFacts, ...], tuple[LineFacts, ...]]:
    """Lines of ``new`` not matched in ``old`` and lines of ``old`` not matched in ``new``.

    Lines are compared without their indentation, so code that only moved into a new block does
    not count as introduced (the new block's own header line does).
    """
    a = [line.text.strip() for line in old]
    b = [line.text.strip() for line in new]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    introduced: list[LineFacts] = []
    dropped: list[LineFacts] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            dropped.extend(old[i1:i2])
            introduced.extend(new[j1:j2])
    return tuple(introduced), tuple(dropped)


def _match_renames(
    removed: dict[str, FunctionInfo], added: dict[str, FunctionInfo]
) -> dict[str, FunctionInfo]:
    """Pair an added function with a removed one in the same scope whose bodies match."""
    pairs: dict[str, FunctionInfo] = {}
    taken: set[str] = set()
    for new_qual, new_fn in added.items():
        for old_qual, old_fn in removed.items():
            if old_qual in taken or old_fn.class_qualname != new_fn.class_qualname:
                continue
            if old_fn.canonical_body == new_fn.canonical_body:
                pairs[new_qual] = old_fn
                taken.add(old_qual)
                break
    return pairs


def unified_diff(change: FunctionChange, path: str, from_v: str, to_v: str) -> str:
    """The upstream change of one function as a unified diff of its source text."""
    old = change.old.source if change.old else ""
    new = change.new.source if change.new else ""
    return "".join(
        difflib.unified_diff(
            split_lines(old, keepends=True),
            split_lines(new, keepends=True),
            fromfile=f"{path}@{from_v}",
            tofile=f"{path}@{to_v}",
        )
    )
