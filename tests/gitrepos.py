"""Real git repositories built by the tests: a botocore-like clone with release tags."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]

GIT_ENV = {
    "GIT_AUTHOR_NAME": "botoport tests",
    "GIT_AUTHOR_EMAIL": "tests@botoport.invalid",
    "GIT_COMMITTER_NAME": "botoport tests",
    "GIT_COMMITTER_EMAIL": "tests@botoport.invalid",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "PATH": "/usr/bin:/bin:/usr/local/bin",
}


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` and return its output."""
    done = subprocess.run(
        ["git", *args], cwd=repo, env=GIT_ENV, check=True, capture_output=True, text=True
    )
    return done.stdout


def write_tree(root: Path, files: Mapping[str, str | None]) -> None:
    """Write (or, for None, delete) files under ``root``."""
    for path, text in files.items():
        target = root / path
        if text is None:
            target.unlink(missing_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def tagged_repo(path: Path, releases: Sequence[tuple[str, Mapping[str, str | None]]]) -> Path:
    """A git repository with one commit and tag per release; each release's files are
    applied on top of the previous release's tree."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "develop")
    for version, files in releases:
        write_tree(path, files)
        git(path, "add", "-A")
        git(path, "commit", "-q", "--allow-empty", "-m", f"release {version}")
        git(path, "tag", version)
    return path


def botoport_snapshot(into: Path) -> str:
    """This checkout's package and hook definitions committed once at ``into`` (what
    pre-commit installs a hook from); returns the commit."""
    for name in ("classifier", "hooks", "lsp"):
        shutil.copytree(CHECKOUT / name, into / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(CHECKOUT / name, into / name)
    git(into, "init", "-q")
    git(into, "add", "-A")
    git(into, "commit", "-qm", "snapshot")
    return git(into, "rev-parse", "HEAD").strip()


def configure_hooks(root: Path, hook_repo: tuple[Path, str], hooks: str) -> None:
    """Write ``.pre-commit-config.yaml`` at ``root``: botoport's hooks (``hooks``, the YAML
    list under ``hooks:``) from the snapshot ``hook_repo`` (its path and commit)."""
    repo, rev = hook_repo
    text = f"repos:\n- repo: {repo}\n  rev: {rev}\n  hooks:\n{hooks}"
    (root / ".pre-commit-config.yaml").write_text(text)
