"""The cache folder as a whole: what is in it, how big it is, clearing it.

``releases/`` holds botocore and aiobotocore releases from the index (Python files only),
``tables/`` parsed function tables by blob SHA, ``botocore.git`` the managed clone,
``sources/`` botocore files the language server opened read-only for the editor, ``reports/``
reports already computed, by the inputs they were computed from.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from botoport.errors import BotoportError

RELEASES = "releases"
TABLES = "tables"
MANAGED_CLONE = "botocore.git"
EDITOR_SOURCES = "sources"
REPORTS = "reports"
PARTS = (RELEASES, TABLES, MANAGED_CLONE, EDITOR_SOURCES, REPORTS)
MARKER = ".botoport"  # in each part botoport made: what `cache clear` may remove


def claim(part: Path) -> Path:
    """Create a part of the cache (if needed) and mark it as botoport's; returns it."""
    part.mkdir(parents=True, exist_ok=True)
    marker = part / MARKER
    if not marker.exists():
        marker.write_text("made by botoport; `botoport cache clear` removes this folder\n")
    return part


def sweep_stale_temporaries(folder: Path, pattern: str, older_than: float = 3600) -> None:
    """Remove what an interrupted run (``kill -9``) left behind: entries matching ``pattern``
    not touched for ``older_than`` seconds (younger ones may belong to a run in progress)."""
    import time

    cutoff = time.time() - older_than
    for leftover in folder.glob(pattern):
        try:
            if leftover.stat().st_mtime < cutoff:
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError:
            pass


def user_cache_dir() -> Path:
    """The platform's user cache folder for botoport (the default ``cache-dir``)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("botoport"))


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def cache_sizes(cache_dir: Path) -> dict[str, int]:
    """Bytes used by each part of the cache (0 for a part not there)."""
    return {part: _size(cache_dir / part) if (cache_dir / part).exists() else 0 for part in PARTS}


def clear_cache(cache_dir: Path) -> tuple[int, list[str]]:
    """Remove the parts of the cache botoport made (marked, or anything in botoport's own
    platform folder); return the bytes freed and the parts left because botoport did not
    make them. Files outside the parts are never touched."""
    ours_entirely = cache_dir.resolve() == user_cache_dir().resolve()
    freed, left = 0, []
    for part in PARTS:
        folder = cache_dir / part
        if not folder.exists():
            continue
        if not (ours_entirely or (folder / MARKER).is_file()):
            left.append(part)
            continue
        before = _size(folder)
        shutil.rmtree(folder, ignore_errors=True)
        after = _size(folder) if folder.exists() else 0
        freed += before - after  # what could really be removed (a read-only part stays)
        if after:
            raise BotoportError(f"cannot remove all of {folder}: {after} bytes left (permissions?)")
    return freed, left
