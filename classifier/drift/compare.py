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
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from botoport.mirror.counterparts import (
    BotocoreModules,
    BotocoreReader,
    ParsedModule,
    counterpart,
)
from botoport.mirror.paths import botocore_path_of
from botoport.syntax.dialect import (
    ASYNC_MODULES,
    is_tool_directive,
    mentions_async,
    normalise_dialect,
)
from botoport.syntax.functions import FunctionInfo, ParseFailure
from botoport.syntax.lines import split_lines
from botoport.syntax.statements import (
    STRUCTURE_LINES,
    FunctionText,
    Statement,
    header_only,
    hoisted_awaits,
)

_LOG_RECEIVERS = re.compile(r"^(logger|log|LOG|LOGGER|logging)$")


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


# --- one function compared with botocore's ------------------------------------------------------


def compare_function(
    aio: FunctionDrift,
    aio_side: FunctionText,
    boto_side: FunctionText,
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
    for first, second, inlined in hoisted_awaits(aio_side.units):
        if normalise_dialect(inlined) in raw:  # an awaited call hoisted into a local
            seen |= {first.first, second.first}
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
        if text in STRUCTURE_LINES and text not in boto_side.structure():
            aio.lines.append(
                DriftLine(Drift.BEHAVIORAL, number, text, "control flow not in botocore")
            )
    aio.lines.extend(_comment_drift(aio_side, touched, boto_comments))
    aio.lines.extend(_import_order(aio_side, boto_side, code))
    quoted = {d.botocore_line for d in aio.lines if d.botocore_line is not None}
    if not _delegates_to_super(aio_side, aio.botocore_qualname.rsplit(".", 1)[-1]):
        missing = _removed_logic(aio_side, boto_side, removed, added is None)
        aio.lines.extend(d for d in missing if d.botocore_line not in quoted)
    aio.lines.sort(key=lambda d: d.line)


def _delegates_to_super(aio_side: FunctionText, name: str) -> bool:
    """True when the override calls botocore's own version (``super().name(...)``): then
    botocore's logic still runs, and its lines are not missing from the override."""
    pattern = re.compile(rf"\bsuper\([^)]*\)\.{re.escape(name)}\(")
    return any(pattern.search(unit.raw) for unit in aio_side.units)


def _import_order(
    aio_side: FunctionText, boto_side: FunctionText, code: set[int]
) -> list[DriftLine]:
    """Cosmetic drift when the imports both functions make come in another order than
    botocore's, reported on the first touched import that is out of place."""

    def imports(side: FunctionText) -> list[Statement]:
        return [u for u in side.units if isinstance(u.node, ast.Import | ast.ImportFrom)]

    boto_order = [normalise_dialect(u.raw) for u in imports(boto_side)]
    mine = [u for u in imports(aio_side) if normalise_dialect(u.raw) in boto_order]
    expected = [t for t in boto_order if t in {normalise_dialect(u.raw) for u in mine}]
    for unit, wanted in zip(mine, expected, strict=False):
        if normalise_dialect(unit.raw) != wanted and unit.first in code:
            text = aio_side.lines[unit.first].strip()
            return [
                DriftLine(Drift.COSMETIC, unit.first, text, "import order differs from botocore")
            ]
    return []


def _comment_drift(
    aio_side: FunctionText, touched: set[int] | frozenset[int], boto_comments: set[str]
) -> list[DriftLine]:
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
        texts = [t for t in texts if not is_tool_directive(t)]
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
    unit: Statement,
    span: set[int],
    aio_side: FunctionText,
    boto_side: FunctionText,
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


def _import_drift(unit: Statement, line: int, quoted: str) -> DriftLine | None:
    node = unit.node
    if isinstance(node, ast.Import):
        modules = [a.name for a in node.names]
    elif isinstance(node, ast.ImportFrom):
        modules = [node.module or ""]
    else:
        return None
    if all(m.split(".")[0] in ASYNC_MODULES for m in modules):
        return None
    return DriftLine(Drift.COSMETIC, line, quoted, "import not in botocore")


def _closest(unit: Statement, boto_side: FunctionText) -> Statement | None:
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


def _behaviour(unit: Statement, close: Statement | None) -> str:
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
    flow = isinstance(node, ast.If | ast.While | ast.For | ast.With | ast.Assert | ast.Return)
    if close is not None:
        return "condition or flow differs from botocore" if flow else "differs from botocore's line"
    if isinstance(node, ast.Return):
        return "returns what botocore does not"
    return "guard or control flow not in botocore" if flow else "statement not in botocore"


def _called(node: ast.AST | None) -> set[str]:
    if node is None:
        return set()
    calls = set()
    for sub in ast.walk(header_only(node)):
        if isinstance(sub, ast.Call):
            calls.add(normalise_dialect(ast.unparse(sub.func)))
    return calls


def _logs(node: ast.AST | None) -> bool:
    for sub in ast.walk(header_only(node)) if node is not None else ():
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute):
            receiver = sub.func.value
            if isinstance(receiver, ast.Name) and _LOG_RECEIVERS.match(receiver.id):
                return True
    return False


