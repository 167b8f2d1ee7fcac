"""The bounds an aiobotocore project declares, read and raised in one place.

Reading parses ``pyproject.toml`` (TOML, then PEP 508 requirements: ``packaging``) or an old
release's ``setup.py``. Raising edits the version numbers inside the quoted ``botocore`` (and
``boto3``/``awscli``) requirement strings, every other byte kept, as the maintainers write
them. The companion rule — which boto3 and awscli release goes with a botocore release — is
:func:`companion_version`, used by ``sync`` to write the bounds and by ``botoport-bump`` to
check them. Pure: text in, data out.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from botoport.errors import BotoportError, first_line
from botoport.mirror.trees import PYPROJECT_PATH, SourceTree
from botoport.versions import sort_releases
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

COMPANIONS = ("boto3", "awscli")


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
    found = bounds_of(tree.read)
    if found is None:
        raise BotoportError(f"{PYPROJECT_PATH} is missing from the aiobotocore tree")
    return found


def bounds_of(read: Callable[[str], str | None], prefix: str = "") -> Bounds | None:
    """The botocore bounds of a tree or revision read through ``read``: its
    ``pyproject.toml``, else (an old release) its ``setup.py``; None when it has neither.
    Errors name the file with ``prefix`` (``HEAD:``)."""
    text = read(PYPROJECT_PATH)
    setup = read("setup.py")
    if text is None and setup is None:
        return None
    try:
        return botocore_bounds(text or "", f"{prefix}{PYPROJECT_PATH}")
    except BotoportError:
        if setup is None:
            raise
        return setup_bounds(setup, f"{prefix}setup.py")


# A quoted string (a TOML string of the requirement lists); which are requirements of the
# projects is for ``packaging`` to say.
_QUOTED = re.compile(r"""(?P<q>["'])(?P<body>(?:(?!(?P=q))[^\n])*)(?P=q)""")
# One version clause of a specifier: ``>= 1.42.0``.
_CLAUSE = re.compile(r"(?P<op>===|==|~=|!=|<=|>=|<|>)(?P<space>\s*)(?P<version>[^,;\s)]+)")
# Where the name (and extras) of a requirement ends and its specifier starts.
_NAME = re.compile(r"^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*")


@dataclass(frozen=True)
class NewBounds:
    """botocore admitting up to ``newest`` and nothing newer (``< upper``), from ``lower``
    (None leaves the lower bound as it is)."""

    lower: str | None
    newest: str

    @property
    def upper(self) -> str:
        """The ``<`` bound: the next patch release after ``newest``."""
        return next_patch(self.newest)


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
    (``boto3``, ``awscli``, where present and given) at its own. Every requirement of the
    project is edited however it is spelt (``BotoCore``, ``botocore[crt]``, a marker,
    ``botocore (>=a,<b)``, listed once per marker), and only its version numbers move: ``<``
    becomes the next patch after the newest release, ``<=`` and a pin (``==``, ``===``) the
    newest itself, ``>=`` the new lower bound. BotoportError, nothing edited, when a bound
    cannot be raised (``~=``, a wildcard pin) or the result would not admit the newest."""
    wanted = {"botocore": bounds, **(companions or {})}
    edited: set[str] = set()

    def edit(match: re.Match[str]) -> str:
        name = _requirement_name(match["body"])
        target = wanted.get(name or "")
        if name is None or target is None or _commented(pyproject_text, match.start()):
            return match[0]
        edited.add(name)
        body = _raised(match["body"], target)
        return match["q"] + body + match["q"]

    raised = _QUOTED.sub(edit, pyproject_text)
    if "botocore" not in edited:
        raise BotoportError("pyproject.toml has no botocore requirement with bounds to raise")
    return raised


def _requirement_name(text: str) -> str | None:
    """The canonical project name of a requirement string with a specifier, else None."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None
    if not requirement.specifier:
        return None
    return requirement.name.lower().replace("_", "-")


def _raised(requirement: str, target: NewBounds) -> str:
    """The requirement string with its version clauses moved to ``target``."""
    name = _NAME.match(requirement)
    start = name.end() if name else 0
    end = requirement.find(";") if ";" in requirement else len(requirement)
    spec = requirement[start:end]

    def clause(match: re.Match[str]) -> str:
        operator, version = match["op"], match["version"]
        if operator == ">=" and target.lower is not None:
            version = target.lower
        elif operator == "<":
            version = target.upper
        elif operator in ("<=", "==", "==="):
            if "*" in version:
                raise BotoportError(f"cannot raise the pin {requirement!r}: write >=, < bounds")
            version = target.newest
        elif operator == "~=":
            raise BotoportError(f"cannot raise {requirement!r} (~=): write >=, < bounds")
        return f"{operator}{match['space']}{version}"

    new = requirement[:start] + _CLAUSE.sub(clause, spec) + requirement[end:]
    if not Requirement(new).specifier.contains(target.newest, prereleases=True):
        raise BotoportError(f"{requirement!r} raised to {new!r} would not admit {target.newest}")
    return new


def _commented(text: str, at: int) -> bool:
    """True when the position is inside a ``#`` comment (TOML has no ``#`` in these strings)."""
    return "#" in text[text.rfind("\n", 0, at) + 1 : at]


def companion_targets(
    base_pyproject: str,
    botocore_lower: str | None,
    to_v: str,
    botocore_releases: list[str],
    companion_releases: Callable[[str], list[str]],
) -> dict[str, NewBounds | None]:
    """The bounds each companion (boto3, awscli) the base ``pyproject.toml`` declares with a
    lower bound must have once botocore admits up to ``to_v`` (and, when ``botocore_lower``
    is given, from it): placed by :func:`companion_version`, anchored on the base's own
    botocore and companion lower bounds. A companion's lower bound moves only with
    botocore's. None for a companion whose releases cannot be aligned (a list that cannot
    be read, a release missing from one)."""
    old_lower = botocore_bounds(base_pyproject).lower
    targets: dict[str, NewBounds | None] = {}
    for name, declared in companion_bounds(base_pyproject).items():
        if declared.lower is None or old_lower is None:
            continue
        anchor = (old_lower, declared.lower)
        releases = companion_releases(name)
        at_to = companion_version(to_v, anchor, botocore_releases, releases)
        lower = declared.lower
        if botocore_lower is not None:
            lower = companion_version(botocore_lower, anchor, botocore_releases, releases) or ""
        targets[name] = NewBounds(lower, at_to) if at_to and lower else None
    return targets
