"""Raising the bounds in ``pyproject.toml`` as the maintainers write them: the version numbers
inside the ``botocore`` (and ``boto3``/``awscli``) requirement strings change; every other
byte — comments, quotes, spacing, order — stays as it was. Pure: text in, text out."""

from __future__ import annotations

import re
from collections.abc import Mapping
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


def companion_version(
    botocore: str,
    anchor: tuple[str, str],
    botocore_releases: list[str],
    companion_releases: list[str],
) -> str | None:
    """The companion release (boto3, awscli) published with botocore release ``botocore``.

    Both projects publish one release for each botocore release, in step, so the companion is
    as many releases past the anchor pair (a botocore release and its companion, taken from
    the bounds the project already has) as ``botocore`` is past the anchor's botocore. None
    when a release is not on the lists.
    """
    anchor_botocore, anchor_companion = anchor
    try:
        steps = botocore_releases.index(botocore) - botocore_releases.index(anchor_botocore)
        position = companion_releases.index(anchor_companion) + steps
    except ValueError:
        return None
    if not 0 <= position < len(companion_releases):
        return None
    return companion_releases[position]


def raise_bounds(
    pyproject_text: str, bounds: NewBounds, companions: Mapping[str, NewBounds] | None = None
) -> str:
    """``pyproject_text`` with botocore's requirement at ``bounds`` and each companion's
    (``boto3``, ``awscli``, where present and given) at its own."""
    if "botocore" not in current_bounds(pyproject_text):
        raise BotoportError("pyproject.toml has no botocore requirement with bounds to raise")
    wanted = {"botocore": bounds, **(companions or {})}

    def edit(match: re.Match[str]) -> str:
        target = wanted.get(match["name"])
        if target is None or _commented(pyproject_text, match.start()):
            return match[0]
        spec = match["spec"]
        if target.lower is not None:
            spec = _LOWER.sub(lambda m: m[1] + str(target.lower), spec, count=1)
        spec = _UPPER.sub(lambda m: m[1] + target.upper, spec, count=1)
        return match["head"] + spec + match["q"]

    return _QUOTED.sub(edit, pyproject_text)


def _commented(text: str, at: int) -> bool:
    """True when the position is inside a ``#`` comment (TOML has no ``#`` in these strings)."""
    return "#" in text[text.rfind("\n", 0, at) + 1 : at]


def current_bounds(pyproject_text: str) -> dict[str, tuple[str | None, str | None]]:
    """``{name: (lower, upper)}`` of the first requirement string of botocore, boto3 and
    awscli, as written (commented-out lines left out)."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for match in _QUOTED.finditer(pyproject_text):
        if match["name"] in found or _commented(pyproject_text, match.start()):
            continue
        lower, upper = _LOWER.search(match["spec"]), _UPPER.search(match["spec"])
        found[match["name"]] = (lower[2] if lower else None, upper[2] if upper else None)
    return found
