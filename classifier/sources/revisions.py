"""An aiobotocore tree as a git revision holds it, and the range a run compares: a base
revision against the working tree or against a head revision (``--base``/``--head``, or
pre-commit's ``--from-ref``/``--to-ref``).

Revisions are resolved by GitPython's own parser and never handed to a ``git`` command line,
so a revision cannot smuggle in an option.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botoport.errors import BotoportError
from botoport.mirror.paths import is_package_file

ReadFile = Callable[[str], "str | None"]


@dataclass(frozen=True)
class RefRange:
    """What a run compares: ``base`` (a revision; HEAD when None) with ``head`` (a revision,
    or the working tree when None)."""

    base: str | None = None
    head: str | None = None

    @property
    def base_name(self) -> str:
        """The base as a person reads it."""
        return self.base or "HEAD"

    @property
    def head_name(self) -> str:
        """The head as a person reads it."""
        return self.head or "the working tree"


def range_from_environment(
    environ: Mapping[str, str], base: str | None = None, head: str | None = None
) -> RefRange:
    """The range a hook compares: pre-commit's ``--from-ref``/``--to-ref`` when it passes them
    (``PRE_COMMIT_FROM_REF``/``PRE_COMMIT_TO_REF``), else HEAD against the working tree (a
    commit in progress). Explicit ``base``/``head`` win."""
    return RefRange(
        base or environ.get("PRE_COMMIT_FROM_REF") or None,
        head or environ.get("PRE_COMMIT_TO_REF") or None,
    )


def checked_revision(rev: str, flag: str) -> str:
    """``rev`` when it can only be read as a revision; BotoportError naming ``flag`` otherwise."""
    if not rev or rev != rev.strip() or rev.startswith("-") or "\0" in rev:
        raise BotoportError(f"{flag} {rev!r} is not a git revision")
    return rev


def repository_of(root: Path) -> tuple[Any, str]:
    """The git repository holding ``root`` (a ``git.Repo``) and ``root``'s path inside it
    (``""`` at its top, ``vendor/aiobotocore/`` for a tree vendored in a monorepo)."""
    from git import InvalidGitRepositoryError, NoSuchPathError, Repo

    try:
        repo = Repo(root, search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        raise BotoportError(f"{root} is not inside a git repository") from None
    if repo.working_tree_dir is None:
        raise BotoportError(f"{root} is inside a bare git repository")
    try:
        inside = Path(root).resolve().relative_to(Path(repo.working_tree_dir).resolve())
    except (ValueError, OSError, RuntimeError):
        raise BotoportError(f"{root} is not inside a git repository's working tree") from None
    prefix = inside.as_posix()
    return repo, "" if prefix == "." else f"{prefix}/"


def commit_at(root: Path, rev: str, flag: str = "--base") -> Any:
    """The commit ``rev`` names in the repository holding ``root`` (a ``git.Commit``)."""
    from git import BadName
    from git.exc import GitError

    checked_revision(rev, flag)
    repo, _ = repository_of(root)
    try:
        return repo.commit(rev)
    except (BadName, ValueError, GitError):
        raise BotoportError(f"{flag} {rev}: no such revision in {root}") from None


def blob_text(tree: Any, path: str, where: str) -> str | None:
    """The UTF-8 text of ``path`` in a git tree, None when absent."""
    try:
        blob = tree / path
    except KeyError:
        return None
    try:
        text: str = blob.data_stream.read().decode("utf-8")
        return text
    except UnicodeDecodeError:
        raise BotoportError(f"{where}:{path} is not UTF-8 text") from None


class RevisionTree:
    """An aiobotocore tree as the commit ``rev`` of the repository holding ``root`` has it
    (paths are relative to ``root``, which may sit below the repository's top)."""

    def __init__(self, root: Path, rev: str, flag: str = "--head") -> None:
        self.root = root
        self.rev = rev
        _, self._prefix = repository_of(root)
        self._tree = commit_at(root, rev, flag).tree

    def python_files(self) -> Iterator[str]:
        """Paths of every ``aiobotocore/**/*.py`` file at the revision, sorted."""
        try:
            package = self._tree / f"{self._prefix}aiobotocore"
        except KeyError:
            return iter(())
        paths = (item.path.removeprefix(self._prefix) for item in package.traverse())
        return iter(sorted(p for p in paths if is_package_file(p)))

    def read(self, path: str) -> str | None:
        """The text of ``path`` at the revision, or None."""
        return blob_text(self._tree, self._prefix + path, self.rev)

    def blob_id(self, path: str) -> str | None:
        """The git blob id of ``path`` at the revision (None when absent)."""
        try:
            return str((self._tree / (self._prefix + path)).hexsha)
        except KeyError:
            return None


def revision_reader(root: Path, rev: str, flag: str = "--base") -> ReadFile:
    """``path -> text at rev`` (None when absent)."""
    tree = RevisionTree(root, rev, flag)
    return tree.read


def is_tracked(root: Path, path: Path) -> bool:
    """Whether ``path`` is a file the git repository holding ``root`` tracks."""
    repo, _ = repository_of(root)
    try:
        inside = path.resolve().relative_to(Path(str(repo.working_tree_dir)).resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return bool(repo.git.ls_files("--", inside.as_posix()).strip())


def head_reader(root: Path) -> ReadFile:
    """``path -> text at HEAD`` (None when absent or there is no HEAD yet)."""
    if head_commit(root) is None:
        return lambda path: None
    return revision_reader(root, "HEAD")


def head_commit(root: Path) -> str | None:
    """The commit ``HEAD`` names (None before the first commit); BotoportError when ``root``
    is not inside a git repository."""
    from git import BadName

    repo, _ = repository_of(root)
    try:
        return str(repo.head.commit.hexsha)
    except (BadName, ValueError):
        return None


def base_reader(root: Path, compared: RefRange) -> ReadFile:
    """``path -> text`` at the range's base (nothing before the first commit, for HEAD)."""
    if compared.base is None:
        return head_reader(root)
    return revision_reader(root, compared.base, "--base")
