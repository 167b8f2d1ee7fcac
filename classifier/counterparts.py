"""Which botocore function an aiobotocore function overrides, found statically: the same
module function of the mirror module, or the method of the first botocore base class of the Aio
class that defines it (searched through that class's own botocore bases)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from .functions import FunctionInfo, ModuleTable, ParseFailure, parse_module, read_functions
from .statements import FunctionText

BotocoreReader = Callable[[str], "str | None"]
"""``path -> text`` of a botocore file at the version compared with (None when absent)."""


class BotocoreModules:
    """Botocore modules at one version, parsed once each; keep one to reuse across audits."""

    def __init__(self, read: BotocoreReader, version: str = "") -> None:
        self.read = read
        self.version = version
        self._parsed: dict[str, ParsedModule | None] = {}

    def module(self, path: str) -> ParsedModule | None:
        """The botocore module at ``path``, parsed once (None when absent or not Python)."""
        if path not in self._parsed:
            text = self.read(path)
            try:
                self._parsed[path] = ParsedModule.parse(text, path) if text is not None else None
            except ParseFailure:
                self._parsed[path] = None
        return self._parsed[path]


@dataclass
class ParsedModule:
    """One module parsed once, every way drift needs it: its function table, the syntax
    trees of its functions by ``def`` line, and its lines."""

    table: ModuleTable
    nodes: dict[int, ast.FunctionDef | ast.AsyncFunctionDef]
    lines: list[str]

    @classmethod
    def parse(cls, text: str, path: str) -> ParsedModule:
        """Parse a module (ParseFailure when it is not Python)."""
        tree = parse_module(text, path)
        return cls(read_functions(text, path, tree), _function_nodes(tree), text.splitlines())

    def side(self, fn: FunctionInfo) -> FunctionText:
        """The statements, lines and comments of one of its functions."""
        return FunctionText.of(self.nodes[fn.def_line], self.lines)


def mirror_path(aio_path: str) -> str:
    """``aiobotocore/<p>`` -> ``botocore/<p>``."""
    return "botocore/" + aio_path.removeprefix("aiobotocore/")


def counterpart(
    aio_path: str, fn: FunctionInfo, aio_table: ModuleTable, botocore: BotocoreModules
) -> tuple[str, FunctionInfo] | None:
    """The botocore function ``fn`` overrides: the same module function of the mirror file, or
    the method of the first botocore base class (searched through its own bases) defining it."""
    mirror = mirror_path(aio_path)
    if fn.class_qualname is None:
        found = botocore.module(mirror)
        if found and (match := found.table.functions.get(fn.qualname)):
            return mirror, match
        return None
    member = fn.qualname[len(fn.class_qualname) + 1 :]
    for base_path, base in _botocore_bases(fn.class_qualname, aio_table, mirror, set()):
        hit = _find_method(base_path, base, member, botocore, depth=0)
        if hit is not None:
            return hit
    return None


def _botocore_bases(
    class_name: str, aio_table: ModuleTable, mirror: str, seen: set[str]
) -> list[tuple[str, str]]:
    """(botocore path, class name) of the botocore classes an aiobotocore class derives from,
    through the Aio classes of its own module."""
    info = aio_table.classes.get(class_name)
    if info is None or class_name in seen:
        return []
    seen.add(class_name)
    bases = []
    for base in info.bases:
        name = base.rsplit(".", 1)[-1]
        if name in aio_table.classes:
            bases.extend(_botocore_bases(name, aio_table, mirror, seen))
            continue
        dotted = _dotted(base, aio_table.imports)
        if dotted is None:
            bases.append((mirror, name))
        elif dotted.startswith("botocore."):
            module = dotted.rsplit(".", 1)[0]
            bases.append((module.replace(".", "/") + ".py", name))
    return bases


def _dotted(base: str, imports: dict[str, str]) -> str | None:
    root, _, rest = base.partition(".")
    if root not in imports:
        return None
    return imports[root] + (f".{rest}" if rest else "")


def _find_method(
    path: str, class_name: str, member: str, botocore: BotocoreModules, depth: int
) -> tuple[str, FunctionInfo] | None:
    found = botocore.module(path)
    if found is None or depth > 8:
        return None
    table = found.table
    fn = table.functions.get(f"{class_name}.{member}")
    if fn is not None:
        return path, fn
    info = table.classes.get(class_name)
    for base in info.bases if info else ():
        name = base.rsplit(".", 1)[-1]
        dotted = _dotted(base, table.imports)
        base_path = path
        if dotted is not None and dotted.startswith("botocore."):
            base_path = dotted.rsplit(".", 1)[0].replace(".", "/") + ".py"
        elif dotted is not None:
            continue
        hit = _find_method(base_path, name, member, botocore, depth + 1)
        if hit is not None:
            return hit
    return None


def _function_nodes(tree: ast.Module) -> dict[int, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {
        node.lineno: node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
