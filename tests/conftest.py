"""Session-wide set-up: one cache folder for the whole run, never the user's own cache.

Releases downloaded from the index by one test are reused by the next (the brief: cache
downloads between tests), and commands run as subprocesses see the same folder through
``BOTOPORT_CACHE_DIR``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gitrepos import botoport_snapshot, git, tagged_repo, write_tree
from tests.sample import AIO_FILES, RELEASES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def index_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The cache folder every test and every botoport subprocess of this run shares."""
    folder = tmp_path_factory.mktemp("botoport-cache")
    before = os.environ.get("BOTOPORT_CACHE_DIR")
    os.environ["BOTOPORT_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("BOTOPORT_CACHE_DIR", None)
    else:
        os.environ["BOTOPORT_CACHE_DIR"] = before


OFFLINE_INDEX = "http://127.0.0.1:9/offline"


@pytest.fixture(autouse=True)
def offline_unless_marked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests without the ``index`` marker see an index that cannot be reached, so that the
    suite without the package index (``-m "not index"``) is proven to need none."""
    if request.node.get_closest_marker("index") is None:
        monkeypatch.setenv("BOTOPORT_INDEX_URL", OFFLINE_INDEX)


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """botoport's own files committed once, so pre-commit builds the hook's env once."""
    repo = tmp_path_factory.mktemp("botoport-hook-repo")
    return repo, botoport_snapshot(repo)


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="session")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A botocore-like git clone with one tag per release of ``tests.sample.RELEASES``."""
    return tagged_repo(tmp_path_factory.mktemp("botocore"), RELEASES)


@pytest.fixture
def aio_root(tmp_path: Path) -> Path:
    """The sample aiobotocore tree (bounds >= 1.0.0, < 1.0.2), not under git."""
    root = tmp_path / "aiobotocore"
    write_tree(root, AIO_FILES)
    return root


@pytest.fixture
def aio_repo(aio_root: Path) -> Path:
    """The sample aiobotocore tree committed to a git repository of its own."""
    git(aio_root, "init", "-q")
    git(aio_root, "add", "-A")
    git(aio_root, "commit", "-qm", "aiobotocore")
    return aio_root
