"""Reports already computed, kept by the inputs they were computed from, so that a warm
``botoport check`` is answered without importing the core (standard library only here).

The key covers what a report depends on: botoport's version; the command line; botoport's and
pip's environment variables; the aiobotocore checkout's files (path, size and modification time
of ``aiobotocore/**/*.py``, ``tests/test_patches.py``, ``pyproject.toml``, ``setup.py``); and
the state of the botocore source (the cached release lists, a clone's refs). When that state
cannot be read cheaply and surely — revisions (``--base``/``--head``), settings in
``[tool.botoport]`` that name a source or the cache, a release list due for a refresh — there
is no key and the run computes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

from botoport.about import __version__

_FRESH_FOR = 3600  # a release list older than this is refreshed by a run: no replay then
_TREE_FILES = ("tests/test_patches.py", "pyproject.toml", "setup.py")
_SOURCE_FILES = ("index-botocore.json", "index-aiobotocore.json", "bounds-aiobotocore.json")


def replay(args: argparse.Namespace) -> int | None:
    """Print a cached report for these inputs and return its exit status; None when there is
    none (or the inputs have no key)."""
    entry = _entry(args)
    if entry is None:
        return None
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
        stdout, stderr, status = data["stdout"], data["stderr"], int(data["status"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    sys.stderr.write(stderr)
    sys.stdout.write(stdout)
    return status


def store(args: argparse.Namespace, stdout: str, stderr: str, status: int) -> None:
    """Keep a computed report for the next run with the same inputs (best effort)."""
    entry = _entry(args)
    if entry is None:
        return
    from botoport.cache.folder import claim
    from botoport.fileio import write_atomically

    try:
        claim(entry.parent.parent)  # the reports part, folders by key prefix inside
        entry.parent.mkdir(exist_ok=True)
        data = {"stdout": stdout, "stderr": stderr, "status": status}
        write_atomically(entry, json.dumps(data))
    except OSError:
        pass  # a read-only cache costs speed, never a result


def _entry(args: argparse.Namespace) -> Path | None:
    if args.base is not None or args.head is not None:
        return None
    cache = _cache_dir(args)
    root = _checkout(args.aiobotocore_root)
    parts: dict[str, object] = {
        "version": __version__,
        "python": sys.version,
        "args": {name: str(value) for name, value in sorted(vars(args).items())},
        "env": sorted((k, v) for k, v in os.environ.items() if k.startswith(("BOTOPORT_", "PIP_"))),
        "cwd": os.getcwd() if root is None else "",
    }
    tree = _tree_signature(root) if root is not None else []
    if tree is None:
        return None
    source = _source_signature(cache, args)
    if source is None:
        return None
    parts["tree"], parts["source"] = tree, source
    key = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return cache / "reports" / key[:2] / f"{key[2:]}.json"


def _cache_dir(args: argparse.Namespace) -> Path:
    value = args.cache_dir or os.environ.get("BOTOPORT_CACHE_DIR")
    if value:
        return Path(value).expanduser()
    from botoport.cache.folder import user_cache_dir

    return user_cache_dir()


def _checkout(given: Path | None) -> Path | None:
    """The aiobotocore checkout as ``find_checkout`` would find it, without git: the folder
    given (or its parent, for its ``aiobotocore/`` folder), else the top of the git working
    tree around the current folder."""
    if given is not None:
        from botoport.sources.checkout import named_root  # only when a root is named

        return named_root(Path(given).absolute())
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _tree_signature(root: Path) -> list[list[object]] | None:
    found: list[list[object]] = []
    for path in _tree_files(root):
        try:
            info = path.stat()
        except OSError:
            continue
        found.append([path.relative_to(root).as_posix(), info.st_size, info.st_mtime_ns])
    pyproject = root / "pyproject.toml"
    try:
        text = pyproject.read_bytes()
    except OSError:
        return found
    if b"[tool.botoport]" in text and any(
        setting in text for setting in (b"cache-dir", b"botocore-clone", b"index-url")
    ):
        return None  # the settings move the source or the cache: computed, not replayed
    return found


def _tree_files(root: Path) -> list[Path]:
    files = [root / name for name in _TREE_FILES]
    stack = [root / "aiobotocore"]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            elif entry.name.endswith(".py"):
                files.append(Path(entry.path))
    return sorted(files)


def _source_signature(cache: Path, args: argparse.Namespace) -> list[list[object]] | None:
    """What the botocore source's answers depend on; None when a list is due for a refresh."""
    found: list[list[object]] = []
    now = time.time()
    for name in _SOURCE_FILES:
        try:
            info = (cache / "releases" / name).stat()
        except OSError:
            continue
        if name.startswith("index-") and now - info.st_mtime > _FRESH_FOR:
            return None
        found.append([name, info.st_size, info.st_mtime_ns])
    clone = args.botocore_clone or os.environ.get("BOTOPORT_BOTOCORE_CLONE")
    if clone:
        folder = cache / "botocore.git" if clone == "auto" else Path(clone).expanduser()
        git_dir = folder / ".git" if (folder / ".git").is_dir() else folder
        for name in ("packed-refs", "FETCH_HEAD", "refs/tags", "HEAD"):
            try:
                info = (git_dir / name).stat()
            except OSError:
                continue
            found.append([name, info.st_size, info.st_mtime_ns])
        if clone == "auto" and now - _last_fetch(git_dir) > _FRESH_FOR:
            return None  # the managed clone fetches tags when its last fetch is this old
    return found


def _last_fetch(git_dir: Path) -> float:
    for name in ("FETCH_HEAD", "HEAD"):
        try:
            return (git_dir / name).stat().st_mtime
        except OSError:
            continue
    return 0.0