def _statement_kept(boto_side: FunctionText, number: int, have: set[str]) -> bool:
    """True when the botocore statement spanning line ``number`` is among ``have``."""
    return any(
        unit.first <= number <= unit.last and normalise_dialect(unit.raw) in have
        for unit in boto_side.units
        if unit.kind == "stmt"
    )


def _removed_logic(
    aio_side: FunctionText, boto_side: FunctionText, removed: Sequence[str], audit_all: bool
) -> list[DriftLine]:
    """Botocore lines the edit took out of the override (every missing botocore statement when
    auditing the whole override)."""
    have = {normalise_dialect(t.strip()) for t in aio_side.lines.values()}
    have |= {normalise_dialect(u.raw) for u in aio_side.units}
    have |= {normalise_dialect(u.bare) for u in aio_side.units if u.bare}
    have |= {normalise_dialect(text) for _, _, text in hoisted_awaits(aio_side.units)}
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
            if _statement_kept(boto_side, number, have):
                continue  # a line of a wrapped statement the override has whole
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


# --- audits of files -------------------------------------------------------------------------


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
        if botocore.module(botocore_path_of(file.path)) is None:
            continue  # an aiobotocore-only module (or a mirror that does not parse)
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
    return any(n in span for n in file.added) or bool(_removed_from(fn, file))


def _removed_from(fn: FunctionInfo, file: EditedFile) -> list[str]:
    """The removed lines that stood inside ``fn``."""
    return [text for anchor, text in file.removed if fn.start_line < anchor <= fn.end_line]


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
    removed = _removed_from(fn, file)
    compare_function(result, module.side(fn), boto_module.side(boto_fn), file.added, removed)
    return result


# --- what an edit added and removed -----------------------------------------------------------


def edits_between(path: str, old: str | None, new: str) -> EditedFile:
    """The lines of ``new`` added or changed since ``old`` (every line when ``old`` is None).
    A line only moved in or out a level is not changed: a port that drops the ``if`` around
    a block re-indents the override's own lines without departing from botocore anew."""
    new_lines = split_lines(new)
    if old is None:
        return EditedFile(path, new, frozenset(range(1, len(new_lines) + 1)))
    matcher = difflib.SequenceMatcher(
        None,
        [line.strip() for line in split_lines(old)],
        [line.strip() for line in new_lines],
        autojunk=False,
    )
    added: set[int] = set()
    removed: list[tuple[int, str]] = []
    old_lines = split_lines(old)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            added.update(range(j1 + 1, j2 + 1))
        if tag in ("replace", "delete"):
            removed.extend((j1 + 1, old_lines[i]) for i in range(i1, i2))
    return EditedFile(path, new, frozenset(added), tuple(removed))
