"""The digests of ``tests/test_patches.py``, computed from botocore's text without importing it.

aiobotocore's test hashes ``sha1(getsource(obj))`` for each tracked symbol. Here the symbol is
found statically: its root name through test_patches' imports (and botocore's re-exports), each
attribute through the class body and then its bases in method-resolution order; ``__wrapped__``
names the decorated function itself, a property its getter (``fget``) or setter (``fset``).
The source is what ``inspect.getsource`` returns: from the first decorator through the end of the
block as ``inspect.getblock`` finds it, indentation kept.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from botoport.mirror.paths import module_files, package_of
from botoport.patches.read import OverrideEntry, overrides_of, parse_patches, patches_imports
from botoport.syntax.functions import ParseFailure, first_line, guarded_blocks, parse_module
from botoport.syntax.lines import split_lines

ReadFile = Callable[[str], "str | None"]
"""``path -> text`` of a botocore release (``botocore/client.py``), None when absent."""

_Def = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


class Unresolved(Exception):
    """A symbol that cannot be found in the release; the message says where the trail ends."""


@dataclass(frozen=True)
class Definition:
    """Where a symbol's source is: a ``def`` or ``class`` of one botocore module."""

    path: str
    node: _Def
    unwrapped: bool = False  # reached through ``__wrapped__``: the decorated function itself


@dataclass(frozen=True)
class DigestResult:
    """One test_patches entry against one botocore release."""

    entry: OverrideEntry
    digest: str | None  # None when unresolved
    error: str | None = None
    path: str | None = None  # the botocore module holding the source
    line: int | None = None
    shadowed: bool = False
    source: str | None = field(default=None, repr=False)  # what was hashed

    @property
    def listed(self) -> bool:
        """Nothing to add: the release's digest is in the entry's set, or the entry is a dict
        key that a later key naming the same object replaces (its set is never tested)."""
        return self.shadowed or (self.digest is not None and self.digest in self.entry.digests)


class _Release:
    """Parsed modules of one botocore release, read on demand."""

    def __init__(self, read: ReadFile) -> None:
        self.read = read
        self._trees: dict[str, tuple[ast.Module, list[str]] | None] = {}

    def module(self, path: str) -> tuple[ast.Module, list[str]]:
        if path not in self._trees:
            text = self.read(path)
            try:
                parsed = parse_module(text, path) if text is not None else None
            except ParseFailure as exc:
                raise Unresolved(f"{path} does not parse: {exc}") from None
            self._trees[path] = (
                (parsed, split_lines(text, keepends=True)) if parsed and text is not None else None
            )
        found = self._trees[path]
        if found is None:
            raise Unresolved(f"{path} is not in the release")
        return found


def _module_bindings(tree: ast.Module) -> list[ast.stmt]:
    """Top-level statements, with those under ``if``/``try`` blocks (compat shims) in order."""
    out: list[ast.stmt] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.If | ast.Try):
            for block in guarded_blocks(stmt):
                out.extend(block)
        else:
            out.append(stmt)
    return out


def find_global(release: _Release, path: str, name: str, depth: int = 0) -> Definition | str:
    """What ``name`` is bound to in module ``path``: a Definition, or a module path (``str``)."""
    if depth > 10:
        raise Unresolved(f"{name}: import chain too long")
    tree, _ = release.module(path)
    found: Definition | str | None = None
    for stmt in _module_bindings(tree):
        if isinstance(stmt, _Def) and stmt.name == name:
            found = Definition(path, stmt)
        elif isinstance(stmt, ast.ImportFrom):
            for alias in stmt.names:
                if (alias.asname or alias.name) == name:
                    found = _imported(release, stmt, alias.name, path, depth)
    if found is None:
        raise Unresolved(f"{name} is not defined in {path}")
    return found


def _imported(
    release: _Release, stmt: ast.ImportFrom, name: str, path: str, depth: int
) -> Definition | str:
    package = package_of(path)
    for candidate in module_files(stmt.module or "", package, stmt.level):
        if release.read(candidate) is None:
            continue
        try:
            return find_global(release, candidate, name, depth + 1)
        except Unresolved:
            pass
    # ``from botocore.retries import standard``: the name is a module.
    for candidate in module_files(
        f"{stmt.module}.{name}" if stmt.module else name, package, stmt.level
    ):
        if release.read(candidate) is not None:
            return candidate
    raise Unresolved(f"{name}: imported from {stmt.module} in {path}, not found there")


def _steps(expression: str) -> tuple[str, list[tuple[str, str]]]:
    """``A.b.__dict__['p'].fget`` -> ``("A", [("attr","b"), ("dict","p"), ("attr","fget")])``."""
    node = ast.parse(expression, mode="eval").body
    steps: list[tuple[str, str]] = []
    while True:
        if isinstance(node, ast.Attribute):
            steps.append(("attr", node.attr))
            node = node.value
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "__dict__"
            and isinstance(node.slice, ast.Constant)
        ):
            steps.append(("dict", str(node.slice.value)))
            node = node.value.value
        elif isinstance(node, ast.Name):
            return node.id, steps[::-1]
        else:
            raise Unresolved(f"{expression}: not a name, attribute or __dict__ item")


