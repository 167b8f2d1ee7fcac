"""botoport's settings: flags, then environment variables, then ``[tool.botoport]`` in the
aiobotocore ``pyproject.toml``, then defaults — the first that sets a value wins.

Every value carries where it came from, which ``botoport config`` prints.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botoport.cache.folder import user_cache_dir
from botoport.errors import BotoportError
from botoport.versions import release

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

DEFAULT_BOTOCORE_URL = "https://github.com/boto/botocore.git"
DEFAULT_TIMEOUT = 30.0
_REVIEWED = re.compile(r"^[A-Za-z_][\w.]*@(?P<version>[0-9]+(?:\.[0-9]+){1,3})$")


@dataclass(frozen=True)
class Setting:
    """One setting's value and where it came from (``default``, ``$VAR``, a file, ``--flag``)."""

    value: Any
    origin: str


def _text(key: str, value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BotoportError(f"{where}: {key} must be a non-empty string, not {value!r}")
    if value.strip().startswith("-"):
        raise BotoportError(f"{where}: {key} {value!r} must not start with '-'")
    return value.strip()


def _seconds(key: str, value: Any, where: str) -> float:
    try:
        seconds = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        seconds = 0.0
    if isinstance(value, bool) or not 0 < seconds <= 3600:
        raise BotoportError(f"{where}: {key} must be a number of seconds (0-3600], not {value!r}")
    return seconds


def _url(key: str, value: Any, where: str) -> str:
    text = _text(key, value, where)
    if not re.match(r"^(https?|file|ssh|git)://|^[\w.-]+@[\w.-]+:", text):
        raise BotoportError(f"{where}: {key} {text!r} is not a URL")
    return text.rstrip("/")


def _reviewed(key: str, value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise BotoportError(f"{where}: {key} must be a list of 'Name@version' strings")
    for item in value:
        if not isinstance(item, str) or not _REVIEWED.match(item):
            raise BotoportError(
                f"{where}: {key} entry {item!r} is not 'Class.method@1.42.89' (name@release)"
            )
    return tuple(value)


def _parallel(key: str, value: Any, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict) or not all(
        isinstance(cls, str)
        and cls.isidentifier()
        and isinstance(impls, list)
        and impls
        and all(isinstance(i, str) and i.isidentifier() for i in impls)
        for cls, impls in value.items()
    ):
        raise BotoportError(
            f"{where}: {key} must be a table of botocore class = [aiobotocore classes], "
            'e.g. { URLLib3Session = ["AIOHTTPSession"] }'
        )
    return {cls: tuple(impls) for cls, impls in value.items()}


def _target(key: str, value: Any, where: str) -> str:
    return release(_text(key, value, where), f"{where}: {key}")


@dataclass(frozen=True)
class _Key:
    parse: Callable[[str, Any, str], Any]
    env: str | None
    help: str
    # An empty variable is an error, not "unset": a CI line whose version input is empty
    # must not fall back to the newest release.
    empty_refused: bool = False


KEYS: dict[str, _Key] = {
    "botocore-clone": _Key(
        _text,
        "BOTOPORT_BOTOCORE_CLONE",
        "a botocore clone to read (never modified), or 'auto' for a managed blob-less clone "
        "in the cache; unset: releases from the package index",
    ),
    "botocore-url": _Key(_url, "BOTOPORT_BOTOCORE_URL", "where 'auto' clones botocore from"),
    "index-url": _Key(
        _url,
        "BOTOPORT_INDEX_URL",
        "the package index (default: the one pip is configured with, else PyPI)",
    ),
    "cache-dir": _Key(_text, "BOTOPORT_CACHE_DIR", "releases, tables and the managed clone"),
    "target": _Key(_target, "BOTOPORT_TARGET", "TO when none is given: a botocore release", True),
    "download-timeout": _Key(
        _seconds,
        "BOTOPORT_DOWNLOAD_TIMEOUT",
        f"seconds one download or git fetch may take in all (default {DEFAULT_TIMEOUT:g})",
    ),
    "parallel": _Key(
        _parallel,
        None,
        "botocore classes aiobotocore re-implements without subclassing: their changes are notes",
    ),
    "reviewed": _Key(
        _reviewed, None, "ambiguous functions acknowledged as reviewed: ['Name@release']"
    ),
}


@dataclass(frozen=True)
class Config:
    """The settings in force, each with its origin; ``None`` values mean "use the default"."""

    settings: Mapping[str, Setting]

    def __getitem__(self, key: str) -> Any:
        return self.settings[key].value

    def download_timeout(self) -> float:
        """Seconds one download or git fetch may take in all."""
        return float(self["download-timeout"] or DEFAULT_TIMEOUT)

    def cache_dir(self) -> Path:
        """The cache folder: the setting, else the platform's user cache folder."""
        value = self["cache-dir"]
        return Path(value).expanduser() if value else user_cache_dir()

    def as_rows(self) -> list[tuple[str, str, str]]:
        """``(key, value, origin)`` per key, for ``botoport config``."""
        return [(key, _show(s.value), s.origin) for key, s in self.settings.items()]


def _show(value: Any) -> str:
    if value is None:
        return "(unset)"
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    return str(value)


def pyproject_section(text: str | None, where: str) -> dict[str, Any]:
    """``[tool.botoport]`` of a pyproject's text (empty when absent)."""
    if text is None:
        return {}
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BotoportError(f"{where} is not valid TOML: {exc}") from None
    section = data.get("tool", {}).get("botoport", {})
    if not isinstance(section, dict):
        raise BotoportError(f"{where}: [tool.botoport] is not a table")
    return section


def load_config(
    flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    pyproject_text: str | None = None,
    pyproject_where: str = "pyproject.toml",
    flags_where: str = "--{key}",
) -> Config:
    """Resolve every key: flag, then environment variable, then ``[tool.botoport]``, then default.

    An unknown ``[tool.botoport]`` key or a bad value anywhere is a BotoportError naming it
    (a flag as ``flags_where`` names it: the editor's settings are not command-line flags).
    """
    flags = flags or {}
    env = os.environ if environ is None else environ
    section = pyproject_section(pyproject_text, pyproject_where)
    unknown = sorted(set(section) - set(KEYS))
    if unknown:
        raise BotoportError(
            f"{pyproject_where}: unknown key [tool.botoport] {unknown[0]!r} "
            f"(known: {', '.join(KEYS)})"
        )
    settings = {}
    for key, spec in KEYS.items():
        settings[key] = _resolve(key, spec, flags, env, section, pyproject_where, flags_where)
    return Config(settings)


def _resolve(
    key: str,
    spec: _Key,
    flags: Mapping[str, Any],
    env: Mapping[str, str],
    section: Mapping[str, Any],
    pyproject_where: str,
    flags_where: str = "--{key}",
) -> Setting:
    if key in section:
        # A bad value in the file is an error even where a flag or variable overrides it.
        spec.parse(key, section[key], f"{pyproject_where} [tool.botoport]")
    if flags.get(key) is not None:
        where = flags_where.format(key=key)
        return Setting(spec.parse(key, flags[key], where), where)
    if spec.env and (env.get(spec.env) or (spec.empty_refused and spec.env in env)):
        where = f"${spec.env}"
        return Setting(spec.parse(key, env[spec.env], where), where)
    if key in section:
        where = f"{pyproject_where} [tool.botoport]"
        return Setting(spec.parse(key, section[key], where), where)
    return Setting({"reviewed": (), "parallel": {}}.get(key), "default")
