"""Writing files so that no reader ever sees half of one."""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import stat
import tempfile
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from botoport.errors import BotoportError


def write_atomically(path: Path, text: str | bytes, mode: int | None = None) -> None:
    """Replace a file's text (or bytes) through a temporary file and a rename: never
    half-written. ``mode`` sets the new file's permission bits (default: private to the user,
    as the cache wants); OSError as the file system gives it."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    temporary = _temporary_beside(path, data, mode)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _temporary_beside(path: Path, data: bytes, mode: int | None) -> Path:
    """``data`` in a new temporary file in ``path``'s folder (``mode`` its permission bits;
    mkstemp's private ones when None), ready to be renamed over ``path``."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def replace_user_file(path: Path, text: str) -> None:
    """Write one of the user's files (``pyproject.toml``, ``test_patches.py``, a report) as
    :func:`write_all` writes a set of them."""
    write_all({path: text})


@dataclass
class Written:
    """Files :func:`write_all` replaced, with what they held, so that a step that fails after
    the writing (``uv lock``) can put every one of them back."""

    originals: list[tuple[Path, bytes | None, int]] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)  # made for new files, outermost first

    def restore(self) -> None:
        """Each file back as it was (a file that did not exist removed, and the folders made
        for it)."""
        for target, original, mode in reversed(self.originals):
            if original is None:
                target.unlink(missing_ok=True)
            else:
                write_atomically(target, original, mode)
        for folder in reversed(self.folders):
            with contextlib.suppress(OSError):
                folder.rmdir()


def write_all(files: Mapping[Path, str], *, make_folders: bool = False) -> Written:
    """Write the user's files all or none: each through a symlink to its target, keeping its
    permission bits, its line endings (CRLF stays CRLF), its encoding (a BOM, a PEP 263
    ``coding:`` line) — a new file gets the umask's bits, UTF-8 and LF. Every file is first
    written beside its target; only when all of them are there are they moved into place (a
    failure then puts back those already moved). BotoportError naming the file that cannot be
    written; nothing has changed then."""
    staged: list[tuple[Path, Path, bytes | None, int]] = []
    written = Written()
    try:
        for path, text in files.items():
            if make_folders:
                written.folders += _folders_for(path)
            staged.append(_stage(path, text))
    except BotoportError:
        for _, temporary, _, _ in staged:
            temporary.unlink(missing_ok=True)
        written.restore()
        raise
    for index, (target, temporary, original, mode) in enumerate(staged):
        try:
            os.replace(temporary, target)
        except BaseException as exc:  # an interrupt, too, leaves the set whole or untouched
            for _, left, _, _ in staged[index:]:
                left.unlink(missing_ok=True)
            written.restore()
            if not isinstance(exc, OSError):
                raise
            raise BotoportError(f"cannot write {target}: {_reason(exc)}") from None
        written.originals.append((target, original, mode))
    return written


def _folders_for(path: Path) -> list[Path]:
    """Make the folders a new file needs (a new mirror of botocore's tests); those made,
    outermost first."""
    missing = [p for p in reversed(path.parents) if not p.exists()]
    made: list[Path] = []
    try:
        for folder in missing:
            folder.mkdir()
            made.append(folder)
    except OSError as exc:
        for folder in reversed(made):
            folder.rmdir()
        raise BotoportError(f"cannot write {path}: {_reason(exc)}") from None
    return made


def _stage(path: Path, text: str) -> tuple[Path, Path, bytes | None, int]:
    """``text`` encoded like the file it replaces, written to a temporary file beside it:
    (target, temporary file, the target's bytes before, its mode)."""
    try:
        target = path.resolve(strict=False) if path.is_symlink() else path
        try:
            original: bytes | None = target.read_bytes()
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            original, mode = None, 0o666 & ~_umask()
        data = encoded_like(original, text, target.suffix == ".py")
        temporary = _temporary_beside(target, data, mode)
    except (OSError, RuntimeError, UnicodeEncodeError) as exc:  # RuntimeError: a symlink loop
        raise BotoportError(f"cannot write {path}: {_reason(exc)}") from None
    return target, temporary, original, mode


def encoded_like(original: bytes | None, text: str, python: bool) -> bytes:
    """``text`` (read with universal newlines) as bytes laid out like ``original``: its line
    ending and its encoding (a Python file's PEP 263 declaration or BOM; else UTF-8, with the
    BOM when it had one)."""
    if original is None:
        return text.encode("utf-8")
    if b"\r\n" in original:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    encoding = "utf-8-sig" if original.startswith(codecs.BOM_UTF8) else "utf-8"
    if python:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(original).readline)
    return text.encode(encoding)


def decoded(data: bytes, python: bool) -> str:
    """A file's text as botoport reads it: decoded by its PEP 263 declaration (Python) or as
    UTF-8, a BOM dropped, every line ending read as ``\\n``. UnicodeDecodeError or
    SyntaxError (a bad declaration) when it cannot be."""
    encoding = "utf-8-sig"
    if python:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