class _Property:
    """A property of a class: its getter and setter definitions."""

    def __init__(self, getter: Definition | None, setter: Definition | None) -> None:
        self.getter, self.setter = getter, setter


def _class_member(release: _Release, cls: Definition, name: str) -> Definition | _Property | None:
    """``name`` in the class body itself (the last binding wins, as at run time)."""
    assert isinstance(cls.node, ast.ClassDef)
    getter = setter = plain = None
    for stmt in cls.node.body:
        alias = _assigned(stmt, name)
        if alias is not None:  # ``get_auth = get_auth_instance``: the object it names
            plain, getter, setter = _alias(release, cls, alias), None, None
        elif isinstance(stmt, _Def) and stmt.name == name:
            decorators = [ast.unparse(d) for d in stmt.decorator_list]
            if "property" in decorators:
                getter, plain = Definition(cls.path, stmt), None
            elif f"{name}.setter" in decorators:
                setter = Definition(cls.path, stmt)
            else:
                plain, getter, setter = Definition(cls.path, stmt), None, None
    if getter or setter:
        return _Property(getter, setter)
    return plain


def _assigned(stmt: ast.stmt, name: str) -> ast.expr | None:
    """The value of ``name = <value>`` in a class body, for a value that names something."""
    if (
        isinstance(stmt, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets)
        and isinstance(stmt.value, ast.Name | ast.Attribute)
    ):
        return stmt.value
    return None


def _alias(release: _Release, cls: Definition, value: ast.expr) -> Definition:
    """What a class-body alias names: an earlier member of the class, else a module global."""
    root, steps = _steps(ast.unparse(value))
    member = _class_member(release, cls, root) if not steps else None
    current: Definition | _Property | str | None = member
    if current is None:
        current = find_global(release, cls.path, root)
    for kind, attr in steps:
        current = _step(release, current, kind, attr)
    if not isinstance(current, Definition):
        raise Unresolved(f"{ast.unparse(value)} is not a function or class")
    return current


def _bases(release: _Release, cls: Definition) -> list[Definition]:
    assert isinstance(cls.node, ast.ClassDef)
    out = []
    for base in cls.node.bases:
        written = ast.unparse(base)
        if written == "object":
            continue
        root, *rest = written.split(".")
        try:
            target: Definition | str = find_global(release, cls.path, root)
        except Unresolved:
            continue  # a base from outside botocore (io.IOBase): its methods are not tracked
        for attr in rest:
            if not isinstance(target, str):
                raise Unresolved(f"base {written} of {cls.node.name}")
            target = find_global(release, target, attr)
        if isinstance(target, Definition) and isinstance(target.node, ast.ClassDef):
            out.append(target)
    return out


def method_resolution_order(release: _Release, cls: Definition) -> list[Definition]:
    """C3 linearisation of a class and its botocore bases (``object`` left out)."""
    sequences = [method_resolution_order(release, b) for b in _bases(release, cls)]
    sequences.append(_bases(release, cls))
    order = [cls]
    while any(sequences):
        for seq in sequences:
            head = seq[0] if seq else None
            if head and not any(head in s[1:] for s in sequences):
                break
        else:
            raise Unresolved(f"{cls.node.name}: inconsistent method resolution order")
        order.append(head)
        sequences = [s[1:] if s and s[0] == head else s for s in sequences]
    return order


def _attribute(release: _Release, cls: Definition, name: str) -> Definition | _Property:
    for klass in method_resolution_order(release, cls):
        found = _class_member(release, klass, name)
        if found is not None:
            return found
    raise Unresolved(f"{cls.node.name} has no attribute {name}")


def resolve(entry: OverrideEntry, imports: dict[str, str], release: _Release) -> Definition:
    """The definition whose source the entry's digest hashes."""
    root, steps = _steps(entry.raw)
    if root not in imports:
        raise Unresolved(f"{root} is not imported from botocore in tests/test_patches.py")
    module, _, name = imports[root].rpartition(":")
    current: Definition | _Property | str | None = (
        find_global(release, module, name) if name else module
    )
    for kind, attr in steps:
        current = _step(release, current, kind, attr)
    if isinstance(current, _Property):
        current = current.getter  # getsource(property) fails; the test falls back to fget
    if not isinstance(current, Definition):
        raise Unresolved(f"{entry.raw} is not a function or class")
    return current


