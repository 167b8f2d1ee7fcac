"""The editor set-ups shipped in editors/, driven headless in the real editor against the real
server: diagnostics on the override's line, hover, the port action applied and the diagnostic
cleared, a bound raised while the editor runs picked up. Skipped, saying so, only where the
editor is not installed (.ci/run installs Debian's neovim)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gitrepos import git, write_tree
from tests.sample import AIO_FILES

ROOT = Path(__file__).resolve().parent.parent
STANDARD = "aiobotocore/retries/standard.py"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """HEAD admits botocore < 1.0.2; the working tree raised the bound to < 1.0.3."""
    root = tmp_path / "aiobotocore"
    write_tree(root, AIO_FILES)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "aiobotocore")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("< 1.0.2", "< 1.0.3"))
    return root


@pytest.mark.skipif(
    shutil.which("nvim") is None, reason="neovim is not installed (apt-get install neovim)"
)
def test_neovim_with_the_shipped_set_up(checkout: Path, clone: Path, tmp_path: Path) -> None:
    version = subprocess.run(["nvim", "--version"], capture_output=True, text=True).stdout
    set_up = "neovim-0.11.lua" if _at_least(version, (0, 11)) else "neovim-0.7.lua"
    out = tmp_path / "seen.json"
    env = editor_env(tmp_path, clone, checkout, out)
    driver = ROOT / "tests" / "editors" / "drive_neovim.lua"
    set_up_file = ROOT / "editors" / set_up
    subprocess.run(
        ["nvim", "--headless", "-n", "-u", str(set_up_file), "-c", f"luafile {driver}"],
        cwd=checkout, env=env, timeout=180, capture_output=True,
    )  # fmt: skip
    assert_the_editor_saw(json.loads(out.read_text()))


def editor_env(home: Path, clone: Path, checkout: Path, out: Path) -> dict[str, str]:
    """The editor's environment: botoport-lsp on PATH, no user configuration, the source,
    and the driver's inputs and output."""
    return {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "BOTOPORT_BOTOCORE_CLONE": str(clone),
        "BOTOPORT_TEST_FILE": str(checkout / STANDARD),
        "BOTOPORT_TEST_PYPROJECT": str(checkout / "pyproject.toml"),
        "BOTOPORT_TEST_OUT": str(out),
    }


def assert_the_editor_saw(seen: dict[str, object]) -> None:
    """What every editor must have seen (the drivers write the same JSON)."""
    assert "error" not in seen, seen
    diagnostics = seen["diagnostics"]
    assert isinstance(diagnostics, list) and len(diagnostics) == 1, seen
    assert diagnostics[0]["line"] == 4  # the override's def line (0-based)
    assert "registered override" in diagnostics[0]["message"]
    assert seen["moved"] is True, "the raised bound was not picked up while the editor ran"
    assert "```diff" in str(seen["hover"])
    assert any("apply botocore's change" in title for title in seen["actions"])  # type: ignore[attr-defined]
    assert seen["cleared"] is True, "the diagnostic stayed after the port action"
    assert "return context.attempt < 3" in str(seen["text"])


def _at_least(version_text: str, wanted: tuple[int, int]) -> bool:
    first = version_text.split()[1].lstrip("v") if version_text else "0.0"
    major, minor = (int(part) for part in first.split(".")[:2])
    return (major, minor) >= wanted


@pytest.mark.skipif(
    shutil.which("emacs") is None, reason="emacs is not installed (apt-get install emacs-nox)"
)
def test_emacs_eglot_with_the_shipped_set_up(checkout: Path, clone: Path, tmp_path: Path) -> None:
    out = tmp_path / "seen.json"
    env = {
        **editor_env(tmp_path, clone, checkout, out),
        "BOTOPORT_SET_UP": str(ROOT / "editors" / "emacs-eglot.el"),
    }
    driver = ROOT / "tests" / "editors" / "drive_eglot.el"
    done = subprocess.run(
        ["emacs", "--batch", "-q", "--eval", "(package-initialize)", "-l", str(driver)],
        cwd=checkout, env=env, timeout=180, capture_output=True, text=True,
    )  # fmt: skip
    if "Cannot open load file" in done.stderr and "eglot" in done.stderr:
        pytest.skip("eglot is not installed (apt-get install elpa-eglot)")
    assert_the_editor_saw(json.loads(out.read_text()))
