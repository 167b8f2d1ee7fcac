"""Versions and the botocore bounds of an aiobotocore ``pyproject.toml``."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from botoport.errors import BotoportError, first_line
from botoport.mirror.trees import PYPROJECT_PATH, SourceTree
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

# A release as botocore tags it: digits and dots only, so it can never be read as a git option.
_RELEASE = re.compile(r"^[0-9]+(?:\.[0-9]+){1,3}$")


def release(text: str, what: str = "version") -> str:
    """``text`` if it is a release number (``1.42.84``); BotoportError naming it otherwise."""
    if not _RELEASE.fullmatch(text or ""):
        raise BotoportError(f"{what} {text!r} is not a botocore release number such as 1.42.84")
    return text


def sort_releases(versions: Iterable[str]) -> list[str]:
    """Release numbers sorted oldest first; anything else dropped."""
    return sorted((v for v in versions if _RELEASE.fullmatch(v)), key=Version)


@dataclass(frozen=True)
class Bounds:
    """``botocore >= lower, < upper`` as found in a pyproject (either may be None)."""

    specifier: SpecifierSet

    @property
    def lower(self) -> str | None:
        """The ``>=`` bound."""
        return _bound(self.specifier, (">=",))

    @property
    def upper(self) -> str | None:
        """The ``<`` bound."""
        return _bound(self.specifier, ("<",))

    def newest_admitted(self, releases: Iterable[str]) -> str | None:
        """The greatest release the bounds admit."""
        admitted = [v for v in sort_releases(releases) if self.specifier.contains(v)]
        return admitted[-1] if admitted else None


def _bound(spec: SpecifierSet, operators: tuple[str, ...]) -> str | None:
    for item in spec:
        if item.operator in operators:
            return item.version
    return None


def botocore_bounds(pyproject_text: str, where: str = "pyproject.toml") -> Bounds:
    """The botocore requirement of ``[project].dependencies``; BotoportError naming ``where``."""
    try:
        data = tomllib.loads(pyproject_text)
    except tomllib.TOMLDecodeError as exc:
        raise BotoportError(f"{where} is not valid TOML: {exc}") from None
    deps = data.get("project", {}).get("dependencies", [])
    if not isinstance(deps, list):
        raise BotoportError(f"{where}: [project].dependencies is not a list")
    for dep in deps:
        try:
            req = Requirement(str(dep))
        except InvalidRequirement as exc:
            raise BotoportError(f"{where}: bad requirement {dep!r}: {first_line(exc)}") from None
        if req.name.lower() == "botocore":
            return Bounds(req.specifier)
    raise BotoportError(f"{where} has no botocore requirement in [project].dependencies")


_SETUP_REQUIREMENT = re.compile(r"^botocore\s*[<>=!~]")


def setup_bounds(setup_text: str, where: str = "setup.py") -> Bounds:
    """The botocore requirement string of an old, setup.py-only aiobotocore release: the first
    string literal that is one (parsed, never run; comments are not code)."""
    import ast

    try:
        tree = ast.parse(setup_text)
    except (SyntaxError, ValueError, RecursionError) as exc:
        raise BotoportError(f"{where} does not parse: {first_line(exc)}") from None
    found = next(
        (
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _SETUP_REQUIREMENT.match(node.value)
        ),
        None,
    )
    if found is None:
        raise BotoportError(f"{where} has no botocore requirement")
    try:
        return Bounds(Requirement(found).specifier)
    except InvalidRequirement as exc:
        raise BotoportError(f"{where}: bad requirement {found!r}: {first_line(exc)}") from None


def companion_bounds(pyproject_text: str) -> dict[str, Bounds]:
    """Bounds of ``boto3`` and ``awscli`` in ``[project.optional-dependencies]``, where present."""
    try:
        extras = tomllib.loads(pyproject_text).get("project", {}).get("optional-dependencies", {})
    except tomllib.TOMLDecodeError:
        return {}
    found: dict[str, Bounds] = {}
    for requirements in extras.values() if isinstance(extras, dict) else ():
        for text in requirements if isinstance(requirements, list) else ():
            try:
                req = Requirement(str(text))
            except InvalidRequirement:
                continue
            if req.name.lower() in ("boto3", "awscli"):
                found[req.name.lower()] = Bounds(req.specifier)
    return found


def tree_bounds(tree: SourceTree) -> Bounds:
    """The botocore bounds of the tree's ``pyproject.toml`` (``setup.py`` for old releases)."""
    text = tree.read(PYPROJECT_PATH)
    setup = tree.read("setup.py")
    if text is None and setup is None:
        raise BotoportError(f"{PYPROJECT_PATH} is missing from the aiobotocore tree")
    try:
        return botocore_bounds(text or "", PYPROJECT_PATH)
    except BotoportError:
        if setup is None:
            raise
        return setup_bounds(setup)
