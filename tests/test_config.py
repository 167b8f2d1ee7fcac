"""Settings: precedence flag > environment > [tool.botoport] > default, and bad values named."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from botoport.config import load_config
from botoport.errors import BotoportError

from tests.gitrepos import git, tagged_repo
from tests.runners import botoport
from tests.sample import AIO_FILES, RELEASES

PYPROJECT = AIO_FILES["pyproject.toml"]


def section(body: str) -> str:
    return PYPROJECT + "\n[tool.botoport]\n" + body


@pytest.mark.parametrize(
    "flags, env, body, key, value, origin",
    [
        ({}, {}, "", "botocore-clone", None, "default"),
        ({}, {}, 'botocore-clone = "auto"', "botocore-clone", "auto", "pp [tool.botoport]"),
        (
            {},
            {"BOTOPORT_BOTOCORE_CLONE": "/env/clone"},
            'botocore-clone = "auto"',
            "botocore-clone",
            "/env/clone",
            "$BOTOPORT_BOTOCORE_CLONE",
        ),
        (
            {"botocore-clone": "/flag"},
            {"BOTOPORT_BOTOCORE_CLONE": "/env"},
            'botocore-clone = "auto"',
            "botocore-clone",
            "/flag",
            "--botocore-clone",
        ),
        (
            {},
            {},
            'index-url = "https://mirror.example/simple/"',
            "index-url",
            "https://mirror.example/simple",
            "pp [tool.botoport]",
        ),
        ({}, {"BOTOPORT_TARGET": "1.42.89"}, "", "target", "1.42.89", "$BOTOPORT_TARGET"),
        (
            {},
            {},
            'reviewed = ["ClientCreator._register_retries@1.43.12"]',
            "reviewed",
            ("ClientCreator._register_retries@1.43.12",),
            "pp [tool.botoport]",
        ),
        ({}, {}, "", "reviewed", (), "default"),
    ],
)
def test_precedence(flags, env, body, key, value, origin) -> None:
    config = load_config(flags, env, section(body), "pp")
    assert config[key] == value
    assert config.settings[key].origin == origin


@pytest.mark.parametrize(
    "env, body, message",
    [
        ({}, "colour = 1", "pp: unknown key [tool.botoport] 'colour' (known: botocore-clone,"),
        ({}, "cache-dir = 3", "pp [tool.botoport]: cache-dir must be a non-empty string, not 3"),
        ({}, 'botocore-url = "--upload-pack=x"', "pp [tool.botoport]: botocore-url "),
        ({}, 'index-url = "nowhere"', "pp [tool.botoport]: index-url 'nowhere' is not a URL"),
        ({}, 'reviewed = "X@1.0"', "pp [tool.botoport]: reviewed must be a list"),
        ({}, 'reviewed = ["X.y"]', "pp [tool.botoport]: reviewed entry 'X.y' is not"),
        ({"BOTOPORT_TARGET": "latest"}, "", "$BOTOPORT_TARGET: target 'latest' is not a botocore"),
        ({}, "[tool.botoport", "pp is not valid TOML"),
    ],
)
def test_bad_settings_are_named(env, body, message) -> None:
    text = section(body) if not body.startswith("[") else body
    with pytest.raises(BotoportError) as caught:
        load_config({}, env, text, "pp")
    assert str(caught.value).startswith(message)


def test_config_command_prints_values_and_origins(aio_root: Path, tmp_path: Path) -> None:
    (aio_root / "pyproject.toml").write_text(section('botocore-clone = "auto"\n'))
    done = botoport(
        "config", "--aiobotocore-root", aio_root, "--cache-dir", tmp_path / "c", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["botocore-clone"] == {
        "value": "auto",
        "origin": f"{aio_root / 'pyproject.toml'} [tool.botoport]",
    }
    assert data["cache-dir"] == {"value": str(tmp_path / "c"), "origin": "--cache-dir"}
    text = botoport("config", "--aiobotocore-root", aio_root).stdout
    assert "botocore-clone   = auto  (" in text
    assert f"cache-dir        = {os.environ['BOTOPORT_CACHE_DIR']}  ($BOTOPORT_CACHE_DIR)" in text
    assert "download-timeout = 30  (default)" in text


def test_unknown_key_stops_check(aio_root: Path) -> None:
    (aio_root / "pyproject.toml").write_text(section("frm = '1.0.0'\n"))
    done = botoport("check", "--aiobotocore-root", aio_root)
    assert done.returncode == 3
    assert done.stderr == (
        f"error: {aio_root / 'pyproject.toml'}: unknown key [tool.botoport] 'frm' (known: "
        "botocore-clone, botocore-url, index-url, cache-dir, target, download-timeout, "
        "parallel, reviewed)\n"
    )


def test_target_setting_is_the_default_to(aio_root: Path, tmp_path: Path) -> None:
    clone = tagged_repo(tmp_path / "botocore", RELEASES)
    (aio_root / "pyproject.toml").write_text(section('target = "1.0.2"\n'))
    done = botoport(
        "check",
        "--aiobotocore-root",
        aio_root,
        "--botocore-clone",
        clone,
        "--from",
        "1.0.0",
        "--format",
        "json",
    )
    report = json.loads(done.stdout)
    assert (report["from"], report["to"]) == ("1.0.0", "1.0.2")
    # Without the setting TO would be 1.2.0, whose client.py does not parse (exit 3).
    assert report["classification"] == "port-required"
    assert done.returncode == 1


def check_auto(aio_root: Path, cache: Path, url: str, *args: str):
    """``botoport check`` with the managed clone of ``url`` kept in ``cache``."""
    return botoport(
        "check",
        "--aiobotocore-root",
        aio_root,
        "--botocore-clone",
        "auto",
        "--cache-dir",
        cache,
        *args,
        env={"BOTOPORT_BOTOCORE_URL": url},
    )


def test_managed_clone_clones_once_and_fetches_missing_tags(aio_root: Path, tmp_path: Path) -> None:
    upstream = tagged_repo(tmp_path / "upstream", RELEASES[:3])
    git(upstream, "config", "uploadpack.allowFilter", "true")
    url = f"file://{upstream}"
    cache = tmp_path / "cache"

    def run(*args: str):
        return check_auto(aio_root, cache, url, "--format", "json", *args)

    first = run("--from", "1.0.0", "--to", "1.0.2")
    assert first.returncode == 1, first.stderr
    clone = cache / "botocore.git"
    assert git(clone, "config", "remote.origin.partialclonefilter").strip() == "blob:none"
    # Upstream releases 1.0.3; the managed clone fetches the tag it lacks, the same clone kept.
    tagged_repo(upstream, RELEASES[3:4])
    inode = clone.stat().st_ino
    second = run("--from", "1.0.2", "--to", "1.0.3")
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["to"] == "1.0.3"
    assert clone.stat().st_ino == inode
    missing = run("--from", "1.0.2", "--to", "9.9.9")
    assert missing.returncode == 3
    assert missing.stderr == "error: botocore clone missing or tag unavailable: 9.9.9\n"


def test_managed_clone_unreachable_url(aio_root: Path, tmp_path: Path) -> None:
    url = f"file://{tmp_path}/nothing"
    done = check_auto(aio_root, tmp_path / "cache", url, "--from", "1.0.0", "--to", "1.0.1")
    assert done.returncode == 3
    assert done.stderr.startswith(f"error: cannot clone botocore from file://{tmp_path}/nothing: ")
    assert done.stderr.count("\n") == 1
    assert not (tmp_path / "cache" / "botocore.git").exists()


def test_cache_info_and_clear(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "tables" / "x").mkdir(parents=True)
    (cache / "tables" / "x" / "e.json").write_text("1" * 2_000_000)
    (cache / "tables" / ".botoport").write_text("")  # made by botoport
    (cache / "releases").mkdir()  # a folder of the same name that something else made
    (cache / "releases" / "theirs.bin").write_text("x")
    (cache / "mine.txt").write_text("not botoport's")
    info = botoport("cache", "info", "--cache-dir", cache)
    assert "tables       2.0 MB" in info.stdout and "releases     0.0 MB" in info.stdout
    cleared = botoport("cache", "clear", "--cache-dir", cache)
    assert cleared.stdout == (
        f"removed 2.0 MB from {cache}\nleft {cache / 'releases'}: botoport did not make it\n"
    )
    assert not (cache / "tables").exists()
    assert (cache / "mine.txt").exists() and (cache / "releases" / "theirs.bin").exists()


def test_cache_parts_botoport_makes_are_marked(tmp_path: Path, clone: Path, aio_root: Path):
    cache = tmp_path / "cache"
    done = botoport(
        "check", "--botocore-clone", clone, "--aiobotocore-root", aio_root, "--cache-dir", cache,
        "--from", "1.0.0", "--to", "1.0.2",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert (cache / "tables" / ".botoport").is_file()
    botoport("cache", "clear", "--cache-dir", cache)
    assert not (cache / "tables").exists()