def _step(
    release: _Release, current: Definition | _Property | str | None, kind: str, attr: str
) -> Definition | _Property | str:
    if isinstance(current, str):  # a module
        return find_global(release, current, attr)
    if isinstance(current, _Property):
        if attr in ("fget", "fset"):
            found = current.getter if attr == "fget" else current.setter
            if found is None:
                raise Unresolved(f"property has no {attr}")
            return found
        raise Unresolved(f"property attribute {attr}")
    if current is None:
        raise Unresolved(f"{attr} of nothing")
    if attr == "__wrapped__":
        # The decorated def itself; its source starts at the first decorator.
        return Definition(current.path, current.node, unwrapped=True)
    if not isinstance(current.node, ast.ClassDef):
        raise Unresolved(f"{current.node.name}.{attr}: not a class attribute")
    if kind == "dict":
        member = _class_member(release, current, attr)
        if member is None:
            raise Unresolved(f"{current.node.name}.__dict__ has no {attr!r}")
        return member
    return _attribute(release, current, attr)


_BLOCK_START = re.compile(r"^(\s*def\s)|(.*(?<!\w)lambda(:|\s))|^(\s*@)")


def getsource(release: _Release, definition: Definition) -> str:
    """What the test's ``dill.source.getsource`` returns for the definition's object.

    A function: from its first decorator (its code's first line) through the end of the block
    (``inspect.getblock``). A class: from its ``class`` line. A function whose outermost
    decorator wraps it with ``functools.wraps`` is, at run time, the wrapper: its code's first
    line is the wrapper's, in the decorator's module, but the lines read are those of the
    module ``wraps`` names — the decorated function's. The block found there is what is hashed.
    """
    _, lines = release.module(definition.path)
    node = definition.node
    if isinstance(node, ast.ClassDef):
        start = node.lineno - 1
    else:
        start = first_line(node) - 1
        wrapper_line = None if definition.unwrapped else _wrapper_line(release, definition)
        if wrapper_line is not None:
            start = wrapper_line - 1
            while start > 0 and not _BLOCK_START.match(lines[start]):
                start -= 1
    return "".join(inspect.getblock(lines[start:]))


def _wrapper_line(release: _Release, definition: Definition) -> int | None:
    """First line of the ``functools.wraps`` wrapper the outermost decorator returns, if any."""
    node = definition.node
    if isinstance(node, ast.ClassDef) or not node.decorator_list:
        return None
    outer = node.decorator_list[0]
    target = outer.func if isinstance(outer, ast.Call) else outer
    if not isinstance(target, ast.Name):
        return None
    try:
        found = find_global(release, definition.path, target.id)
    except Unresolved:
        return None  # a decorator from outside botocore (functools.lru_cache, property, …)
    if not isinstance(found, Definition) or isinstance(found.node, ast.ClassDef):
        return None
    for inner in ast.walk(found.node):
        if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef) and inner is not found.node:
            for deco in inner.decorator_list:
                call = deco.func if isinstance(deco, ast.Call) else deco
                if ast.unparse(call) in ("wraps", "functools.wraps"):
                    return min(d.lineno for d in inner.decorator_list)
    return None


def digest_of(source: str) -> str:
    """The digest aiobotocore's test computes: sha1 of the UTF-8 source."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()


def compute_digests(patches_source: str, read: ReadFile) -> list[DigestResult]:
    """Each test_patches entry's digest at the release ``read`` gives, in file order."""
    release = _Release(read)
    tree = parse_patches(patches_source)
    imports = {
        name: _locate(release, module, attr)
        for name, (module, attr) in patches_imports(tree).items()
    }
    results = []
    for entry in overrides_of(tree):
        try:
            definition = resolve(entry, imports, release)
            source = getsource(release, definition)
            results.append(
                DigestResult(
                    entry,
                    digest_of(source),
                    None,
                    definition.path,
                    definition.node.lineno,
                    source=source,
                )
            )
        except Unresolved as exc:
            results.append(DigestResult(entry, None, f"cannot resolve {entry.raw}: {exc}"))
    return _without_shadowed(results)


def _without_shadowed(results: list[DigestResult]) -> list[DigestResult]:
    """In the legacy dict form, two keys that resolve to one object (``get_auth`` is an alias
    of ``get_auth_instance``) are one key: the later value replaces the earlier, whose digests
    are never compared."""
    last: dict[tuple[str, int], int] = {}
    out = list(results)
    for index, result in enumerate(out):
        if result.entry.dict_key and result.path is not None and result.line is not None:
            key = (result.path, result.line)
            if key in last:
                out[last[key]] = replace(out[last[key]], shadowed=True)
            last[key] = index
    return out


def _locate(release: _Release, module: str, attr: str) -> str:
    """``"path.py:Name"`` for a name imported from a module, ``"path.py:"`` for a module."""
    if attr:
        for candidate in module_files(f"{module}.{attr}"):
            if release.read(candidate) is not None:
                return f"{candidate}:"
    for candidate in module_files(module):
        if release.read(candidate) is not None:
            return f"{candidate}:{attr}"
    return f"{module_files(module)[0]}:{attr}"


def missing_digests(results: list[DigestResult]) -> dict[str, list[str]]:
    """``{raw symbol: [digest]}`` for the resolved entries whose digest is not listed."""
    return {r.entry.raw: [r.digest] for r in results if r.digest is not None and not r.listed}
