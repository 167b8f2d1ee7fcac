"""The package index misbehaving, and the cache damaged: each ends as one clean error, a
note, or the right answer (issue: faults and bad input)."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from botoport.errors import BotoportError
from botoport.sources.http import mask_credentials, settings_for
from botoport.sources.index import IndexSource

from tests.indexserver import Index, serving, wheel_bytes
from tests.runners import botoport

V0 = wheel_bytes({"botocore/client.py": b"def f():\n    return 1\n"})
V1 = wheel_bytes({"botocore/client.py": b"def f():\n    return 2\n"}, "1.0.1")


def source(tmp_path: Path, url: str, timeout: float = 30.0) -> IndexSource:
    return IndexSource(tmp_path / "cache", settings_for(f"{url}/simple", timeout=timeout))


def test_credentials_in_the_url_are_sent_as_basic_auth_and_never_shown(tmp_path: Path) -> None:
    index = Index({"1.0.0": V0}, credentials=("user", "s3cr3t"))
    with serving(index) as url:
        with_token = url.replace("http://", "http://user:s3cr3t@")
        found = source(tmp_path, with_token)
        assert found.releases() == ["1.0.0"]
        assert found.read("1.0.0", "botocore/client.py") == "def f():\n    return 1\n"
        assert found.settings.url == f"{url}/simple"
        assert found.settings.shown == f"{with_token.replace('s3cr3t', '***')}/simple"
        wrong = source(tmp_path / "other", url.replace("http://", "http://user:nope@"))
        with pytest.raises(BotoportError) as caught:
            wrong.releases()
    assert "HTTP 401" in str(caught.value)
    assert "nope" not in str(caught.value)
    assert mask_credentials("https://u:tok@h/simple") == "https://u:***@h/simple"


def test_netrc_credentials(tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login user password s3cr3t\n")
    netrc.chmod(0o600)
    index = Index({"1.0.0": V0}, credentials=("user", "s3cr3t"))
    with serving(index) as url:
        settings = settings_for(f"{url}/simple", environ={"NETRC": str(netrc)})
        assert IndexSource(tmp_path / "c", settings).releases() == ["1.0.0"]


def test_config_command_masks_the_token(tmp_path: Path) -> None:
    done = botoport(
        "config", "--index-url", "https://user:s3cr3t@mirror.invalid/simple", cwd=tmp_path
    )
    assert "s3cr3t" not in done.stdout + done.stderr
    assert "https://user:***@mirror.invalid/simple" in done.stdout


def test_a_maintenance_page_is_never_cached(tmp_path: Path) -> None:
    index = Index({"1.0.0": V0}, page=b"<html>down for maintenance</html>")
    with serving(index) as url:
        with pytest.raises(BotoportError, match="lists no botocore releases"):
            source(tmp_path, url).releases()
        index.page = None
        assert source(tmp_path, url).releases() == ["1.0.0"]


def test_malformed_json_page_is_one_error(tmp_path: Path) -> None:
    index = Index({"1.0.0": V0}, page=b'{"files": 5', content_type="application/json")
    with serving(index) as url, pytest.raises(BotoportError, match="malformed page"):
        source(tmp_path, url).releases()


def test_a_release_missing_from_the_cached_list_asks_again(tmp_path: Path) -> None:
    index = Index({"1.0.0": V0})
    with serving(index) as url:
        assert source(tmp_path, url).releases() == ["1.0.0"]
        index.wheels["1.0.1"] = V1  # published after the list was cached
        assert source(tmp_path, url).read("1.0.1", "botocore/client.py") == (
            "def f():\n    return 2\n"
        )


def test_yanked_releases_are_skipped_unless_asked_for(tmp_path: Path, caplog) -> None:
    index = Index({"1.0.0": V0, "1.0.1": V1}, yanked={"1.0.1"})
    with serving(index) as url:
        found = source(tmp_path, url)
        assert found.releases() == ["1.0.0"]
        assert found.yanked() == {"1.0.1"}
        with caplog.at_level("WARNING", logger="botoport"):
            assert found.read("1.0.1", "botocore/client.py") == "def f():\n    return 2\n"
    assert "botocore 1.0.1 is yanked on the index; used as asked" in caplog.text


@pytest.mark.parametrize("damage", ["truncated file", "deleted file", "manifest", "no manifest"])
def test_a_damaged_cache_heals(tmp_path: Path, damage: str, caplog) -> None:
    index = Index({"1.0.0": V0})
    with serving(index) as url:
        assert source(tmp_path, url).read("1.0.0", "botocore/client.py")
        folder = tmp_path / "cache" / "releases" / "botocore-1.0.0"
        if damage == "truncated file":
            (folder / "botocore/client.py").write_text("def f(")
        elif damage == "deleted file":
            (folder / "botocore/client.py").unlink()
        elif damage == "manifest":
            (folder / "manifest.json").write_text('{"botocore/cli')
        else:
            (folder / "manifest.json").unlink()
        with caplog.at_level("WARNING", logger="botoport"):
            again = source(tmp_path, url).read("1.0.0", "botocore/client.py")
    assert again == "def f():\n    return 1\n"
    assert len([r for r in index.requests if r.startswith("/files/")]) == 2


def test_a_trickling_server_meets_the_deadline(tmp_path: Path) -> None:
    index = Index({"1.0.0": V0}, trickle=0.5)
    with serving(index) as url:
        started = time.monotonic()
        with pytest.raises(BotoportError, match=r"did not finish within 2 s"):
            source(tmp_path, url, timeout=2).read("1.0.0", "botocore/client.py")
        assert time.monotonic() - started < 10
    assert not list((tmp_path / "cache" / "releases").glob(".tmp-*"))


def test_stale_temporary_folders_are_swept(tmp_path: Path) -> None:
    releases = tmp_path / "cache" / "releases"
    old, fresh = releases / ".tmp-killed", releases / ".tmp-running"
    for folder in (old, fresh):
        (folder / "tree").mkdir(parents=True)
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    with serving(Index({"1.0.0": V0})) as url:
        source(tmp_path, url).read("1.0.0", "botocore/client.py")
    assert not old.exists() and fresh.exists()
    assert (releases / ".botoport").is_file()  # the part is marked for `cache clear`


def test_cache_folder_that_is_a_file_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("not a folder")
    with (
        serving(Index({"1.0.0": V0})) as url,
        pytest.raises(BotoportError, match="cannot write the cache folder"),
    ):
        source(tmp_path, url).read("1.0.0", "botocore/client.py")


def test_non_utf8_file_in_a_wheel_is_named(tmp_path: Path) -> None:
    latin = wheel_bytes({"botocore/client.py": "x = 'é'\n".encode("latin-1")})
    with (
        serving(Index({"1.0.0": latin})) as url,
        pytest.raises(BotoportError, match=r"botocore 1.0.0: botocore/client.py is not UTF"),
    ):
        source(tmp_path, url).read("1.0.0", "botocore/client.py")


def test_the_release_list_cache_entry_of_the_old_shape_is_read_again(tmp_path: Path) -> None:
    with serving(Index({"1.0.0": V0})) as url:
        entry = tmp_path / "cache" / "releases" / "index-botocore.json"
        entry.parent.mkdir(parents=True)
        page = f"{url}/simple/botocore/"
        entry.write_text(json.dumps({"page": page, "fetched": time.time(), "files": {"9": [1]}}))
        assert source(tmp_path, url).releases() == ["1.0.0"]
    shutil.rmtree(tmp_path / "cache")


def test_a_yanked_release_asked_for_by_version_is_checked(tmp_path: Path) -> None:
    from botoport.sources.base import require_releases

    with serving(Index({"1.0.0": V0, "1.0.1": V1}, yanked={"1.0.1"})) as url:
        found = source(tmp_path, url)
        assert require_releases(found, ["1.0.0", "1.0.1"]) == ["1.0.0"]
        with pytest.raises(BotoportError, match=r"botocore 1\.0\.2 is not on the package index"):
            require_releases(found, ["1.0.2"])


# --- wheels read by range -------------------------------------------------------------------

PYTHON = {f"botocore/m{i}.py": f"def f{i}():\n    return {i}\n".encode() for i in range(20)}
DATA = {f"botocore/data/s{i}/service-2.json": os.urandom(200_000) for i in range(10)}
BIG = wheel_bytes({**PYTHON, **DATA})


def test_a_wheel_is_read_by_range(tmp_path: Path) -> None:
    index = Index({"1.0.0": BIG}, ranges=True)
    with serving(index) as url:
        found = source(tmp_path, url)
        assert found.read("1.0.0", "botocore/m7.py") == "def f7():\n    return 7\n"
        assert found.changed_files("1.0.0", "1.0.0") == []
    assert index.ranged[0] == "bytes=-65536"  # the directory first, then the members
    assert len(index.ranged) <= 3
    assert len(index.connections) == 1  # one kept-alive connection for the list and the ranges
    assert index.sent < len(BIG) / 10  # the service JSON never crosses the wire
    folder = tmp_path / "cache" / "releases" / "botocore-1.0.0"
    # Every mirror file is known by its RECORD sha256; only the one read was fetched and kept.
    assert set(json.loads((folder / "manifest.json").read_text())) == set(PYTHON)
    kept = {p.relative_to(folder).as_posix() for p in folder.rglob("*.py")}
    assert kept == {"botocore/m7.py"}


def test_an_index_without_ranges_gets_the_whole_wheel_verified(tmp_path: Path) -> None:
    index = Index({"1.0.0": BIG}, ranges=False)
    with serving(index) as url:
        assert source(tmp_path, url).read("1.0.0", "botocore/m3.py") == (
            "def f3():\n    return 3\n"
        )
    assert index.sent == len(BIG)


def test_a_lying_range_answer_is_refused(tmp_path: Path) -> None:
    plain = wheel_bytes({"botocore/m.py": b"x = 1\n" * 50}, "1.0.0")
    stored = zipfile_member_bytes(plain, "botocore/m.py")
    index = Index({"1.0.0": plain}, ranges=True, lie=stored[5:15])
    with (
        serving(index) as url,
        pytest.raises(BotoportError, match=r"botocore/m\.py (is damaged|does not match)"),
    ):
        source(tmp_path, url).read("1.0.0", "botocore/m.py")
    assert not (tmp_path / "cache" / "releases" / "botocore-1.0.0" / "botocore/m.py").exists()


def test_two_runs_on_one_empty_cache_fetch_a_release_once(tmp_path: Path) -> None:
    import threading

    index = Index({"1.0.0": BIG}, ranges=False, trickle=0.0)
    results: list[str | None] = []
    with serving(index) as url:
        runs = [
            threading.Thread(
                target=lambda: results.append(source(tmp_path, url).read("1.0.0", "botocore/m1.py"))
            )
            for _ in range(2)
        ]
        for run in runs:
            run.start()
        for run in runs:
            run.join(timeout=60)
    assert results == ["def f1():\n    return 1\n"] * 2
    assert len([r for r in index.requests if r.startswith("/files/")]) == 1


def zipfile_member_bytes(wheel: bytes, name: str) -> bytes:
    """The compressed bytes of one member as they sit in the zip."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        info = archive.getinfo(name)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    return wheel[start : start + info.compress_size]


