"""Override drift: where an aiobotocore override departs from botocore for reasons async does
not explain.

Each statement of an override (a simple statement, a compound statement's header, a
decorator, a docstring, a comment) is compared with the statements of the matching botocore
function after the async dialect is taken out of both. A statement botocore also has is
**ok**; one that differs from a botocore statement only by annotations, or a docstring or
comment botocore does not have, is **cosmetic-drift** (unless it talks about async); anything
else is **behavioral-drift**, and so is a botocore line an edit removed from the override.

The module is pure: texts in, a DriftReport out. It prints nothing and runs nothing it reads.
"""

from __future__ import annotations

import ast
import copy
import difflib
import io
import re
import tokenize
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from .coverage import normalise_async
from .functions import FunctionInfo, ModuleTable, ParseFailure, parse_module, read_functions

BotocoreReader = Callable[[str], "str | None"]
"""``path -> text`` of a botocore file at the version compared with (None when absent)."""


class Drift(str, Enum):
    """How far one line (or function, or run) departs from botocore, mildest first."""

    CLEAN = "clean"
    COSMETIC = "cosmetic-drift"
    BEHAVIORAL = "behavioral-drift"

    @property
    def rank(self) -> int:
        """0 clean, 1 cosmetic, 2 behavioral: also the command's exit status."""
        return list(Drift).index(self)


def worst(drifts: Iterable[Drift]) -> Drift:
    """The most severe of ``drifts`` (clean when empty)."""
    return max(drifts, key=lambda d: d.rank, default=Drift.CLEAN)


@dataclass(frozen=True)
class EditedFile:
    """One aiobotocore file to audit.

    ``added`` holds the 1-based lines of ``text`` an edit added or changed (None: audit every
    line); ``removed`` holds each removed line's text with the line of ``text`` it was removed
    before.
    """

    path: str
    text: str
    added: frozenset[int] | None = None
    removed: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class DriftLine:
    """One departure from botocore, with the botocore line it departs from (when one is close)."""

    drift: Drift
    line: int
    text: str
    reason: str
    botocore_line: int | None = None
    botocore_text: str | None = None


@dataclass
class FunctionDrift:
    """The departures of one override from its botocore counterpart."""

    path: str
    qualname: str
    line: int
    botocore_path: str
    botocore_qualname: str
    botocore_line: int
    lines: list[DriftLine] = field(default_factory=list)

    @property
    def drift(self) -> Drift:
        """The function's verdict: its most severe line."""
        return worst(line.drift for line in self.lines)


@dataclass
class DriftReport:
    """Per-function drift for a set of aiobotocore files against botocore at one version."""

    botocore_version: str
    functions: list[FunctionDrift] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def drift(self) -> Drift:
        """OVERRIDE_DRIFT: the most severe function verdict."""
        return worst(fn.drift for fn in self.functions)


# --- the async dialect -------------------------------------------------------------------------

_ASYNCIO_TWINS = {
    "asyncio.Lock": "threading.Lock",
    "asyncio.Event": "threading.Event",
    "asyncio.Condition": "threading.Condition",
    "asyncio.Semaphore": "threading.Semaphore",
    "asyncio.BoundedSemaphore": "threading.BoundedSemaphore",
    "asyncio.Queue": "queue.Queue",
    "asyncio.sleep": "time.sleep",
    "asyncio.TimeoutError": "TimeoutError",
}
_TWIN = re.compile(r"\b(" + "|".join(re.escape(k) for k in _ASYNCIO_TWINS) + r")\b")
_ASYNC_DUNDERS = re.compile(r"__a(enter|exit|iter|next)__")
_AIO_MODULE = re.compile(r"\baiobotocore\b")
_ASYNC_WORDS = re.compile(
    r"\b(a?sync\w*|await\w*|asyncio|coroutines?|event loop|aiohttp|aiobotocore|aio|anyio|"
    r"trio|a(enter|exit|iter|next)|(non-?)?block(s|ed|ing)?|thread(s|ed|ing)?)\b",
    re.IGNORECASE,
)
_DIRECTIVE = re.compile(r"#\s*(noqa|pragma|type:|fmt:|pylint|lgtm|nosec|mypy)", re.IGNORECASE)
_ASYNC_IMPORTS = ("asyncio", "aiohttp", "aiobotocore", "aioitertools", "aiofiles")
_LOG_RECEIVERS = re.compile(r"^(logger|log|LOG|LOGGER|logging)$")


