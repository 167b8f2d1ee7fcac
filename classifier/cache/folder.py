"""The cache folder as a whole: what is in it, how big it is, clearing it.

``releases/`` holds botocore and aiobotocore releases from the index (Python files only),
``tables/`` parsed function tables by blob SHA, ``botocore.git`` the managed clone,
``sources/`` botocore files the language server opened read-only for the editor.
"""

from __future__ import annotations

import shutil
from pathlib import Path

RELEASES = "releases"
TABLES = "tables"
MANAGED_CLONE = "botocore.git"
EDITOR_SOURCES = "sources"
PARTS = (RELEASES, TABLES, MANAGED_CLONE, EDITOR_SOURCES)


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


def clear_cache(cache_dir: Path) -> int:
    """Remove every part of the cache; return the bytes freed. Files botoport did not make stay."""
    freed = sum(cache_sizes(cache_dir).values())
    for part in PARTS:
        shutil.rmtree(cache_dir / part, ignore_errors=True)
    return freed
