"""The async registries SPEC defines, read statically from an aiobotocore tree.

- ``overrides``: the symbols ``tests/test_patches.py`` tracks (list-of-tuples or legacy dict form);
- ``async_methods``: every ``async def`` name under ``aiobotocore/``, plus sync methods that hand
  off to async internals (``emit``, and any sync method of an Aio class returning an un-awaited
  call of one of its own async methods);
- ``aio_classes``: every ``Aio*``/``AIO*`` class with the botocore classes it subclasses.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from botoport.errors import BotoportError
from botoport.mirror.trees import PATCHES_PATH, SourceTree
from botoport.patches.read import OverrideEntry, read_overrides
from botoport.syntax.functions import ParseFailure, imports_of, parse_module
from botoport.syntax.receivers import self_attribute

# Sync methods of botocore known to hand off to a method aiobotocore makes async (SPEC: emit
# returns ``self._emit(...)``): {method: the method it hands off to}. An Aio class making the
# second a coroutine hands back a coroutine from the first, inherited or not.
KNOWN_HANDOFFS = MappingProxyType({"emit": "_emit"})


@dataclass
class AioClass:
    """A class of aiobotocore named ``Aio*``/``AIO*``."""

    name: str
    path: str
    line: int
    bases: tuple[str, ...]
    methods: dict[str, int] = field(default_factory=dict)
    async_methods: set[str] = field(default_factory=set)
    # Sync methods handing back a coroutine wrapped in an object: ``{method: wrapper class}``
    # (``create_client`` -> ``ClientCreatorContext``).
    wrapped: dict[str, str] = field(default_factory=dict)

    @property
    def botocore_bases(self) -> tuple[str, ...]:
        """Bare names of the non-Aio classes it derives from."""
        return tuple(b for b in self.bases if not _is_aio_name(b))


@dataclass
class Registries:
    """Everything the rules need to know of the aiobotocore tree."""

    overrides: list[OverrideEntry]
    async_methods: set[str]
    aio_classes: list[AioClass]
    module_functions: dict[str, dict[str, tuple[int, bool]]]
    identifiers: dict[str, list[tuple[str, int]]]
    # ``async def`` names that yield: async generators and ``@asynccontextmanager`` functions.
    # Calling one is not awaited (it is used with ``async for``/``async with``, or handed on).
    async_generators: set[str] = field(default_factory=set)
    # Classes entered with ``async with`` and not awaitable (``__aenter__``, no ``__await__``).
    async_contexts: set[str] = field(default_factory=set)

    def context_method(self, aio: AioClass, method: str) -> str | None:
        """The async context class ``aio``'s ``method`` hands back instead of a coroutine
        (``AioSession.create_client`` -> ``ClientCreatorContext``): entered with ``async
        with``, never awaited. None for any other method."""
        wrapper = aio.wrapped.get(method)
        return wrapper if wrapper in self.async_contexts else None

    def override_entry(self, path: str, qualname: str) -> OverrideEntry | None:
        """The registry entry that names ``qualname`` of botocore file ``path`` exactly."""
        for entry in self.overrides:
            if entry.qualname == qualname and entry.module in (None, path):
                return entry
        return None

    def aio_subclasses(self, botocore_class: str) -> list[AioClass]:
        """Aio classes deriving directly from the botocore class of that bare name."""
        return [c for c in self.aio_classes if botocore_class in c.botocore_bases]

    def reimplementations(self, botocore_class: str) -> list[AioClass]:
        """The Aio classes named for a botocore class (``Aio`` + its name) that do not derive
        from it, through any chain of Aio classes: they re-implement it, and inherit none of
        what botocore changes in it (``AioStreamingChecksumBody`` re-based on
        ``AioStreamingBody``)."""
        by_name = {c.name: c for c in self.aio_classes}
        named = [
            by_name[n] for n in (f"Aio{botocore_class}", f"AIO{botocore_class}") if n in by_name
        ]
        found = []
        for aio in named:
            ancestry, stack = set(), list(aio.bases)
            while stack:
                base = stack.pop()
                if base in ancestry:
                    continue
                ancestry.add(base)
                stack.extend(by_name[base].bases if base in by_name else ())
            if botocore_class not in ancestry:
                found.append(aio)
        return found

    def aio_twins(self, botocore_class: str) -> list[AioClass]:
        """The Aio classes that stand for a botocore class: those deriving from it, else the
        one named ``Aio``/``AIO`` + its name, which aiobotocore may re-base on another Aio
        class (``AioAssumeRoleWithWebIdentityCredentialFetcher`` derives from
        ``AioBaseAssumeRoleCredentialFetcher``, not from botocore's class)."""
        found = self.aio_subclasses(botocore_class)
        if found:
            return found
        named = {f"Aio{botocore_class}", f"AIO{botocore_class}"}
        return [c for c in self.aio_classes if c.name in named]

    def async_methods_of(self, aio: AioClass) -> set[str]:
        """Async methods an Aio class defines or inherits from other Aio classes."""
        by_name = {c.name: c for c in self.aio_classes}
        found: set[str] = set()
        stack, seen = [aio], set()
        while stack:
            cls = stack.pop()
            if cls.name in seen:
                continue
            seen.add(cls.name)
            found |= cls.async_methods
            stack.extend(by_name[b] for b in cls.bases if b in by_name)
        return found

    def references(self, name: str, paths: Iterable[str] | None = None) -> tuple[str, int] | None:
        """First (path, line) where aiobotocore names ``name``, optionally only in ``paths``."""
        wanted = None if paths is None else set(paths)
        for path, line in sorted(self.identifiers.get(name, ())):
            if wanted is None or path in wanted:
                return path, line
        return None

    @property
    def coroutines(self) -> set[str]:
        """The async names whose calls must be awaited (async generators are not)."""
        return self.async_methods - self.async_generators

    def async_module_functions(self, aio_path: str) -> set[str]:
        """Module-level ``async def`` names of one aiobotocore module."""
        return {
            n for n, (_, is_async) in self.module_functions.get(aio_path, {}).items() if is_async
        }

    def as_json(self) -> dict[str, list[Any]]:
        """The three registries as printed by ``botoport registries``, sorted."""
        return {
            "overrides": sorted({e.raw for e in self.overrides}),
            "async_methods": sorted(self.async_methods),
            "aio_classes": sorted(
                (
                    {"name": c.name, "bases": list(c.bases), "file": c.path, "line": c.line}
                    for c in self.aio_classes
                ),
                key=lambda c: (c["name"], c["file"]),
            ),
        }


def _is_aio_name(name: str) -> bool:
    return name.startswith(("Aio", "AIO"))


def read_registries(tree: SourceTree) -> Registries:
    """Build the registries of an aiobotocore tree; BotoportError naming any file that fails."""
    patches = tree.read(PATCHES_PATH)
    if patches is None:
        raise BotoportError(f"{PATCHES_PATH} is missing from the aiobotocore tree")
    modules = {}
    for path in tree.python_files():
        text = tree.read(path) or ""
        modules[path] = _parse_or_fail(text, path)
    registries = registries_from_modules(modules.items())
    registries.overrides = read_overrides(patches)
    return registries


def _parse_or_fail(text: str, path: str) -> ast.Module:
    try:
        return parse_module(text, path)
    except ParseFailure as exc:
        raise BotoportError(f"{path} does not parse: {exc}") from None


def registries_from_modules(modules: Iterable[tuple[str, ast.Module]]) -> Registries:
    """Registries (overrides left empty) from parsed ``aiobotocore/**`` modules.

    Each module is walked once: walking syntax trees is most of the cost of a cold run.
    """
    reg = Registries([], set(KNOWN_HANDOFFS), [], {}, {})
    for path, tree in modules:
        reg.module_functions[path] = {
            s.name: (s.lineno, isinstance(s, ast.AsyncFunctionDef))
            for s in tree.body
            if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        imports: list[ast.AST] = []
        classes: list[ast.ClassDef] = []
        for node in ast.walk(tree):
            _collect_identifier(path, node, reg.identifiers)
            if isinstance(node, ast.AsyncFunctionDef):
                reg.async_methods.add(node.name)
                if _yields(node):
                    reg.async_generators.add(node.name)
            elif isinstance(node, ast.ClassDef):
                if _is_async_context(node):
                    reg.async_contexts.add(node.name)
                if _is_aio_name(node.name):
                    classes.append(node)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                imports.append(node)
        names = imports_of(imports)
        reg.aio_classes.extend(_aio_class(path, node, names) for node in classes)
    for cls in reg.aio_classes:
        reg.async_methods |= cls.async_methods  # adds the sync hand-offs found in Aio classes
    return reg


def _aio_class(path: str, node: ast.ClassDef, imports: dict[str, str]) -> AioClass:
    bases = tuple(_bare_base(ast.unparse(b), imports) for b in node.bases)
    cls = AioClass(node.name, path, node.lineno, bases)
    for stmt in node.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            cls.methods[stmt.name] = stmt.lineno
            if isinstance(stmt, ast.AsyncFunctionDef):
                cls.async_methods.add(stmt.name)
    for stmt in node.body:
        if not isinstance(stmt, ast.FunctionDef):
            continue
        handed_off = _returns_unawaited_self_call(stmt, cls)
        if stmt.name in KNOWN_HANDOFFS or handed_off:
            cls.async_methods.add(stmt.name)
        if isinstance(handed_off, str):
            cls.wrapped[stmt.name] = handed_off
    cls.async_methods |= {h for h, d in KNOWN_HANDOFFS.items() if d in cls.async_methods}
    return cls


def _is_async_context(node: ast.ClassDef) -> bool:
    """The class is entered with ``async with`` and cannot be awaited."""
    members = {s.name for s in node.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)}
    return "__aenter__" in members and "__await__" not in members


def _returns_unawaited_self_call(fn: ast.FunctionDef, cls: AioClass) -> bool | str:
    """A sync method that hands back a coroutine of one of its class's async methods, bare
    (``return self._emit(...)``: True) or wrapped (``return ClientCreatorContext(
    self._create_client(...))``: the wrapper's name): calling it is async work all the same.
    False for any other method."""
    for node in ast.walk(fn):
        if not isinstance(node, ast.Return) or node.value is None:
            continue
        awaited = {id(n.value) for n in ast.walk(node.value) if isinstance(n, ast.Await)}
        for call in ast.walk(node.value):
            method = self_attribute(call.func) if isinstance(call, ast.Call) else None
            if method in cls.async_methods and id(call) not in awaited:
                value = node.value
                wrapper = value.func if isinstance(value, ast.Call) and value is not call else None
                return wrapper.id if isinstance(wrapper, ast.Name) else True
    return False


def _yields(fn: ast.AsyncFunctionDef) -> bool:
    """True when the function's own body (not a nested one) yields."""
    stack: list[ast.AST] = list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Yield | ast.YieldFrom):
            return True
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            stack.extend(ast.iter_child_nodes(node))
    return False


def _bare_base(written: str, imports: dict[str, str]) -> str:
    """Bare botocore class name: ``_SyncSession`` (an ``as`` import) -> ``Session``."""
    root = written.split(".", 1)[0]
    origin = imports.get(root, written) if "." not in written else written
    return origin.rsplit(".", 1)[-1]


def _collect_identifier(path: str, node: ast.AST, into: dict[str, list[tuple[str, int]]]) -> None:
    name = None
    if isinstance(node, ast.Name):
        name = node.id
    elif isinstance(node, ast.Attribute):
        name = node.attr
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        name = node.name
    elif isinstance(node, ast.alias):
        name = (node.asname or node.name).rsplit(".", 1)[-1]
    if name is not None:
        into.setdefault(name, []).append((path, getattr(node, "lineno", 0)))
