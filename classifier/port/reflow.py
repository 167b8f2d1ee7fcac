"""A hunk that moves a block in or out — botocore drops the ``if`` around it, or wraps it in
one — applied to an override that changed some of the block's statements its own way.

The statement-by-statement merge (:mod:`botoport.port.merge`) leaves such a hunk for a person:
its base statements do not all stand unchanged in the override. Here the hunk is read line by
line instead. botocore's statements that only change depth (the same statement, flat) take the
override's own text at the new depth; the override's own statements move with the sibling
before them (or are dropped with it, inside a branch botocore deletes); statements botocore
deletes or rewrites must stand in the override as botocore had them, else it is still a
conflict. Pure: lines in, lines out.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from botoport.syntax.lines import indent_of, reindented


@dataclass(frozen=True)
class Hunk:
    """One hunk of botocore's change: base statements ``i1:i2`` become theirs ``j1:j2``; the
    override holds them in its statements ``start:end``."""

    i1: int
    i2: int
    j1: int
    j2: int
    start: int
    end: int


@dataclass(frozen=True)
class Sides:
    """The three versions' statements, and their keys: indented (``*_key``, depth relative to
    the function) and flat (``*_flat``, indentation ignored)."""

    base: list[str]
    theirs: list[str]
    ours: list[str]
    base_key: list[str]
    their_key: list[str]
    base_flat: list[str]
    their_flat: list[str]
    our_flat: list[str]


# botocore's statement ``theirs[j]`` written into the override ``shift`` columns deeper.
Convert = Callable[[int, int], str]


@dataclass(frozen=True)
class Fate:
    """What botocore does to one base statement of the hunk: ``keep`` it (``delta`` columns
    deeper), ``delete`` it, or ``rewrite`` it as ``theirs`` (indices of their statements)."""

    kind: str
    delta: int = 0
    theirs: tuple[int, ...] = ()


_KEEP = Fate("keep")


def reflowed(hunk: Hunk, sides: Sides, convert: Convert) -> list[str] | None:
    """The override's statements ``hunk.start:hunk.end`` with the hunk applied, or None when
    the override changed a statement botocore deletes or rewrites (a person's call)."""
    fates, inserts = _fates(hunk, sides)
    base_of = _base_of(hunk, sides)
    held = set(base_of.values())
    if any(f.kind == "rewrite" and b not in held for b, f in fates.items()) or any(
        b != -1 and b not in held for b in inserts
    ):
        return None
    first = min(base_of.items(), default=None)
    lead = indent_of(sides.ours[first[0]]) - indent_of(sides.base[first[1]]) if first else 0
    out = [convert(t, lead) for t in inserts.get(-1, [])]
    resolved = _resolve(hunk, sides, {o: fates[b] for o, b in base_of.items()})
    kept = True
    for o in range(hunk.start, hunk.end):
        line, b = sides.ours[o], base_of.get(o)
        if not line.strip():
            if kept:
                out.append(line)
            continue
        fate = resolved[o]
        kept = fate.kind != "delete"
        shift = indent_of(line) - indent_of(sides.base[b]) if b is not None else 0
        if fate.kind == "keep":
            out.append(reindented(line, fate.delta))
        elif fate.kind == "rewrite":
            out += [convert(t, shift) for t in fate.theirs]
        if b is not None:
            out += [convert(t, shift) for t in inserts.get(b, [])]
    return out


def _resolve(hunk: Hunk, sides: Sides, known: dict[int, Fate]) -> dict[int, Fate]:
    """The fate of every statement of the override's span: botocore's (``known``) as botocore
    decides. One of the override's own is dropped only inside a branch botocore deletes whole
    (its header and every statement of botocore's in it); else it moves as the statements of
    botocore's around it at its depth move, else as the block that holds it."""
    span = [o for o in range(hunk.start, hunk.end) if sides.ours[o].strip()]
    fates = dict(known)
    for position, o in enumerate(span):
        if o in fates:
            continue
        indent = indent_of(sides.ours[o])
        holders = [h for h in span[:position] if indent_of(sides.ours[h]) < indent]
        holder = holders[-1] if holders else None
        block = _block(span, holder, sides) if holder is not None else span
        mapped = [known[b] for b in block if b in known and indent_of(sides.ours[b]) == indent]
        moved = [f for f in mapped if f.kind == "keep"]
        if holder is not None and fates[holder].kind == "delete" and not moved:
            fates[o] = Fate("delete")
        elif moved:
            fates[o] = Fate("keep", moved[0].delta)
        elif holder is not None and fates[holder].kind == "keep":
            fates[o] = Fate("keep", fates[holder].delta)
        else:
            fates[o] = _KEEP
    return fates


def _block(span: list[int], holder: int, sides: Sides) -> list[int]:
    """The statements of the block ``holder`` (a compound statement's header) opens."""
    depth = indent_of(sides.ours[holder])
    inside = []
    for o in span[span.index(holder) + 1 :]:
        if indent_of(sides.ours[o]) <= depth:
            break
        inside.append(o)
    return inside


def _fates(hunk: Hunk, sides: Sides) -> tuple[dict[int, Fate], dict[int, list[int]]]:
    """The fate of each base statement of the hunk, and which of theirs are inserted after
    which base statement (-1: before the first)."""
    fates: dict[int, Fate] = {}
    inserts: dict[int, list[int]] = {}
    base_flat = sides.base_flat[hunk.i1 : hunk.i2]
    their_flat = sides.their_flat[hunk.j1 : hunk.j2]
    matcher = difflib.SequenceMatcher(None, base_flat, their_flat, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        base = list(range(hunk.i1 + a1, hunk.i1 + a2))
        theirs = tuple(range(hunk.j1 + b1, hunk.j1 + b2))
        if tag == "equal":
            for b, t in zip(base, theirs, strict=True):
                delta = indent_of(sides.their_key[t]) - indent_of(sides.base_key[b])
                fates[b] = Fate("keep", delta)
        elif tag == "insert":
            inserts.setdefault(hunk.i1 + a1 - 1, []).extend(theirs)
        else:
            for b in base:
                fates[b] = Fate("delete")
            if tag == "replace":
                fates[base[0]] = Fate("rewrite", 0, theirs)
    inserts = {(b if b >= hunk.i1 else -1): ts for b, ts in inserts.items()}
    return fates, inserts


def _base_of(hunk: Hunk, sides: Sides) -> dict[int, int]:
    """Override statement index -> base statement index, for the hunk's statements the
    override holds as botocore had them (the dialect and depth aside)."""
    ours = sides.our_flat[hunk.start : hunk.end]
    base = sides.base_flat[hunk.i1 : hunk.i2]
    matcher = difflib.SequenceMatcher(None, ours, base, autojunk=False)
    return {
        hunk.start + block.a + k: hunk.i1 + block.b + k
        for block in matcher.get_matching_blocks()
        for k in range(block.size)
        if base[block.b + k]  # blank lines and comments anchor nothing
    }
