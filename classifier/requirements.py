"""Raising the bounds in ``pyproject.toml`` as the maintainers write them: the version numbers
inside the ``botocore`` (and ``boto3``/``awscli``) requirement strings change; every other
byte — comments, quotes, spacing, order — stays as it was. Pure: text in, text out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from botoport.errors import BotoportError
from packaging.version import Version

# A quoted requirement string naming one of the projects, with its specifiers.
_QUOTED = re.compile(
    r"""(?P<head>(?P<q>["'])(?P<name>botocore|boto3|awscli)\s*)(?P<spec>[<>=!~][^"'\[]*)(?P=q)"""
)
_LOWER = re.compile(r"(>=\s*)(\d+(?:\.\d+)*)")
_UPPER = re.compile(r"(<\s*)(\d+(?:\.\d+)*)")


@dataclass(frozen=True)
class NewBounds:
    """``>= lower, < upper`` for botocore; each ``None`` leaves that bound as it is."""

    lower: str | None
    upper: str


def next_patch(version: str) -> str:
    """The upper bound that admits ``version`` and nothing newer: ``1.42.89`` -> ``1.42.90``."""
    major, minor, patch, *_ = (*Version(version).release, 0, 0)
    return f"{major}.{minor}.{patch + 1}"


def align_companion(anchor_botocore: str, anchor_companion: str, botocore: str) -> str:
    """The companion release (boto3, awscli) that goes with ``botocore``, kept in the step the
    project already has between ``anchor_botocore`` and ``anchor_companion``.

    Both projects release in lockstep: within botocore's minor series the companion's patch
    moves by as much as botocore's; when botocore's minor moves, the companion's moves with it
    and both patches restart together.
    """
    old_b, new_b, comp = (Version(v).release for v in (anchor_botocore, botocore, anchor_companion))
    if new_b[:2] == old_b[:2]:
        return f"{comp[0]}.{comp[1]}.{comp[2] + new_b[2] - old_b[2]}"
    return f"{comp[0]}.{comp[1] + new_b[1] - old_b[1]}.{new_b[2]}"


def raise_bounds(pyproject_text: str, bounds: NewBounds) -> str:
    """``pyproject_text`` with botocore's requirement at ``bounds`` and the boto3/awscli
    requirements (where present) aligned with it."""
    anchors = _current(pyproject_text)
    if "botocore" not in anchors:
        raise BotoportError("pyproject.toml has no botocore requirement with bounds to raise")
    old_lower, old_upper = anchors["botocore"]
    wanted: dict[str, tuple[str | None, str | None]] = {"botocore": (bounds.lower, bounds.upper)}
    for name, (lower, upper) in anchors.items():
        if name == "botocore":
            continue
        wanted[name] = (
            _aligned(old_lower, lower, bounds.lower),
            _aligned(old_upper, upper, bounds.upper),
        )

    def edit(match: re.Match[str]) -> str:
        if _commented(pyproject_text, match.start()):
            return match[0]
        lower, upper = wanted[match["name"]]
        spec = match["spec"]
        if lower is not None:
            spec = _LOWER.sub(lambda m: m[1] + lower, spec, count=1)
        if upper is not None:
            spec = _UPPER.sub(lambda m: m[1] + upper, spec, count=1)
        return match["head"] + spec + match["q"]

    return _QUOTED.sub(edit, pyproject_text)


def _commented(text: str, at: int) -> bool:
    """True when the position is inside a ``#`` comment (TOML has no ``#`` in these strings)."""
    return "#" in text[text.rfind("\n", 0, at) + 1 : at]


def _aligned(anchor: str | None, companion: str | None, botocore: str | None) -> str | None:
    if anchor is None or companion is None or botocore is None:
        return None
    return align_companion(anchor, companion, botocore)


def _current(pyproject_text: str) -> dict[str, tuple[str | None, str | None]]:
    """``{name: (lower, upper)}`` of the first requirement string of each project."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for match in _QUOTED.finditer(pyproject_text):
        if match["name"] in found or _commented(pyproject_text, match.start()):
            continue
        lower, upper = _LOWER.search(match["spec"]), _UPPER.search(match["spec"])
        found[match["name"]] = (lower[2] if lower else None, upper[2] if upper else None)
    return found
