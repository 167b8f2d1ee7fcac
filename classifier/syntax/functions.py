"""Function tables: every function and method of one Python module, with its canonical form.

The canonical form is what the classifier compares. It is produced by the standard library's
``ast.unparse`` after removing what SPEC calls cosmetic (docstrings, comments, whitespace and line
wrapping, implicit string concatenation, type annotations, import order), so two versions of a
function with equal canonical lines differ only cosmetically.

Nothing here imports or executes the code it reads: the text is parsed, never run.
"""

from __future__ import annotations

import ast
import copy
import sys
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from botoport.syntax.lines import split_lines
from botoport.syntax.receivers import attached_functions, attribute_types, local_types
from botoport.syntax.walk import walk_statements

_T = TypeVar("_T")
_DEEP_LIMIT = 20_000  # frames allowed while canonicalising a deeply nested expression

_FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


class ParseFailure(ValueError):
    """Source text that is not valid Python; ``line`` is 1-based, or 0 when unknown."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Call:
    """One call expression: ``receiver.name(...)`` or ``name(...)`` (receiver None).

    ``dotted`` is the call target resolved through the module's imports when its root is an
    imported name (``requests.get``, ``urllib3.PoolManager``), else None.
    """

    receiver: str | None
    name: str
    dotted: str | None = None


@dataclass(frozen=True)
class LineFacts:
    """What one canonical line does: its calls and the attributes/names it only references."""

    text: str
    calls: tuple[Call, ...] = ()
    references: tuple[Call, ...] = ()


@dataclass(frozen=True)
class ClassInfo:
    """A class definition: qualified name, its bases as written, its line, and the classes its
    methods construct into ``self`` attributes (``{attr: class name}``)."""

    qualname: str
    bases: tuple[str, ...]
    line: int
    attributes: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class NameTable:
    """A module-level dict from strings to names (``PROTOCOL_PARSERS = {'json': JSONParser}``):
    its line, the line of its last entry, and its entries."""

    name: str
    line: int
    last_entry_line: int
    entries: dict[str, str] = field(compare=False)


@dataclass
class FunctionInfo:
    """A function or method as it stands in one version of a module."""

    qualname: str
    name: str
    class_qualname: str | None
    is_async: bool
    def_line: int
    start_line: int
    end_line: int
    source: str
    decorators: tuple[str, ...]
    imports: dict[str, str] = field(repr=False, compare=False, default_factory=dict)

    # Tables hold no syntax trees: only the few functions that differ ever need one, and parsing
    # a function's own text again is four times faster than copying a kept tree.
    def fresh_node(self) -> _FunctionNode:
        """A new syntax tree of the function, parsed from ``source``."""
        return _reparse(self.source)

    @cached_property
    def canonical(self) -> tuple[LineFacts, ...]:
        """The function's canonical lines, each with the calls it makes."""
        return deeply(lambda: canonical_lines(self.fresh_node(), self.imports), self.qualname)

    @cached_property
    def canonical_body(self) -> tuple[str, ...]:
        """Canonical lines of the body only (no decorators, no ``def`` line), dedented."""
        lines = deeply(
            lambda: canonical_lines(self.fresh_node(), self.imports, body_only=True),
            self.qualname,
        )
        return tuple(line.text.strip() for line in lines)

    @cached_property
    def local_types(self) -> dict[str, str]:
        """``{name: class}`` of its parameters and locals, as far as the code says."""
        return deeply(lambda: local_types(self.fresh_node()), self.qualname)

    @property
    def canonical_text(self) -> tuple[str, ...]:
        """Canonical line texts, indentation kept."""
        return tuple(line.text for line in self.canonical)


