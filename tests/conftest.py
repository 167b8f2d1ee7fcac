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
