"""Which botocore function an aiobotocore function overrides, found statically: the same
module function of the mirror module, or the method of the first botocore base class of the Aio
class that defines it (searched through that class's own botocore bases)."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

from botoport.mirror.paths import botocore_path_of, defining_file
from botoport.syntax.functions import (
    FunctionInfo,
    ModuleTable,
    ParseFailure,
    parse_module,
    read_functions,
)
from botoport.syntax.lines import split_lines
from botoport.syntax.statements import FunctionText

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
        return cls(read_functions(text, path, tree), _function_nodes(tree), split_lines(text))

    def side(self, fn: FunctionInfo) -> FunctionText:
        """The statements, lines and comments of one of its functions."""
        return FunctionText.of(self.nodes[fn.def_line], self.lines)


def counterpart(
    aio_path: str, fn: FunctionInfo, aio_table: ModuleTable, botocore: BotocoreModules
) -> tuple[str, FunctionInfo] | None:
    """The botocore function ``fn`` overrides: the same module function of the mirror file, or
    the method of the first botocore base class (searched through its own bases) defining it."""
    mirror = botocore_path_of(aio_path)
    if fn.class_qualname is None:
        found = botocore.module(mirror)
        if found and (match := found.table.functions.get(fn.qualname)):
            return mirror, match
        return None
    member = fn.qualname[len(fn.class_qualname) + 1 :]
    twin = _twin_of(fn.class_qualname, aio_table)
    if twin is not None:
        # A class aiobotocore re-bases on another Aio class stands for botocore's class of
        # its own name (AioAssumeRoleWithWebIdentityCredentialFetcher derives from
        # AioBaseAssumeRoleCredentialFetcher, yet overrides AssumeRoleWith…Fetcher's methods).
        hit = _find_method(mirror, twin, member, botocore, depth=0)
        if hit is not None:
            return hit
    for base_path, base in _botocore_bases(fn.class_qualname, aio_table, mirror, set()):
        hit = _find_method(base_path, base, member, botocore, depth=0)
        if hit is not None:
            return hit
    return None


def _twin_of(class_name: str, aio_table: ModuleTable) -> str | None:
    """``X`` for an ``AioX``/``AIOX`` class none of whose bases is botocore's ``X``, when it
    derives from another Aio class (re-based); None otherwise."""
    info = aio_table.classes.get(class_name)
    bare = re.sub(r"^(Aio|AIO)(?=[A-Z])", "", class_name.rsplit(".", 1)[-1])
    if info is None or bare == class_name:
        return None
    names = [base.rsplit(".", 1)[-1] for base in info.bases]
    if bare in names or not any(name in aio_table.classes for name in names):
        return None
    return bare


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
        elif (where := _botocore_module(base, aio_table.imports, mirror)) is not None:
            bases.append((where, name))
    return bases


def _botocore_module(base: str, imports: dict[str, str], here: str) -> str | None:
    """The botocore module a base class written ``base`` comes from: through the module's
    imports, else the module ``here`` itself; None when it is imported from elsewhere."""
    root, _, rest = base.partition(".")
    if root not in imports:
        return here
    dotted = imports[root] + (f".{rest}" if rest else "")
    if not dotted.startswith("botocore."):
        return None
    return defining_file(dotted)


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
        where = _botocore_module(base, table.imports, path)
        if where is not None:
            hit = _find_method(where, base.rsplit(".", 1)[-1], member, botocore, depth + 1)
            if hit is not None:
                return hit
    return None


def _function_nodes(tree: ast.Module) -> dict[int, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {
        node.lineno: node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