@dataclass
class ModuleTable:
    """Every function, method and class of one module, keyed by qualified name."""

    functions: dict[str, FunctionInfo]
    classes: dict[str, ClassInfo]
    imports: dict[str, str]
    # Module functions botocore puts on a class at run time, with that class
    # (``class_attributes['generate_presigned_url'] = generate_presigned_url``: the client).
    attached: dict[str, str] = field(default_factory=dict)
    name_tables: dict[str, NameTable] = field(default_factory=dict)
    assigned: tuple[str, ...] = ()  # names bound at top level by assignment (constants)

    def subclasses_of(self, class_name: str) -> set[str]:
        """Names of classes in this module that derive from ``class_name``, transitively."""
        found: set[str] = set()
        frontier = {class_name}
        while frontier:
            nxt = {
                info.qualname
                for info in self.classes.values()
                if info.qualname not in found and any(_last(b) in frontier for b in info.bases)
            }
            found |= nxt
            frontier = {_last(n) for n in nxt}
        return found


def _last(dotted: str) -> str:
    return dotted.rsplit(".", 1)[-1]


def parse_module(source: str, filename: str = "<source>") -> ast.Module:
    """Parse ``source``; raise ParseFailure (never another error) when it is not Python."""
    try:
        with warnings.catch_warnings():
            # Botocore's own invalid escapes would otherwise print on every parse (a
            # DeprecationWarning before Python 3.12, a SyntaxWarning since).
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            return ast.parse(source, filename=filename)
    except SyntaxError as exc:
        raise ParseFailure(f"line {exc.lineno or 0}: {exc.msg}", exc.lineno or 0) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ParseFailure(str(exc) or type(exc).__name__) from None


def module_imports(tree: ast.Module) -> dict[str, str]:
    """Map each imported name to its dotted origin (``PoolManager`` -> ``urllib3.PoolManager``)."""
    return imports_of(walk_statements(tree.body))


def imports_of(nodes: Iterable[ast.AST]) -> dict[str, str]:
    """``module_imports`` over nodes already walked (the import statements among them count)."""
    names: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    root = alias.name.split(".", 1)[0]
                    names[root] = root
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def read_functions(
    source: str, filename: str = "<source>", tree: ast.Module | None = None
) -> ModuleTable:
    """Build the function table of a module's source text (ParseFailure if it does not parse);
    pass ``tree`` when the text has been parsed already."""
    tree = tree or parse_module(source, filename)
    lines = split_lines(source, keepends=True)
    imports = module_imports(tree)
    functions: dict[str, FunctionInfo] = {}
    classes: dict[str, ClassInfo] = {}

    def visit(body: list[ast.stmt], prefix: str, class_qualname: str | None) -> None:
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                qual = f"{prefix}{stmt.name}"
                bases = tuple(ast.unparse(b) for b in stmt.bases)
                classes[qual] = ClassInfo(qual, bases, stmt.lineno, attribute_types(stmt))
                visit(stmt.body, f"{qual}.", qual)
            elif isinstance(stmt, _FunctionNode):
                info = _function_info(stmt, prefix, class_qualname, lines, imports)
                info.qualname = _unique_key(info)
                functions[info.qualname] = info
            elif isinstance(stmt, ast.If | ast.Try):
                # Definitions under `if`/`try` at module or class level (compat shims) count too.
                for block in guarded_blocks(stmt):
                    visit(block, prefix, class_qualname)

    deeply(lambda: visit(tree.body, "", None), filename)
    return ModuleTable(
        functions,
        classes,
        imports,
        attached_functions(tree),
        name_tables(tree),
        assigned_names(tree),
    )


