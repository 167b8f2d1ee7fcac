"""An aiobotocore checkout on disk: finding it, reading its files, and naming paths in it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from botoport.errors import BotoportError
from botoport.fileio import decoded
from botoport.mirror.trees import PATCHES_PATH


class DirectoryTree:
    """An aiobotocore checkout on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def python_files(self) -> Iterator[str]:
        """Paths of every ``aiobotocore/**/*.py`` file, sorted."""
        package = self.root / "aiobotocore"
        return iter(sorted(p.relative_to(self.root).as_posix() for p in package.rglob("*.py")))

    def read(self, path: str) -> str | None:
        """The text of ``path`` or None; an unreadable file is a BotoportError naming it."""
        file = self.root / path
        if not file.is_file():
            if file.is_symlink() or file.is_dir():
                what = "a directory" if file.is_dir() else "a symlink to nothing (or a loop)"
                raise BotoportError(f"cannot read {file}: it is {what}")
            return None
        try:
            return decoded(file.read_bytes(), file.suffix == ".py")
        except (OSError, UnicodeDecodeError, SyntaxError) as exc:
            raise BotoportError(f"cannot read {file}: {exc}") from None


def paths_in_tree(root: Path, filenames: Iterable[str], cwd: Path | None = None) -> list[str]:
    """Files named on a command line (relative to ``cwd``, as pre-commit passes them from the
    repository's top) as paths relative to the tree's ``root``; files outside it are left out."""
    base = (cwd or Path.cwd()).resolve()
    found = []
    for name in filenames:
        try:
            found.append((base / name).resolve().relative_to(root.resolve()).as_posix())
        except (ValueError, OSError, RuntimeError):
            continue
    return found


def find_checkout(start: Path | None) -> DirectoryTree:
    """Locate the aiobotocore checkout: ``start`` (a checkout or its ``aiobotocore/`` folder),
    or the git repository around the current directory."""
    if start is None:
        start = _git_toplevel(Path.cwd())
    try:
        start = start.resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise BotoportError(f"aiobotocore root {start} cannot be resolved: {exc}") from None
    if not start.is_dir():
        raise BotoportError(f"aiobotocore root {start} is not a directory")
    start = named_root(start)
    if not (start / "aiobotocore").is_dir():
        raise BotoportError(f"{start} holds no aiobotocore/ package folder")
    if not (start / PATCHES_PATH).is_file():
        raise BotoportError(f"{start / PATCHES_PATH} is missing: not an aiobotocore checkout")
    return DirectoryTree(start)


def named_root(folder: Path) -> Path:
    """The checkout a folder named on the command line stands for: itself, or its parent when
    it is the checkout's ``aiobotocore/`` package folder."""
    if folder.name == "aiobotocore" and not (folder / "aiobotocore").is_dir():
        return folder.parent
    return folder


def _git_toplevel(cwd: Path) -> Path:
    from git import InvalidGitRepositoryError, NoSuchPathError, Repo

    try:
        repo = Repo(cwd, search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        raise BotoportError(
            f"{cwd} is not inside a git repository: pass --aiobotocore-root"
        ) from None
    if repo.working_tree_dir is None:
        raise BotoportError(f"{cwd} is a bare repository: pass --aiobotocore-root")
    return Path(repo.working_tree_dir)
