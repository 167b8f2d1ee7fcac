"""Read-only views of an aiobotocore tree as the core sees it: the protocol every source of
files follows, and trees held in memory. Pure: no disk, no git (a checkout on disk is
:mod:`botoport.sources.checkout`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol

from botoport.mirror.paths import is_package_file

PATCHES_PATH = "tests/test_patches.py"
PYPROJECT_PATH = "pyproject.toml"


class SourceTree(Protocol):
    """Text files of an aiobotocore tree, by POSIX path relative to its root."""

    def python_files(self) -> Iterator[str]:
        """Paths of every ``aiobotocore/**/*.py`` file."""
        ...

    def read(self, path: str) -> str | None:
        """The text of ``path``, or None when the tree has no such file."""
        ...


class MemoryTree:
    """A tree given as ``{path: text}``; what tests and replays of history use."""

    def __init__(self, files: Mapping[str, str]) -> None:
        self._files = dict(files)

    def python_files(self) -> Iterator[str]:
        """Paths of every ``aiobotocore/**/*.py`` file, sorted."""
        return iter(sorted(p for p in self._files if is_package_file(p)))

    def read(self, path: str) -> str | None:
        """The text of ``path`` or None."""
        return self._files.get(path)


class OverlayTree:
    """A tree with some files replaced (or added): what a run has planned to write, read
    before it is written."""

    def __init__(self, base: SourceTree, files: Mapping[str, str]) -> None:
        self.base, self._files = base, dict(files)

    def python_files(self) -> Iterator[str]:
        """The base's package files and the planned ones, sorted."""
        planned = {p for p in self._files if is_package_file(p)}
        return iter(sorted(set(self.base.python_files()) | planned))

    def read(self, path: str) -> str | None:
        """The planned text of ``path``, else the base's."""
        return self._files[path] if path in self._files else self.base.read(path)