def normalise_dialect(text: str) -> str:
    """A statement with aiobotocore's async dialect mapped back to botocore's."""
    text = normalise_async(text)
    text = _TWIN.sub(lambda m: _ASYNCIO_TWINS[m.group(1)], text)
    text = _ASYNC_DUNDERS.sub(lambda m: f"__{m.group(1)}__", text)
    return _AIO_MODULE.sub("botocore", text)


def mentions_async(text: str) -> bool:
    """True when a docstring or comment line talks about async behaviour."""
    return bool(_ASYNC_WORDS.search(text))


# --- statements of a function ------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """One statement-sized piece of a function: what drift compares."""

    kind: str  # "stmt", "header", "decorator", "docstring", "structure"
    first: int
    last: int
    raw: str  # as written, annotations kept
    bare: str | None  # annotations taken out; None when nothing runs (``x: int``)
    node: ast.AST | None = None


_COMPOUND_BLOCKS = ("body", "orelse", "handlers", "finalbody", "cases")


def _header_text(node: ast.AST, strip: bool) -> str | None:
    shell = copy.copy(node)
    for name in _COMPOUND_BLOCKS:
        if hasattr(shell, name):
            setattr(shell, name, [] if name != "body" else [ast.Pass()])
    if hasattr(shell, "decorator_list"):
        shell.decorator_list = []
    if strip:
        shell = _strip_annotations(copy.deepcopy(shell))
    return ast.unparse(shell).splitlines()[0]


def _strip_annotations(node: ast.AST) -> ast.AST:
    for sub in ast.walk(node):
        if isinstance(sub, ast.arg):
            sub.annotation = None
        elif isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef):
            sub.returns = None
    return node


def _stmt_text(stmt: ast.stmt, strip: bool) -> str | None:
    if strip and isinstance(stmt, ast.AnnAssign):
        if stmt.value is None:
            return None
        return ast.unparse(ast.Assign(targets=[stmt.target], value=stmt.value, lineno=0))
    return ast.unparse(stmt)


