"""The package-index source against a real HTTP index served on loopback by the test."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from botoport import BotoportError
from botoport.sources.http import IndexSettings, pip_index_settings
from botoport.sources.index import IndexSource

from tests.indexserver import wheel_bytes

RELEASES = {
    "1.0.0": {"botocore/client.py": "def f():\n    return 1\n", "botocore/data/x.json": "{}"},
    "1.0.1": {"botocore/client.py": "def f():\n    return 2\n", "botocore/data/x.json": "[]"},
}


def build_index(root: Path, corrupt: str | None = None) -> None:
    """A PEP 503 HTML simple index with one pure-Python wheel per release."""
    (root / "files").mkdir(parents=True)
    links = []
    for version, files in RELEASES.items():
        name = f"botocore-{version}-py3-none-any.whl"
        encoded = {path: text.encode() for path, text in files.items()}
        (root / "files" / name).write_bytes(wheel_bytes(encoded, version))
        sha = hashlib.sha256((root / "files" / name).read_bytes()).hexdigest()
        if version == corrupt:
            sha = "0" * 64
        links.append(f'<a href="../../files/{name}#sha256={sha}">{name}</a>')
    (root / "simple" / "botocore").mkdir(parents=True)
    (root / "simple" / "botocore" / "index.html").write_text("<html>" + "".join(links))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., str]]:
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(corrupt: str | None = None) -> str:
        root = tmp_path / f"index-{len(servers)}"
        build_index(root, corrupt)
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/simple"

    yield start
    for server in servers:
        server.shutdown()


def test_releases_diff_and_read(serve, tmp_path: Path) -> None:
    source = IndexSource(tmp_path / "cache", IndexSettings(serve()))
    assert source.releases() == ["1.0.0", "1.0.1"]
    assert source.changed_files("1.0.0", "1.0.1") == ["botocore/client.py"]
    assert source.read("1.0.1", "botocore/client.py") == "def f():\n    return 2\n"
    assert source.read("1.0.1", "botocore/data/x.json") is None
    # A second source on the same cache downloads nothing.
    again = IndexSource(tmp_path / "cache", IndexSettings(serve()))
    again.read("1.0.0", "botocore/client.py")
    assert sorted(source.downloads) == ["1.0.0", "1.0.1"] and again.downloads == []


def test_hash_mismatch_is_refused_and_nothing_is_cached(serve, tmp_path: Path) -> None:
    source = IndexSource(tmp_path / "cache", IndexSettings(serve(corrupt="1.0.1")))
    with pytest.raises(BotoportError, match="does not match the sha256 the index lists"):
        source.read("1.0.1", "botocore/client.py")
    kept = sorted(p.name for p in (tmp_path / "cache" / "releases").iterdir())
    assert kept == [".botoport", ".locks", "index-botocore.json"]  # no release folder


def test_unreachable_index(tmp_path: Path) -> None:
    source = IndexSource(tmp_path / "cache", IndexSettings("http://127.0.0.1:9/simple"))
    with pytest.raises(BotoportError, match="cannot reach the package index at "):
        source.releases()


def test_missing_release(serve, tmp_path: Path) -> None:
    source = IndexSource(tmp_path / "cache", IndexSettings(serve()))
    with pytest.raises(BotoportError, match=r"botocore 2\.0\.0 is not on the package index"):
        source.read("2.0.0", "botocore/client.py")


def test_pip_settings_from_environment_and_config(tmp_path: Path) -> None:
    conf = tmp_path / "pip.conf"
    conf.write_text("[global]\nindex-url = https://mirror.invalid/simple/\ncert = /c.pem\n")
    from_file = pip_index_settings({"PIP_CONFIG_FILE": str(conf)})
    assert from_file == IndexSettings("https://mirror.invalid/simple", "/c.pem")
    from_env = pip_index_settings({"PIP_CONFIG_FILE": str(conf), "PIP_INDEX_URL": "https://e/s"})
    assert from_env.url == "https://e/s"
    ours = pip_index_settings({"PIP_CONFIG_FILE": str(conf), "BOTOPORT_INDEX_URL": "https://b"})
    assert ours.url == "https://b"


def test_release_list_is_cached_for_an_hour_and_refresh_asks_again(serve, tmp_path, caplog):
    cache = tmp_path / "cache"
    assert IndexSource(cache, IndexSettings(serve())).releases() == ["1.0.0", "1.0.1"]
    # Within the hour, a source on the same cache lists releases without the index.
    page = serve()
    offline = IndexSource(cache, IndexSettings(page.replace("/simple", "/nowhere")))
    entry = cache / "releases" / "index-botocore.json"
    data = json.loads(entry.read_text())
    data["page"] = offline.settings.url + "/botocore/"
    entry.write_text(json.dumps(data))
    assert offline.releases() == ["1.0.0", "1.0.1"]
    # refresh() asks the index again; unreachable, the cached list is used and a note says so.
    offline.refresh()
    with caplog.at_level("WARNING", logger="botoport"):
        assert offline.releases() == ["1.0.0", "1.0.1"]
    assert "using the cached list of botocore releases: the index could not be asked" in (
        caplog.text
    )
    # An entry over an hour old is not used while the index answers ...
    data["fetched"] -= 7200
    data["files"].pop("1.0.1")
    data.pop("modified")  # a list edited by hand carries no validator of the index's page
    entry.write_text(json.dumps(data))
    again = IndexSource(cache, IndexSettings(page))
    data["page"] = again.settings.url + "/botocore/"
    entry.write_text(json.dumps(data))
    assert again.releases() == ["1.0.0", "1.0.1"]
    # ... and with no cached list at all, an unreachable index is the error.
    entry.unlink()
    with pytest.raises(BotoportError, match="cannot reach the package index"):
        IndexSource(cache, IndexSettings(offline.settings.url)).releases()


def test_corrupt_release_list_is_read_again(serve, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    url = serve()
    IndexSource(cache, IndexSettings(url)).releases()
    (cache / "releases" / "index-botocore.json").write_text("{not json")
    assert IndexSource(cache, IndexSettings(url)).releases() == ["1.0.0", "1.0.1"]