def assigned_names(tree: ast.Module) -> tuple[str, ...]:
    """Names the module binds at top level by assignment (``_SERVICE_MAX_ATTEMPTS = {...}``),
    under ``if``/``try`` too."""
    found: list[str] = []

    def visit(body: list[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, ast.Assign):
                found.extend(
                    n.id for t in stmt.targets for n in ast.walk(t) if isinstance(n, ast.Name)
                )
            elif isinstance(stmt, ast.AnnAssign | ast.AugAssign) and isinstance(
                stmt.target, ast.Name
            ):
                found.append(stmt.target.id)
            elif isinstance(stmt, ast.If | ast.Try):
                for block in guarded_blocks(stmt):
                    visit(block)

    visit(tree.body)
    return tuple(dict.fromkeys(found))


def name_tables(tree: ast.Module) -> dict[str, NameTable]:
    """The module's top-level dicts whose keys are strings and whose values are names."""
    found = {}
    for stmt in tree.body:
        if not (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.Dict)
            and stmt.value.values
        ):
            continue
        entries = {
            k.value: v.id
            for k, v in zip(stmt.value.keys, stmt.value.values, strict=True)
            if isinstance(k, ast.Constant) and isinstance(k.value, str) and isinstance(v, ast.Name)
        }
        if len(entries) != len(stmt.value.values):
            continue
        last = stmt.value.values[-1]
        name = stmt.targets[0].id
        found[name] = NameTable(name, stmt.lineno, last.end_lineno or last.lineno, entries)
    return found


def guarded_blocks(stmt: ast.If | ast.Try) -> list[list[ast.stmt]]:
    """The statement lists of an ``if``/``try`` in source order (every branch, handler and
    ``finally``): where compatibility shims bind names at module or class level."""
    if isinstance(stmt, ast.If):
        return [stmt.body, stmt.orelse]
    return [stmt.body, *(h.body for h in stmt.handlers), stmt.orelse, stmt.finalbody]


def _unique_key(info: FunctionInfo) -> str:
    """Property setters/deleters get ``.setter``/``.deleter``; other redefinitions replace."""
    for deco in info.decorators:
        for accessor in ("setter", "deleter"):
            if deco == f"{info.name}.{accessor}":
                return f"{info.qualname}.{accessor}"
    return info.qualname


def first_line(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> int:
    """The first line of a definition, its decorators included."""
    return min([node.lineno, *(d.lineno for d in node.decorator_list)])


def _function_info(
    node: _FunctionNode,
    prefix: str,
    class_qualname: str | None,
    lines: list[str],
    imports: dict[str, str],
) -> FunctionInfo:
    start = first_line(node)
    end = node.end_lineno or node.lineno
    return FunctionInfo(
        qualname=f"{prefix}{node.name}",
        name=node.name,
        class_qualname=class_qualname,
        is_async=isinstance(node, ast.AsyncFunctionDef),
        def_line=node.lineno,
        start_line=start,
        end_line=end,
        source="".join(lines[start - 1 : end]),
        decorators=tuple(ast.unparse(_decorator_target(d)) for d in node.decorator_list),
        imports=imports,
    )


def _reparse(source: str) -> _FunctionNode:
    """Parse one function's own text (decorators to last line), wherever it was indented.

    An indented method is parsed as the body of an ``if`` block, which accepts any indentation
    and leaves the insides of multi-line strings alone (``textwrap.dedent`` would not).
    """
    indented = source.lstrip("\x0c")[:1] in (" ", "\t")  # a form feed may lead a line
    module = parse_module(f"if 1:\n{source}" if indented else source)
    stmt = module.body[0]
    node = stmt.body[0] if isinstance(stmt, ast.If) else stmt
    if not isinstance(node, _FunctionNode):
        raise ParseFailure("cached function source is not a function definition")
    return node


def _decorator_target(deco: ast.expr) -> ast.expr:
    return deco.func if isinstance(deco, ast.Call) else deco


def without_cosmetics(node: ast.AST) -> ast.AST | None:
    """A copy of ``node`` with what SPEC calls cosmetic taken out (annotations, docstrings,
    import order); None when nothing that runs is left (a bare ``x: int``)."""
    kept: ast.AST | None = _Decosmetic().visit(copy.deepcopy(node))
    return kept


class _Decosmetic(ast.NodeTransformer):
    """Remove what SPEC calls cosmetic: docstrings, annotations, import order."""

    def _strip_body(self, body: list[ast.stmt]) -> list[ast.stmt]:
        if body and is_docstring(body[0]):
            body = body[1:]
        body = _sort_import_runs(body)
        return body or [ast.Pass()]

    def _visit_def(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> ast.AST:
        self.generic_visit(node)
        node.body = self._strip_body(node.body)
        if isinstance(node, _FunctionNode):
            node.returns = None
        return node

    visit_FunctionDef = _visit_def
    visit_AsyncFunctionDef = _visit_def
    visit_ClassDef = _visit_def

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.annotation = None
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.stmt | None:
        if node.value is None:
            return None  # a bare declaration (`x: int`) does nothing at run time
        return ast.copy_location(ast.Assign(targets=[node.target], value=node.value), node)

    def generic_visit(self, node: ast.AST) -> ast.AST:
        super().generic_visit(node)
        for name in ("body", "orelse", "finalbody"):
            block = getattr(node, name, None)
            if isinstance(block, list) and not isinstance(node, ast.Module):
                if name == "body" and not block:
                    setattr(node, name, [ast.Pass()])
                elif block:
                    setattr(node, name, _sort_import_runs(block))
        return node


def is_docstring(stmt: ast.stmt) -> bool:
    """True for a string literal standing alone as a statement (a docstring's shape)."""
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def _sort_import_runs(body: list[ast.stmt]) -> list[ast.stmt]:
    out: list[ast.stmt] = []
    run: list[ast.stmt] = []
    for stmt in [*body, None]:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            run.append(stmt)
            continue
        out.extend(sorted(run, key=ast.unparse))
        run = []
        if stmt is not None:
            out.append(stmt)
    return out


def deeply(compute: Callable[[], _T], what: str) -> _T:
    """``compute()``, given more room when a deeply nested expression (a sum of hundreds of
    terms that the parser accepted) exhausts Python's recursion limit on the way; a
    ParseFailure naming ``what`` when even that is not enough."""
    try:
        return compute()
    except RecursionError:
        pass
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _DEEP_LIMIT))
    try:
        return compute()
    except RecursionError:
        raise ParseFailure(f"{what}: an expression is nested too deeply to compare") from None
    finally:
        sys.setrecursionlimit(limit)


