"""Release numbers: what counts as one, and their order. (Bounds are :mod:`botoport.bounds`.)"""

from __future__ import annotations

import re
from collections.abc import Iterable

from botoport.errors import BotoportError
from packaging.version import Version

# A release as botocore tags it: digits and dots only, so it can never be read as a git option.
_RELEASE = re.compile(r"^[0-9]+(?:\.[0-9]+){1,3}$")


def is_release(text: str) -> bool:
    """Whether ``text`` is a release number (``1.42.84``)."""
    return bool(_RELEASE.fullmatch(text or ""))


def release(text: str, what: str = "version") -> str:
    """``text`` if it is a release number (``1.42.84``); BotoportError naming it otherwise."""
    if not _RELEASE.fullmatch(text or ""):
        raise BotoportError(f"{what} {text!r} is not a botocore release number such as 1.42.84")
    return text


def sort_releases(versions: Iterable[str]) -> list[str]:
    """Release numbers sorted oldest first; anything else dropped."""
    return sorted((v for v in versions if _RELEASE.fullmatch(v)), key=Version)
