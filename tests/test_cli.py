"""``botoport check`` and ``botoport registries`` end to end, on git repositories built here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.runners import botoport


def check(
    clone: Path, root: Path, *args: str, fresh: bool = False
) -> subprocess.CompletedProcess[str]:
    return botoport(
        "check", "--botocore-clone", clone, "--aiobotocore-root", root, *args, fresh=fresh
    )


def test_cosmetic_and_unmirrored_changes_are_no_port(clone: Path, aio_root: Path) -> None:
    done = check(clone, aio_root, "--from", "1.0.0", "--to", "1.0.1", fresh=True)
    assert done.returncode == 0, done.stderr
    assert "- `ClientCreator.create_client` (changed): pure-sync\n  Reason: cosmetic" in done.stdout
    assert "unmirrored" not in done.stdout
    assert "__init__" not in done.stdout
    assert done.stdout.endswith("CLASSIFICATION: no-port\n")


def test_registered_override_in_nested_path(clone: Path, aio_root: Path) -> None:
    done = check(clone, aio_root, "--from", "1.0.1", "--to", "1.1.0", "--format", "json")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["classification"] == "port-required"
    should = next(f for f in data["functions"] if f["name"] == "RetryPolicy.should_retry")
    assert should["mirror"] == "aiobotocore/retries/standard.py"
    assert should["signal"] == "registered-override"
    assert should["override"] == ("aiobotocore/retries/standard.py:5 AioRetryPolicy.should_retry")
    assert should["introduced_in"] == "1.0.2"
    assert should["coverage"]["missing"] == ["return context.attempt < 3"]
    assert data["suggested_lower_bound"] == "1.0.2"
    make = next(f for f in data["functions"] if f["name"] == "ClientCreator._make")
    assert make["verdict"] == "ambiguous"
    assert "receiver `name`" in make["reason"]


def test_ambiguous_exit_status(clone: Path, aio_root: Path) -> None:
    done = check(clone, aio_root, "--from", "1.0.3", "--to", "1.1.0")
    assert done.returncode == 2, done.stderr
    assert done.stdout.endswith("CLASSIFICATION: ambiguous\n")


def test_default_range_from_pyproject_and_newest_tag(clone: Path, aio_root: Path) -> None:
    # The bounds admit 1.0.0 and 1.0.1: FROM is 1.0.1; TO is the newest release tag, 1.2.0,
    # whose client.py does not parse.
    done = check(clone, aio_root, "--format", "json")
    assert done.returncode == 3
    assert done.stderr == (
        "error: botocore/client.py at 1.2.0 does not parse: line 1: invalid syntax\n"
    )
    ranged = check(clone, aio_root, "--to", "1.0.2", "--format", "json")
    assert json.loads(ranged.stdout)["from"] == "1.0.1"


def test_registries_command(aio_root: Path) -> None:
    done = botoport("registries", "--aiobotocore-root", aio_root / "aiobotocore")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["overrides"] == [
        "ClientCreator.create_client",
        "standard.RetryPolicy.should_retry",
    ]
    assert data["async_methods"] == ["create_client", "emit", "read", "should_retry"]
    assert [c["name"] for c in data["aio_classes"]] == ["AioClientCreator", "AioRetryPolicy"]
    assert data["aio_classes"][0]["bases"] == ["ClientCreator"]


def test_root_defaults_to_the_git_repository_around_cwd(clone: Path, aio_root: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=aio_root, check=True)
    done = botoport(
        "check",
        "--botocore-clone",
        clone,
        "--from",
        "1.0.1",
        "--to",
        "1.0.2",
        cwd=aio_root / "aiobotocore",
    )
    # Port-required only when test_patches.py was read from that repository's root.
    assert done.returncode == 1, done.stderr
    assert "### botocore/retries/standard.py → aiobotocore/retries/standard.py" in done.stdout
    assert "`RetryPolicy.should_retry` (changed): port-required" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "1.0.0", "--to", "9.9.9"],
            "error: botocore clone missing or tag unavailable: 9.9.9",
        ),
        (
            ["--from=--upload-pack=touch /tmp/botoport-pwned", "--to", "1.0.1"],
            "error: usage: argument --from: '--upload-pack=touch /tmp/botoport-pwned' is not a "
            "botocore release number such as 1.42.84",
        ),
        (["--from", "1.0.1", "--to", "1.0.0"], "error: --from 1.0.1 is newer than --to 1.0.0"),
        (["--format", "yaml"], "error: usage: argument --format: invalid choice: 'yaml'"),
        (["--to", ""], "error: usage: argument --to: '' is not a botocore release number"),
    ],
)
def test_bad_arguments(clone: Path, aio_root: Path, args: list[str], message: str) -> None:
    done = check(clone, aio_root, *args)
    assert done.returncode == 3
    assert done.stderr.startswith(message) and done.stderr.count("\n") == 1
    assert not Path("/tmp/botoport-pwned").exists()


def test_missing_clone(aio_root: Path, tmp_path: Path) -> None:
    done = check(tmp_path / "nowhere", aio_root, "--from", "1.0.0", "--to", "1.0.1")
    assert done.returncode == 3
    assert done.stderr == (
        f"error: botocore clone missing or tag unavailable: {tmp_path / 'nowhere'} is not a "
        "git repository\n"
    )


def test_root_without_test_patches(clone: Path, aio_root: Path) -> None:
    (aio_root / "tests/test_patches.py").unlink()
    done = check(clone, aio_root, "--from", "1.0.0", "--to", "1.0.1")
    assert done.returncode == 3
    assert done.stderr == (
        f"error: {aio_root / 'tests/test_patches.py'} is missing: not an aiobotocore checkout\n"
    )


def test_unreadable_pyproject(clone: Path, aio_root: Path) -> None:
    (aio_root / "pyproject.toml").write_text("[project\n")
    done = check(clone, aio_root)
    assert done.returncode == 3
    assert done.stderr.startswith(f"error: {aio_root / 'pyproject.toml'} is not valid TOML: ")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_usage_error_is_one_line() -> None:
    done = botoport("frobnicate", fresh=True)  # a usage error, as a shell sees it
    assert done.returncode == 3
    assert done.stderr.startswith("error: usage: ") and done.stderr.count("\n") == 1


WARM_PROBE = (
    "import sys\n"
    "from botoport.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "print('core imported' if 'botoport.check' in sys.modules else 'core not imported')\n"
    "sys.exit(status)\n"
)


def probe(clone: Path, root: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``botoport check`` in a fresh interpreter that says whether it imported the core."""
    return subprocess.run(
        [sys.executable, "-c", WARM_PROBE, "check", "--botocore-clone", str(clone),
         "--aiobotocore-root", str(root), "--cache-dir", str(cache), *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_a_warm_check_is_replayed_without_the_core(clone: Path, aio_root: Path, tmp_path):
    cache = tmp_path / "cache"
    first = probe(clone, aio_root, cache, "--from", "1.0.1", "--to", "1.0.2")
    second = probe(clone, aio_root, cache, "--from", "1.0.1", "--to", "1.0.2")
    assert first.stdout.endswith("core imported\n")
    assert second.stdout.endswith("core not imported\n")
    assert (second.stdout, second.stderr, second.returncode) == (
        first.stdout.replace("core imported", "core not imported"),
        first.stderr,
        first.returncode,
    )
    assert first.returncode == 1
    assert (cache / "reports" / ".botoport").is_file()  # `cache clear` may remove it


def test_an_edited_override_is_computed_again(clone: Path, aio_root: Path, tmp_path):
    cache = tmp_path / "cache"
    args = ("--from", "1.0.1", "--to", "1.0.2", "--format", "json")
    first = probe(clone, aio_root, cache, *args)
    assert '"covered": false' in first.stdout
    standard = aio_root / "aiobotocore/retries/standard.py"
    standard.write_text(standard.read_text().replace("return False", "return context.attempt < 3"))
    again = probe(clone, aio_root, cache, *args)
    assert again.stdout.endswith("core imported\n")
    # the port is now covered: the new text was read, not the cached report
    assert '"covered": true' in again.stdout


def test_ctrl_c_is_one_line_and_status_130(monkeypatch, capsys) -> None:
    from botoport import commands
    from botoport.cli import main

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setitem(commands.HANDLERS, "registries", interrupted)
    assert main(["registries"]) == 130
    assert capsys.readouterr().err == "error: interrupted\n"


def test_a_reader_that_goes_away_is_not_an_error(clone, aio_repo, monkeypatch, capsys) -> None:
    """``botoport port --write | head -1``: the port is written first, the rest of the
    output is dropped, no ``internal error``."""
    import os
    import sys

    from botoport.cli import main

    pyproject = aio_repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("< 1.0.2", "< 1.0.3"))
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError

        def fileno(self) -> int:
            return write_end

        def flush(self) -> None: ...

    saved = os.dup(1)
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    try:
        status = main(["port", "--write", "--botocore-clone", str(clone),
                       "--aiobotocore-root", str(aio_repo)])  # fmt: skip
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    assert status == 141
    assert "internal error" not in capsys.readouterr().err
    written = (aio_repo / "aiobotocore/retries/standard.py").read_text()
    assert "return context.attempt < 3" in written


def test_cache_clear_says_so_when_a_part_cannot_be_removed(tmp_path, monkeypatch, capsys):
    """As root a read-only folder can still be emptied, so the refusal is the one part
    stood in for: ``rmtree`` removes nothing, as on a read-only cache."""
    import shutil

    from botoport.cli import main

    part = tmp_path / "reports"
    part.mkdir()
    (part / ".botoport").write_text("")
    (part / "entry.json").write_text("x" * 100)
    monkeypatch.setattr(shutil, "rmtree", lambda path, ignore_errors=False: None)
    assert main(["cache", "clear", "--cache-dir", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot remove all of {part}: 100 bytes left")