def _is_docstring(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def function_units(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[_Unit]:
    """The statements of a function, in order, each with its line span."""
    units: list[_Unit] = []
    for deco in node.decorator_list:
        text = "@" + ast.unparse(deco)
        units.append(_Unit("decorator", deco.lineno, deco.end_lineno or deco.lineno, text, text))
    _compound(node, units)
    return units


def _compound(node: ast.AST, units: list[_Unit]) -> None:
    blocks = [getattr(node, name) for name in _COMPOUND_BLOCKS if getattr(node, name, None)]
    first_child = min((b[0].lineno for b in blocks if hasattr(b[0], "lineno")), default=None)
    last = max(node.lineno, (first_child or node.lineno + 1) - 1)
    raw = _header_text(node, strip=False)
    units.append(_Unit("header", node.lineno, last, raw, _header_text(node, True), node))
    body = getattr(node, "body", [])
    is_def = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    if is_def and body and _is_docstring(body[0]):
        doc = body[0]
        units.append(_Unit("docstring", doc.lineno, doc.end_lineno or doc.lineno, "", ""))
        body = body[1:]
    for name in _COMPOUND_BLOCKS:
        block = body if name == "body" else getattr(node, name, None) or []
        for child in block:
            _statement(child, units)


def _statement(stmt: ast.AST, units: list[_Unit]) -> None:
    if not hasattr(stmt, "lineno"):  # a match statement's case: its body only
        for child in getattr(stmt, "body", []):
            _statement(child, units)
        return
    if any(getattr(stmt, name, None) for name in _COMPOUND_BLOCKS):
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            units.extend(function_units(stmt))
        else:
            _compound(stmt, units)
        return
    if isinstance(stmt, ast.stmt):
        first, last = stmt.lineno, stmt.end_lineno or stmt.lineno
        units.append(_Unit("stmt", first, last, ast.unparse(stmt), _stmt_text(stmt, True), stmt))


# --- one function compared with botocore's ------------------------------------------------------


@dataclass
class _Side:
    """A function's statements, physical lines and comments, ready to compare."""

    units: list[_Unit]
    lines: dict[int, str]  # line number -> text of the physical line
    comments: dict[int, str]  # line number -> comment text

    @classmethod
    def of(
        cls,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        source_lines: list[str],
    ) -> _Side:
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        last = node.end_lineno or node.lineno
        lines = {n: source_lines[n - 1] for n in range(first, last + 1)}
        return cls(function_units(node), lines, _comments(lines))

    def unit_texts(self) -> tuple[set[str], set[str]]:
        raw = {normalise_dialect(u.raw) for u in self.units if u.kind != "docstring"}
        bare = {normalise_dialect(u.bare) for u in self.units if u.bare and u.kind != "docstring"}
        return raw | self.structure(), bare | self.structure()

    def structure(self) -> set[str]:
        """``else:``, ``finally:``, ``try:`` lines: no statement of their own."""
        return {t.strip() for t in self.lines.values() if t.strip() in _STRUCTURE}

    def docstring_lines(self) -> set[str]:
        return {
            self.lines[n].strip()
            for u in self.units
            if u.kind == "docstring"
            for n in range(u.first, u.last + 1)
        }


_STRUCTURE = {"else:", "finally:", "try:"}


def _comments(lines: dict[int, str]) -> dict[int, str]:
    """Comments of one function's lines, as the tokenizer sees them (a ``#`` in a string is
    not one). Only lines holding a ``#`` are worth tokenizing for."""
    if not any("#" in text for text in lines.values()):
        return {}
    first = min(lines)
    # An indented method tokenizes as the body of an `if` block, one line down.
    text = "if 1:\n" + "\n".join(lines.values()) + "\n"
    found: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                found[tok.start[0] - 2 + first] = tok.string
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def compare_function(
    aio: FunctionDrift,
    aio_side: _Side,
    boto_side: _Side,
    added: frozenset[int] | None,
    removed: Sequence[str],
) -> None:
    """Fill ``aio.lines`` with the departures of the added lines (all lines when ``added`` is
    None) and of the removed botocore lines."""
    raw, bare = boto_side.unit_texts()
    boto_docs = boto_side.docstring_lines()
    boto_comments = {c.strip() for c in boto_side.comments.values()}
    touched = set(aio_side.lines) if added is None else added & set(aio_side.lines)
    code = {n for n in touched if _is_code(aio_side.lines[n])}
    seen: set[int] = set()
    for unit in aio_side.units:
        span = set(range(unit.first, unit.last + 1)) & code
        if not span or unit.first in seen:
            continue
        seen.add(unit.first)
        found = _unit_drift(unit, span, aio_side, boto_side, raw, bare, boto_docs)
        if found is not None:
            aio.lines.append(found)
    for number in sorted(touched):
        text = aio_side.lines[number].strip()
        if text in _STRUCTURE and text not in boto_side.structure():
            aio.lines.append(
                DriftLine(Drift.BEHAVIORAL, number, text, "control flow not in botocore")
            )
    aio.lines.extend(_comment_drift(aio_side, touched, boto_comments))
    quoted = {d.botocore_line for d in aio.lines if d.botocore_line is not None}
    missing = _removed_logic(aio_side, boto_side, removed, added is None)
    aio.lines.extend(d for d in missing if d.botocore_line not in quoted)
    aio.lines.sort(key=lambda d: d.line)


def _comment_drift(aio_side: _Side, touched: set[int], boto_comments: set[str]) -> list[DriftLine]:
    """One finding per run of consecutive touched comments botocore lacks; a run that talks
    about async (or blocking, threads, the event loop) anywhere explains itself."""
    runs: list[list[int]] = []
    for number in sorted(n for n in touched if n in aio_side.comments):
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    found = []
    for run in runs:
        texts = [aio_side.comments[n].strip() for n in run]
        texts = [t for t in texts if not _DIRECTIVE.match(t)]
        if not texts:
            continue
        if all(t in boto_comments for t in texts) or any(mentions_async(t) for t in texts):
            continue
        reason = "comment not in botocore" + (f" ({len(run)} lines)" if len(run) > 1 else "")
        found.append(DriftLine(Drift.COSMETIC, run[0], texts[0], reason))
    return found


def _is_code(line: str) -> bool:
    text = line.strip()
    return bool(text) and not text.startswith("#")


def _unit_drift(
    unit: _Unit,
    span: set[int],
    aio_side: _Side,
    boto_side: _Side,
    raw: set[str],
    bare: set[str],
    boto_docs: set[str],
) -> DriftLine | None:
    if unit.kind == "docstring":
        for number in sorted(span):
            text = aio_side.lines[number].strip()
            if text and text not in boto_docs and not mentions_async(text):
                return DriftLine(Drift.COSMETIC, number, text, "docstring not in botocore")
        return None
    if normalise_dialect(unit.raw) in raw:
        return None
    line = min(span)
    quoted = aio_side.lines[unit.first].strip()
    if unit.bare is None or normalise_dialect(unit.bare) in bare:
        return DriftLine(Drift.COSMETIC, line, quoted, "annotation differs from botocore")
    if isinstance(unit.node, ast.Import | ast.ImportFrom):
        return _import_drift(unit, line, quoted)
    close = _closest(unit, boto_side)
    reason = _behaviour(unit, close)
    if close is None:
        return DriftLine(Drift.BEHAVIORAL, line, quoted, reason)
    boto_text = boto_side.lines[close.first].strip()
    return DriftLine(Drift.BEHAVIORAL, line, quoted, reason, close.first, boto_text)


def _import_drift(unit: _Unit, line: int, quoted: str) -> DriftLine | None:
    node = unit.node
    modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
    if all(m.split(".")[0] in _ASYNC_IMPORTS for m in modules):
        return None
    return DriftLine(Drift.COSMETIC, line, quoted, "import not in botocore")


def _closest(unit: _Unit, boto_side: _Side) -> _Unit | None:
    """The botocore statement ``unit`` most likely departs from: the most similar text of the
    same kind, with a head start for one of the same shape (same targets, both returns)."""
    target = normalise_dialect(unit.bare or unit.raw)
    best, best_score = None, 0.6
    for other in boto_side.units:
        if other.kind == "docstring" or type(other.node) is not type(unit.node):
            continue
        score = difflib.SequenceMatcher(None, target, normalise_dialect(other.raw)).ratio()
        if _shape(unit.node) == _shape(other.node):
            score += 0.3
        if score > best_score:
            best, best_score = other, score
    return best


def _shape(node: ast.AST | None) -> str:
    if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return "=" + ",".join(ast.unparse(t) for t in targets)
    return type(node).__name__


def _behaviour(unit: _Unit, close: _Unit | None) -> str:
    """Name what an unmatched statement does differently."""
    node = unit.node
    if close is not None:
        mine, theirs = _called(unit.node), _called(close.node)
        if mine != theirs and (mine - theirs):
            new = ", ".join(f"`{c}`" for c in sorted(mine - theirs))
            old = ", ".join(f"`{c}`" for c in sorted(theirs - mine)) or "nothing there"
            return f"calls {new} where botocore calls {old}"
    if _logs(node):
        return "logging not in botocore"
    if isinstance(node, ast.Try | ast.ExceptHandler | ast.Raise):
        return "error handling not in botocore"
    if isinstance(node, ast.Return) and close is None:
        return "returns what botocore does not"
    if isinstance(node, ast.If | ast.While | ast.For | ast.With | ast.Assert | ast.Return):
        what = "guard or control flow" if close is None else "condition or flow"
        return f"{what} differs from botocore" if close else f"{what} not in botocore"
    if close is not None:
        return "differs from botocore's line"
    return "statement not in botocore"


def _called(node: ast.AST | None) -> set[str]:
    if node is None:
        return set()
    calls = set()
    for sub in ast.walk(_header_only(node)):
        if isinstance(sub, ast.Call):
            calls.add(normalise_dialect(ast.unparse(sub.func)))
    return calls


def _header_only(node: ast.AST) -> ast.AST:
    if any(getattr(node, name, None) for name in _COMPOUND_BLOCKS):
        shell = copy.copy(node)
        for name in _COMPOUND_BLOCKS:
            if hasattr(shell, name):
                setattr(shell, name, [])
        return shell
    return node


def _logs(node: ast.AST | None) -> bool:
    for sub in ast.walk(_header_only(node)) if node is not None else ():
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute):
            receiver = sub.func.value
            if isinstance(receiver, ast.Name) and _LOG_RECEIVERS.match(receiver.id):
                return True
    return False


def _removed_logic(
    aio_side: _Side, boto_side: _Side, removed: Sequence[str], audit_all: bool
) -> list[DriftLine]:
    """Botocore lines the edit took out of the override (every missing botocore statement when
    auditing the whole override)."""
    have = {normalise_dialect(t.strip()) for t in aio_side.lines.values()}
    have |= {normalise_dialect(u.raw) for u in aio_side.units}
    have |= {normalise_dialect(u.bare) for u in aio_side.units if u.bare}
    found = []
    if audit_all:
        for unit in boto_side.units:
            if unit.kind in ("docstring", "decorator") or normalise_dialect(unit.raw) in have:
                continue
            if unit.bare and normalise_dialect(unit.bare) in have:
                continue
            text = boto_side.lines[unit.first].strip()
            found.append(
                DriftLine(Drift.BEHAVIORAL, 0, "", "botocore logic missing", unit.first, text)
            )
        return found
    docs = {n for u in boto_side.units if u.kind == "docstring" for n in range(u.first, u.last + 1)}
    boto_lines = {
        normalise_dialect(t.strip()): n
        for n, t in boto_side.lines.items()
        if n not in docs and _is_code(t)
    }
    for text in removed:
        norm = normalise_dialect(text.strip())
        if norm and norm in boto_lines and norm not in have and not norm.startswith("#"):
            number = boto_lines[norm]
            found.append(
                DriftLine(
                    Drift.BEHAVIORAL,
                    0,
                    "",
                    "removes botocore logic",
                    number,
                    boto_side.lines[number].strip(),
                )
            )
    return found


# --- files and counterparts -------------------------------------------------------------------


class BotocoreModules:
    """Botocore modules at one version, parsed once each; keep one to reuse across audits."""

    def __init__(self, read: BotocoreReader, version: str = "") -> None:
        self.read = read
        self.version = version
        self._parsed: dict[str, ParsedModule | None] = {}

    def module(self, path: str) -> ParsedModule | None:
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

    def side(self, fn: FunctionInfo) -> _Side:
        """The statements, lines and comments of one of its functions."""
        return _Side.of(self.nodes[fn.def_line], self.lines)


def counterpart(
    aio_path: str, fn: FunctionInfo, aio_table: ModuleTable, botocore: BotocoreModules
) -> tuple[str, FunctionInfo] | None:
    """The botocore function ``fn`` overrides: the same module function of the mirror file, or
    the method of the first botocore base class (searched through its own bases) defining it."""
    mirror = "botocore/" + aio_path.removeprefix("aiobotocore/")
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


def drift_files(
    files: Sequence[EditedFile],
    read_botocore: BotocoreReader,
    botocore_version: str,
    modules: BotocoreModules | None = None,
    parsed: ParsedModule | None = None,
) -> DriftReport:
    """Audit the edited functions of ``files`` (every override when a file's ``added`` is None)
    against botocore as ``read_botocore`` gives it. Functions with no botocore counterpart and
    aiobotocore-only modules are out of scope. Pass ``modules`` (built on the same reader) to
    reuse botocore's parsed modules across calls; ``parsed`` is the one file of ``files``
    already parsed."""
    report = DriftReport(botocore_version)
    botocore = modules or BotocoreModules(read_botocore, botocore_version)
    for file in files:
        try:
            module = parsed if parsed is not None else ParsedModule.parse(file.text, file.path)
        except ParseFailure as exc:
            report.errors.append(f"{file.path} does not parse: {exc}")
            continue
        for fn in module.table.functions.values():
            if _touched(fn, file):
                drift = _function_drift(file, fn, module, botocore)
                if drift is not None:
                    report.functions.append(drift)
    return report


def _touched(fn: FunctionInfo, file: EditedFile) -> bool:
    if file.added is None:
        return True
    span = range(fn.start_line, fn.end_line + 1)
    return any(n in span for n in file.added) or any(
        fn.start_line < anchor <= fn.end_line for anchor, _ in file.removed
    )


def _function_drift(
    file: EditedFile, fn: FunctionInfo, module: ParsedModule, botocore: BotocoreModules
) -> FunctionDrift | None:
    pair = counterpart(file.path, fn, module.table, botocore)
    if pair is None:
        return None
    boto_path, boto_fn = pair
    boto_module = botocore.module(boto_path)
    assert boto_module is not None  # counterpart found the function there
    result = FunctionDrift(
        file.path, fn.qualname, fn.def_line, boto_path, boto_fn.qualname, boto_fn.def_line
    )
    removed = [text for anchor, text in file.removed if fn.start_line < anchor <= fn.end_line]
    compare_function(result, module.side(fn), boto_module.side(boto_fn), file.added, removed)
    return result


# --- what an edit added and removed -----------------------------------------------------------


def edits_between(path: str, old: str | None, new: str) -> EditedFile:
    """The lines of ``new`` added or changed since ``old`` (every line when ``old`` is None)."""
    new_lines = new.splitlines()
    if old is None:
        return EditedFile(path, new, frozenset(range(1, len(new_lines) + 1)))
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new_lines, autojunk=False)
    added: set[int] = set()
    removed: list[tuple[int, str]] = []
    old_lines = old.splitlines()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            added.update(range(j1 + 1, j2 + 1))
        if tag in ("replace", "delete"):
            removed.extend((j1 + 1, old_lines[i]) for i in range(i1, i2))
    return EditedFile(path, new, frozenset(added), tuple(removed))
