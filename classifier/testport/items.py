"""The items of a test module — its top-level functions, classes and assignments, and the
methods of its classes — and which of them a range added or changed. Pure: texts in."""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass

from botoport.syntax.functions import without_cosmetics

_Def = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


@dataclass(frozen=True)
class Item:
    """One definition of a test module: ``qualname`` is ``name`` or ``Class.name``."""

    qualname: str
    node: ast.stmt
    first_line: int  # the first decorator's line, else the statement's

    @property
    def name(self) -> str:
        """The bare name (the method's, for a method)."""
        return self.qualname.rpartition(".")[2]

    @property
    def owner(self) -> str | None:
        """The class a method belongs to; None for a top-level item."""
        return self.qualname.rpartition(".")[0] or None

    @property
    def is_test(self) -> bool:
        """A test function or method (pytest's and unittest's ``test*`` names)."""
        return isinstance(self.node, ast.FunctionDef | ast.AsyncFunctionDef) and (
            self.name.startswith("test")
        )

    @functools.cached_property
    def shape(self) -> str:
        """The item's syntax tree, docstrings and comments aside: equal shapes, equal code."""
        node = without_cosmetics(self.node)
        return ast.dump(node) if node is not None else ""


def read_items(text: str) -> dict[str, Item]:
    """Every item of a module, in the module's order (methods after their class). A text is
    parsed once: the plan, the placement and the checks all read the same modules."""
    return dict(_items(text))


@functools.lru_cache(maxsize=64)
def parsed(text: str) -> ast.Module:
    """``text`` parsed once for every reader of this conversion (the plan, the placement, the
    fit checks, the relocation): none of them changes the tree."""
    return ast.parse(text)


@functools.lru_cache(maxsize=64)
def _items(text: str) -> tuple[tuple[str, Item], ...]:
    items: dict[str, Item] = {}
    for node in parsed(text).body:
        for name in bound_names(node):
            items.setdefault(name, Item(name, node, _first_line(node)))
        if isinstance(node, ast.ClassDef):
            for inner in node.body:
                for name in bound_names(inner):
                    qualname = f"{node.name}.{name}"
                    items.setdefault(qualname, Item(qualname, inner, _first_line(inner)))
    return tuple(items.items())


def changed_tests(before: str | None, after: str) -> list[str]:
    """The tests ``after`` adds or changes against ``before`` (all of them without one)."""
    old = read_items(before) if before is not None else {}
    old_lines, new_lines = (before or "").splitlines(), after.splitlines()
    found = []
    for qualname, item in read_items(after).items():
        if not item.is_test:
            continue
        was = old.get(qualname)
        if was is None:
            found.append(qualname)
        elif _lines(was, old_lines) != _lines(item, new_lines) and was.shape != item.shape:
            found.append(qualname)  # the same text is the same code: no tree compared then
    return found


def _lines(item: Item, lines: list[str]) -> list[str]:
    end = getattr(item.node, "end_lineno", None) or item.node.lineno
    return lines[item.first_line - 1 : end]


def names_used(node: ast.AST) -> set[str]:
    """Every name read in ``node``, and each ``self.x`` attribute as ``self.x``."""
    found: set[str] = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name):
            found.add(inner.id)
        elif isinstance(inner, ast.Attribute) and _is_self(inner.value):
            found.add(f"self.{inner.attr}")
    return found


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def bound_names(node: ast.stmt) -> list[str]:
    """The names a top-level statement binds: its definition's, or its assignment's."""
    if isinstance(node, _Def):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _first_line(node: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def with_helpers(wanted: list[str], items: dict[str, Item], present: set[str]) -> list[str]:
    """``wanted`` and what they use from the module that the mirror lacks: top-level
    functions, classes and constants, and the owner class's non-test methods."""
    needed, stack = set(wanted), list(wanted)
    while stack:
        item = items.get(stack.pop())
        if item is None:
            continue
        used = used_by(item)
        owner = item.owner
        candidates = {n for n in used if n in items and "." not in n}
        if owner is not None:
            candidates |= {
                f"{owner}.{n.removeprefix('self.')}" for n in used if n.startswith("self.")
            }
            candidates.add(owner)
        for name in candidates:
            wanted_too = name in items and not items[name].is_test
            if wanted_too and name not in needed and name not in present:
                needed.add(name)
                stack.append(name)
    return sorted(needed)


def used_by(item: Item) -> set[str]:
    """The names an item uses; of a class, those of its bases, decorators and non-tests."""
    node = item.node
    if not isinstance(node, ast.ClassDef):
        return names_used(node)
    parts: list[ast.AST] = [*node.bases, *node.decorator_list]
    parts += [n for n in node.body if not getattr(n, "name", "").startswith("test")]
    return set().union(*(names_used(p) for p in parts)) if parts else set()
