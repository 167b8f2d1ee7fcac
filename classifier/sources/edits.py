"""What ``botoport drift`` audits: the edits against a git revision, the edits a unified diff
file describes, or every file of the tree.

Only text is read. Revisions are resolved by GitPython's own parser, never handed to a
``git`` command line, so a revision cannot smuggle in an option.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from botoport.cache.parsed import blob_sha
from botoport.drift.compare import EditedFile, edits_between
from botoport.errors import BotoportError
from botoport.mirror.paths import is_package_file
from botoport.mirror.trees import SourceTree
from botoport.sources.checkout import DirectoryTree
from botoport.sources.revisions import RefRange, RevisionTree, head_commit
from botoport.syntax.lines import split_lines

if TYPE_CHECKING:
    from unidiff.patch import PatchedFile


def edits_in_range(
    root: Path, compared: RefRange, paths: Iterable[str] | None = None
) -> list[EditedFile]:
    """The edits of ``aiobotocore/**/*.py`` (or of ``paths``) between the range's base and its
    head (the working tree, or a revision). Before the first commit every file is new.

    A file is read in full only when its blob differs from the one the base holds.
    """
    head: SourceTree = (
        DirectoryTree(root)
        if compared.head is None
        else RevisionTree(root, compared.head, "--head")
    )
    wanted = sorted(p for p in (paths or head.python_files()) if is_package_file(p))
    if compared.base is None and head_commit(root) is None:
        texts = ((p, head.read(p)) for p in wanted)
        return [edits_between(p, None, text) for p, text in texts if text is not None]
    base = RevisionTree(root, compared.base_name, "--base")
    edits = []
    for path in wanted:
        text = head.read(path)
        if text is None:
            continue
        blob_id = base.blob_id(path)
        if blob_id is None:
            edits.append(edits_between(path, None, text))
        elif blob_id != blob_sha(text):
            edits.append(edits_between(path, base.read(path), text))
    return edits


def edits_from_diff(tree: SourceTree, diff_text: str, name: str) -> list[EditedFile]:
    """The edits a unified diff describes, applied to the files of ``tree`` as they stand.

    Every added line of the diff must read the same in the tree (the diff is of the tree's
    current state); a mismatch is a BotoportError naming the diff, the file and the line.
    """
    from unidiff.errors import UnidiffParseError
    from unidiff.patch import PatchSet

    try:
        patch = PatchSet(diff_text)
    except UnidiffParseError as exc:
        raise BotoportError(f"{name} is not a unified diff: {_one_line(exc)}") from None
    if len(patch) == 0:
        raise BotoportError(f"{name} is not a unified diff: no '--- '/'+++ ' file headers")
    for patched in patch:
        if len(patched) == 0 and not patched.is_binary_file:
            raise BotoportError(
                f"{name} is not a unified diff: {patched.path} has no well-formed '@@' hunk"
            )
    edits = []
    for patched in patch:
        path = _strip_prefix(patched.target_file)
        if patched.is_removed_file or not is_package_file(path):
            continue
        text = tree.read(path)
        if text is None:
            raise BotoportError(f"{name} changes {path}, which is not in the tree")
        edits.append(_edited_from_hunks(patched, path, text, name))
    return edits


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _strip_prefix(path: str) -> str:
    return path[2:] if path.startswith(("a/", "b/")) else path


def _edited_from_hunks(patched: PatchedFile, path: str, text: str, name: str) -> EditedFile:
    lines = split_lines(text)
    added: set[int] = set()
    removed: list[tuple[int, str]] = []
    for hunk in patched:
        position = hunk.target_start
        for line in hunk:
            if line.is_added or line.is_context:
                number = line.target_line_no
                assert number is not None  # unidiff numbers added and context lines
                if line.is_added:
                    if number > len(lines) or lines[number - 1] != line.value.rstrip("\r\n"):
                        raise BotoportError(
                            f"{name} does not match {path}:{number} in the tree "
                            "(is the diff applied?)"
                        )
                    added.add(number)
                position = number + 1
            elif line.is_removed:
                removed.append((position, line.value.rstrip("\r\n")))
    return EditedFile(path, text, frozenset(added), tuple(removed))


def whole_tree(tree: SourceTree) -> list[EditedFile]:
    """Every ``aiobotocore/**/*.py`` file, audited in full (``--all``)."""
    files = []
    for path in tree.python_files():
        text = tree.read(path)
        if text is not None:
            files.append(EditedFile(path, text))
    return files


def read_diff_file(path: Path) -> str:
    """The text of a diff file named on the command line (BotoportError if unreadable)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BotoportError(f"cannot read diff file {path}: {exc}") from None
