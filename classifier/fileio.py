"""Writing files so that no reader ever sees half of one."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from botoport.errors import BotoportError


def write_atomically(path: Path, text: str | bytes, mode: int | None = None) -> None:
    """Replace a file's text (or bytes) through a temporary file and a rename: never
    half-written. ``mode`` sets the new file's permission bits (default: private to the user,
    as the cache wants); OSError as the file system gives it."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(text, bytes):
            with os.fdopen(handle, "wb") as binary:
                binary.write(text)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_user_file(path: Path, text: str) -> None:
    """Write one of the user's files (``pyproject.toml``, ``test_patches.py``, a report): through
    a symlink to its target, keeping the file's permission bits (a new file gets the umask's),
    never half-written; BotoportError naming the file when it cannot be written."""
    try:
        target = path.resolve(strict=False) if path.is_symlink() else path
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        write_atomically(target, text, mode)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on older Pythons
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BotoportError(f"cannot write {path}: {reason}") from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