def canonical_lines(
    node: _FunctionNode, imports: dict[str, str], body_only: bool = False
) -> tuple[LineFacts, ...]:
    """Canonical lines of a function with the calls made on each line (``node`` is consumed)."""
    clean = _Decosmetic().visit(node)
    parts = clean.body if body_only else [clean]
    text = "\n".join(ast.unparse(part) for part in parts)
    reparsed = ast.parse(text)
    calls: dict[int, list[Call]] = {}
    refs: dict[int, list[Call]] = {}
    call_funcs: set[int] = set()
    for sub in ast.walk(reparsed):
        if isinstance(sub, ast.Call):
            call_funcs.add(id(sub.func))
            calls.setdefault(sub.lineno, []).append(_call_of(sub.func, imports))
    for sub in ast.walk(reparsed):
        if id(sub) in call_funcs or not isinstance(sub, ast.Attribute | ast.Name):
            continue
        if isinstance(sub.ctx, ast.Load):
            refs.setdefault(sub.lineno, []).append(_call_of(sub, imports))
    return tuple(
        LineFacts(text, tuple(calls.get(no, ())), tuple(refs.get(no, ())))
        for no, text in enumerate(split_lines(text), start=1)
    )


def _call_of(func: ast.expr, imports: dict[str, str]) -> Call:
    if isinstance(func, ast.Attribute):
        receiver = ast.unparse(func.value)
        return Call(receiver, func.attr, _resolve(receiver, func.attr, imports))
    if isinstance(func, ast.Name):
        return Call(None, func.id, imports.get(func.id))
    return Call(ast.unparse(func), "", None)


def _resolve(receiver: str, name: str, imports: dict[str, str]) -> str | None:
    root, _, rest = receiver.partition(".")
    if root not in imports or not root.isidentifier():
        return None
    base = imports[root] + (f".{rest}" if rest else "")
    return f"{base}.{name}"