def test_the_release_list_is_asked_again_conditionally_and_compressed(tmp_path: Path) -> None:
    index = Index({"1.0.0": V0})
    with serving(index) as url:
        assert source(tmp_path, url).releases() == ["1.0.0"]  # gzip-encoded, with an ETag
        again = source(tmp_path, url)
        again.refresh()
        assert again.releases() == ["1.0.0"]
        assert index.not_modified == 1  # unchanged: a 304 and no body
        index.wheels["1.0.1"] = V1
        changed = source(tmp_path, url)
        changed.refresh()
        assert changed.releases() == ["1.0.0", "1.0.1"]


def test_a_redirect_loop_is_one_line(tmp_path: Path) -> None:
    with (
        serving(Index({"1.0.0": V0}, redirect_loop=True)) as url,
        pytest.raises(BotoportError) as caught,
    ):
        source(tmp_path, url).releases()
    assert str(caught.value).endswith("too many redirects")
    assert "\n" not in str(caught.value)


def test_a_range_to_a_release_the_index_lacks_names_the_index(tmp_path: Path) -> None:
    """No clone is configured: the message names the index (its token masked), not a clone."""
    from botoport.sources.base import require_releases

    index = Index({"1.0.0": V0}, credentials=("user", "s3cr3t"))
    with serving(index) as url:
        found = source(tmp_path, url.replace("http://", "http://user:s3cr3t@"))
        with pytest.raises(BotoportError) as caught:
            require_releases(found, ["1.0.0", "1.9.9"])
    message = str(caught.value)
    assert message.startswith("botocore 1.9.9 is not on the package index http://user:***@")
    assert "s3cr3t" not in message and "clone" not in message
