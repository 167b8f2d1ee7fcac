"""Bad settings, bad files and a stuck git: one clean ``error:`` line naming what is wrong, or
the right answer (issue: faults and bad input)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from botoport.bounds import setup_bounds
from botoport.config import load_config
from botoport.errors import BotoportError
from botoport.lsp.analysis import settings_to_flags
from botoport.sources.git import _git_reason
from botoport.versions import release

from tests.gitrepos import configure_hooks, git, tagged_repo, write_tree
from tests.runners import botoport, run_hook
from tests.sample import AIO_FILES, RELEASES


@pytest.mark.parametrize(
    ("flags", "environ", "section", "message"),
    [
        ({"botocore-clone": "  -x"}, {}, "", "--botocore-clone: botocore-clone '  -x' must not"),
        ({}, {"BOTOPORT_CACHE_DIR": "/tmp/c"}, "cache-dir = 5\n", "pp [tool.botoport]: cache-dir"),
        ({}, {"BOTOPORT_TARGET": "1.0.1"}, "target = 'x'\n", "pp [tool.botoport]: target 'x'"),
        ({"download-timeout": "0"}, {}, "", "--download-timeout: download-timeout must be"),
        (settings_to_flags({"cacheDir": 5}), {}, "", "--cache-dir: cache-dir must be a non-empty"),
        ({}, {}, "parallel = { X = 'y' }\n", "pp [tool.botoport]: parallel must be a table"),
    ],
    ids=[
        "leading-space-dash",
        "hidden-by-env",
        "hidden-target",
        "zero-timeout",
        "lsp-number",
        "parallel-not-a-list",
    ],
)
def test_bad_settings_are_reported(flags, environ, section, message) -> None:
    text = f"[tool.botoport]\n{section}" if section else None
    with pytest.raises(BotoportError) as caught:
        load_config(flags, environ, text, "pp")
    assert str(caught.value).startswith(message), str(caught.value)


def test_parallel_setting_is_read() -> None:
    text = '[tool.botoport]\nparallel = { URLLib3Session = ["AIOHTTPSession", "HttpxSession"] }\n'
    config = load_config({}, {}, text, "pp")
    assert config["parallel"] == {"URLLib3Session": ("AIOHTTPSession", "HttpxSession")}
    assert load_config({}, {}, None, "pp")["parallel"] == {}


@pytest.mark.parametrize("text", ["1.4\uff12.0", "\u0661.\u0662.\u0663", " 1.42.0", "1.42.0\n"])
def test_versions_are_ascii_release_numbers(text: str) -> None:
    with pytest.raises(BotoportError, match="is not a botocore release number"):
        release(text)


def test_setup_py_comments_are_not_requirements() -> None:
    setup = '# "botocore>=9.0"\nsetup(install_requires=[\n    # "botocore>=8",\n'
    setup += '    "botocore>=1.2.3,<1.2.9",\n])\n'
    assert str(setup_bounds(setup).specifier) == "<1.2.9,>=1.2.3"


def test_bad_requirement_is_one_line(aio_root: Path, clone: Path) -> None:
    (aio_root / "pyproject.toml").write_text(
        '[project]\nname = "aiobotocore"\ndependencies = ["botocore >= 1.0 <<"]\n'
    )
    done = botoport("check", "--botocore-clone", clone, "--aiobotocore-root", aio_root)
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1 and "~" not in done.stderr
    assert done.stderr.startswith("error: pyproject.toml: bad requirement 'botocore >= 1.0 <<': ")


@pytest.mark.parametrize(
    ("stderr", "reason"),
    [
        (
            "fatal: detected dubious ownership in repository at '/c/botocore.git'\nTo add an "
            "exception for this directory, call:\n\n\tgit config --global --add safe.directory x",
            "fatal: detected dubious ownership in repository at '/c/botocore.git",
        ),
        ("remote: counting\nerror: RPC failed\nfatal: early EOF", "error: RPC failed"),
        ("something odd\nlast words", "last words"),
    ],
)
def test_git_errors_give_their_cause_in_one_line(stderr: str, reason: str) -> None:
    class Failed(Exception):
        pass

    exc = Failed()
    exc.stderr = stderr  # type: ignore[attr-defined]
    assert _git_reason(exc) == reason


def test_a_stuck_clone_is_stopped_and_leaves_nothing(tmp_path: Path, aio_root: Path) -> None:
    upstream = tagged_repo(tmp_path / "upstream", RELEASES[:2])
    fake = tmp_path / "bin" / "git"
    fake.parent.mkdir()
    real = "/usr/bin/git"
    fake.write_text(f'#!/bin/sh\nif [ "$1" = clone ]; then sleep 30; fi\nexec {real} "$@"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    cache = tmp_path / "cache"
    done = botoport(
        "check", "--aiobotocore-root", aio_root, "--botocore-clone", "auto",
        "--cache-dir", cache, "--download-timeout", "0.1", "--from", "1.0.0", "--to", "1.0.1",
        env={
            "BOTOPORT_BOTOCORE_URL": f"file://{upstream}",
            "GIT_PYTHON_GIT_EXECUTABLE": str(fake),
            "PATH": f"{fake.parent}:{os.environ['PATH']}",
        },
        fresh=True,  # GitPython takes its git executable when it is imported
    )  # fmt: skip
    assert done.returncode == 3, done.stdout
    assert done.stderr.startswith(f"error: cannot clone botocore from file://{upstream}: ")
    assert done.stderr.count("\n") == 1
    assert not cache.exists() or list(cache.iterdir()) == []


def monorepo(tmp_path: Path, hook_repo: tuple[Path, str], hooks: str) -> Path:
    """A repository whose aiobotocore tree is vendored under ``vendor/aio``."""
    root = tmp_path / "mono"
    write_tree(root / "vendor" / "aio", AIO_FILES)
    configure_hooks(root, hook_repo, hooks)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "monorepo")
    return root


VENDORED_HOOKS = (
    "  - id: botoport-bump\n    args: [--aiobotocore-root, vendor/aio]\n"
    "    files: ^vendor/aio/pyproject\\.toml$\n"
    "  - id: botoport-drift\n    args: [--aiobotocore-root, vendor/aio]\n"
    "    files: ^vendor/aio/aiobotocore/.*\\.py$\n"
)


def test_hooks_on_a_tree_vendored_in_a_monorepo(tmp_path, hook_repo, clone, home) -> None:
    root = monorepo(tmp_path, hook_repo, VENDORED_HOOKS)
    aio = root / "vendor" / "aio"
    (aio / "pyproject.toml").write_text(
        AIO_FILES["pyproject.toml"].replace(">= 1.0.0, < 1.0.2", ">= 1.0.2, < 1.0.3")
    )
    client = AIO_FILES["aiobotocore/client.py"].replace(
        "        return await", "        print(name)\n        return await"
    )
    (aio / "aiobotocore" / "client.py").write_text(client)
    git(root, "add", "-A")
    bump = run_hook(root, clone, home)
    assert bump.returncode == 1, bump.stdout
    assert "BLOCK port missing: aiobotocore/retries/standard.py" in bump.stdout
    drift = run_hook(root, clone, home, hook="botoport-drift")
    assert drift.returncode == 1, drift.stdout
    assert "AioClientCreator.create_client" in drift.stdout
    assert "Traceback" not in bump.stdout + drift.stdout


def test_a_non_utf8_file_at_head_is_one_line(tmp_path, hook_repo, clone, home) -> None:
    root = monorepo(tmp_path, hook_repo, VENDORED_HOOKS)
    latin = root / "vendor" / "aio" / "aiobotocore" / "client.py"
    latin.write_bytes(AIO_FILES["aiobotocore/client.py"].encode() + b"# caf\xe9\n")
    git(root, "commit", "-qam", "latin-1 bytes", "--no-verify")
    latin.write_text(AIO_FILES["aiobotocore/client.py"])
    git(root, "add", "-A")
    done = run_hook(root, clone, home, hook="botoport-drift")
    assert done.returncode == 1
    assert "botoport-drift: blocked: HEAD:vendor/aio/aiobotocore/client.py is not UTF-8 text" in (
        done.stdout
    )
    assert "Traceback" not in done.stdout


def test_a_symlink_loop_root_is_one_line(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    done = botoport("registries", "--aiobotocore-root", loop)
    assert done.returncode == 3
    assert done.stderr.startswith(f"error: aiobotocore root {loop} ")
    assert done.stderr.count("\n") == 1


def test_digests_of_a_test_patches_that_does_not_parse(aio_root: Path, clone: Path) -> None:
    (aio_root / "tests" / "test_patches.py").write_text("digests = {\n")
    done = botoport(
        "digests", "--to", "1.0.1", "--botocore-clone", clone, "--aiobotocore-root", aio_root
    )
    assert done.returncode == 3
    assert done.stderr.startswith("error: tests/test_patches.py does not parse")
    assert done.stderr.count("\n") == 1


def test_annotated_and_lightweight_tags_both_name_releases(tmp_path: Path) -> None:
    from botoport.sources.git import GitSource

    repo = tagged_repo(tmp_path / "botocore", RELEASES[:2])
    git(repo, "tag", "-a", "1.0.9", "-m", "annotated release", "1.0.1")
    source = GitSource(repo)
    assert source.releases() == ["1.0.0", "1.0.1", "1.0.9"]
    assert source.read("1.0.9", "botocore/client.py") == source.read("1.0.1", "botocore/client.py")
    with pytest.raises(BotoportError, match=r"no tag 2\.0\.0"):
        source.read("2.0.0", "botocore/client.py")


@pytest.mark.parametrize("hook", ["bump", "drift"])
def test_a_bug_in_a_hook_is_one_line_and_blocks(hook, monkeypatch, capsys, tmp_path) -> None:
    """An unexpected exception (simulated: no real one is known) blocks with one line naming
    it, never a traceback."""
    import importlib

    module = importlib.import_module(f"botoport.hooks.{hook}")
    gate = "bump_gate" if hook == "bump" else "drift_gate"

    def broken(*args, **kwargs):
        raise KeyError("botocore")

    monkeypatch.setattr(module, gate, broken)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = tmp_path / "aio"
    write_tree(root, AIO_FILES)
    assert module.main(["--aiobotocore-root", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"botoport-{hook}: blocked: internal error (KeyError: 'botocore'); please report" in err
