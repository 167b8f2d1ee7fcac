"""Running botoport as its users do: the command line in a fresh interpreter, a hook through
real pre-commit; and small helpers those tests share."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from botoport.patches.compute import compute_digests

from tests.gitrepos import GIT_ENV


def botoport(
    *args: str | Path,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    fresh: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run the command line (``env`` adds variables): in this interpreter through
    ``botoport.cli.main(argv)``, or with ``fresh`` in a new one, as a user's shell does (for
    what only a new process shows: imports, signals, variables read at import)."""
    argv = [str(arg) for arg in args]
    if fresh:
        return subprocess.run(
            [sys.executable, "-m", "botoport.cli", *argv],
            capture_output=True,
            text=True,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            check=False,
        )
    return _in_process(argv, cwd, env or {})


def _in_process(
    argv: list[str], cwd: Path | None, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    from botoport.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_cwd, saved_env = os.getcwd(), dict(os.environ)
    try:
        os.environ.update(env)
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(argv, status, out.getvalue(), err.getvalue())


def run_hook(
    root: Path,
    clone: Path,
    home: Path,
    *extra: str,
    hook: str = "botoport-bump",
    environ: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run one hook through real pre-commit in ``root`` (``clone`` as the botocore source);
    ``environ`` adds variables (the run is outside GitHub Actions unless it says otherwise)."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"},
        **GIT_ENV,
        "PATH": f"{Path(sys.executable).parent}:{GIT_ENV['PATH']}",
        "PRE_COMMIT_HOME": str(home),
        **(environ or {}),
    }
    if str(clone) not in ("", "."):
        env["BOTOPORT_BOTOCORE_CLONE"] = str(clone)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--verbose", hook, *extra],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def new_digest(clone: Path, root: Path, symbol: str, version: str) -> str:
    """The digest ``symbol`` of ``root``'s test_patches.py has at the clone's ``version``."""
    patches = (root / "tests/test_patches.py").read_text()

    def read(path: str) -> str | None:
        done = subprocess.run(
            ["git", "show", f"{version}:{path}"], cwd=clone, capture_output=True, text=True
        )
        return done.stdout if done.returncode == 0 else None

    [result] = [r for r in compute_digests(patches, read) if r.entry.raw == symbol]
    return str(result.digest)


def copy_release(tree_root: Path, into: Path) -> None:
    """An aiobotocore sdist's kept files (package, test_patches, pyproject) over ``into``."""
    for name in ("aiobotocore", "tests", "pyproject.toml", "setup.py"):
        target = into / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        source = tree_root / name
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.exists():
            shutil.copy(source, target)
