"""How each run picks the botocore range it works on: FROM (what aiobotocore supports now)
and TO (the release it moves to). One policy per kind of run; the first line of each
docstring is the table ``docs/reference.md`` shows (a test keeps the two in step).

Every policy takes the botocore source, the aiobotocore tree and the revisions' texts it
needs, and returns checked releases (both known to the source, FROM not newer than TO).
"""

from __future__ import annotations

from collections.abc import Callable

from botoport.bounds import Bounds, botocore_bounds, bounds_of, tree_bounds
from botoport.errors import BotoportError
from botoport.mirror.trees import PYPROJECT_PATH, SourceTree
from botoport.sources.base import BotocoreSource, known_releases, require_releases
from botoport.versions import release
from packaging.version import Version

ReadFile = Callable[[str], "str | None"]


def check_range(
    source: BotocoreSource, tree: SourceTree, from_v: str | None, to_v: str | None
) -> tuple[str, str]:
    """check: FROM = --from, else the newest release the tree's bounds admit; TO = --to, else
    ``[tool.botoport] target``, else the newest release."""
    releases = known_releases(source)
    if from_v is None:
        from_v = newest_admitted(tree, releases)
    if to_v is None:
        to_v = releases[-1]
    from_v, to_v = release(from_v, "--from"), release(to_v, "--to")
    require_releases(source, (from_v, to_v))
    if Version(from_v) > Version(to_v):
        raise BotoportError(f"--from {from_v} is newer than --to {to_v}")
    return from_v, to_v


def committed_range(
    source: BotocoreSource,
    tree: SourceTree,
    base_pyproject: str | None,
    where: str,
    to_v: str | None = None,
) -> tuple[str, str]:
    """committed (check --base/--head, botoport-bump): FROM = the newest release the base
    revision's bounds admit; TO = --to, else the newest release the head's bounds admit."""
    releases = known_releases(source)
    if base_pyproject is None:
        raise BotoportError(f"{where} is missing")
    from_v = _admitted(botocore_bounds(base_pyproject, where), releases, where)
    return check_range(source, tree, from_v, to_v or newest_admitted(tree, releases))


def working_range(
    source: BotocoreSource,
    tree: SourceTree,
    read_head: ReadFile,
    target: str | None,
    from_v: str | None = None,
) -> tuple[str, str]:
    """working (port, the language server): FROM = --from, else the newest release HEAD's
    bounds admit; TO = --to, else ``target``, else what the working tree's raised bounds
    admit, else the newest release."""
    releases = known_releases(source)
    work = tree_bounds(tree)
    head = bounds_of(read_head, "HEAD:") or work
    if from_v is None:
        from_v = _admitted(head, releases, f"HEAD:{PYPROJECT_PATH}")
    if target is not None:
        to_v = target
    elif head.specifier != work.specifier:
        to_v = newest_admitted(tree, releases)
    else:
        to_v = releases[-1]
    return check_range(source, tree, from_v, to_v)


def sync_range(
    source: BotocoreSource, tree: SourceTree, read_head: ReadFile, to_v: str | None
) -> tuple[str, str]:
    """sync: FROM = the newest release HEAD's bounds admit (the working tree's before the
    first commit); TO = --to, else ``target``, else the newest release."""
    releases = known_releases(source)
    from_v = head_admitted(tree, read_head, releases)
    return from_v, release(to_v, "--to") if to_v else releases[-1]


def drift_version(source: BotocoreSource, tree: SourceTree, version: str | None) -> str:
    """drift (botoport drift, botoport-drift): one release, --botocore-version, else
    ``target``, else the newest release the tree's bounds admit."""
    if version is None:
        return newest_admitted(tree, source.releases())
    version = release(version, "--botocore-version")
    require_releases(source, [version])
    return version


def digests_version(source: BotocoreSource, tree: SourceTree, to_v: str | None) -> str:
    """digests: one release, --to, else ``target``, else the newest release the tree's
    bounds admit (``--explain`` compares it with FROM of the working range)."""
    version = release(to_v, "--to") if to_v else newest_admitted(tree, source.releases())
    require_releases(source, [version])
    return version


def newest_admitted(tree: SourceTree, releases: list[str]) -> str:
    """The newest release the tree's ``pyproject.toml`` admits; BotoportError when none does."""
    return _admitted(tree_bounds(tree), releases, PYPROJECT_PATH)


def head_admitted(tree: SourceTree, read_head: ReadFile, releases: list[str]) -> str:
    """The newest release HEAD's bounds admit (``pyproject.toml``, else ``setup.py``; the
    tree's before the first commit)."""
    head = bounds_of(read_head, "HEAD:")
    if head is None:
        return newest_admitted(tree, releases)
    return _admitted(head, releases, f"HEAD:{PYPROJECT_PATH}")


def _admitted(bounds: Bounds, releases: list[str], where: str) -> str:
    version = bounds.newest_admitted(releases)
    if version is None:
        raise BotoportError(f"no botocore release satisfies the bounds in {where}")
    return version


POLICIES = (
    check_range,
    committed_range,
    working_range,
    sync_range,
    drift_version,
    digests_version,
)
