"""What every botocore source offers (a clone, a managed clone, the package index), and the
one way a wanted release is looked up: ask again once when it is missing, then fail naming it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from botoport.errors import BotoportError


class BotocoreSource(Protocol):
    """Released botocore source, file by file."""

    def releases(self) -> list[str]:
        """Every release available, oldest first."""
        ...

    def changed_files(self, from_version: str, to_version: str) -> list[str]:
        """``botocore/**/*.py`` paths (``botocore/data`` excluded) that differ between releases."""
        ...

    def read(self, version: str, path: str) -> str | None:
        """A file's text at a release, or None when the release has no such file."""
        ...

    def yanked(self) -> set[str]:
        """Releases withdrawn from the source: used only when asked for by exact version."""
        ...

    def missing(self, version: str) -> str:
        """What to say when ``version`` is not a release of this source (naming the source)."""
        ...

    def refresh(self) -> None:
        """Look again for releases published since the source was opened (may be a no-op)."""
        ...


def require_releases(source: BotocoreSource, versions: Iterable[str]) -> list[str]:
    """The source's releases, refreshed once when any of ``versions`` is not among them;
    BotoportError naming the first one still missing."""
    wanted = list(versions)
    releases = source.releases()
    if not set(wanted) <= set(releases) | source.yanked():
        source.refresh()
        releases = source.releases()
    available = set(releases) | source.yanked()
    for version in wanted:
        if version not in available:
            raise BotoportError(source.missing(version))
    return releases


def known_releases(source: BotocoreSource) -> list[str]:
    """The source's releases; BotoportError when it has none at all."""
    releases = source.releases()
    if not releases:
        source.refresh()
        releases = source.releases()
    if not releases:
        raise BotoportError("botocore clone missing or tag unavailable: no release tags")
    return releases
