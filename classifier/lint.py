"""What botoport writes, laid out as the target project lays out its code: where the
project configures ruff (``[tool.ruff]`` in its ``pyproject.toml``) and ruff is installed, each
written Python file goes through ``ruff check --fix`` (import order) and
``ruff format``, under the project's own configuration. ruff reads the text on stdin and
answers on stdout; nothing of the project is imported or run. Without ruff the writer's own
layout stands (imports in isort's order, the file's line endings).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

# The rule a port can break by itself. (The imports it leaves unused it drops itself, keeping
# those botocore's module still imports: ruff's F401 would drop those too.)
FIXED_RULES = "I001"


def project_ruff(root: Path, pyproject_text: str | None) -> str | None:
    """The ruff executable to lay written code out with: only where the project configures
    ruff and ruff is on PATH."""
    if pyproject_text is None or "[tool.ruff" not in pyproject_text:
        return None
    return shutil.which("ruff")


def laid_out(ruff: str, root: Path, writes: Mapping[str, str]) -> dict[str, str]:
    """``writes`` with each Python file fixed and formatted by ``ruff`` as the project at
    ``root`` configures it; a file ruff cannot read is left as written."""
    out = dict(writes)
    for path, text in writes.items():
        if path.endswith(".py"):
            fixed = _ruff(ruff, root, path, text, ["check", "--fix-only", "--select", FIXED_RULES])
            out[path] = _ruff(ruff, root, path, fixed, ["format"])
    return out


def _ruff(ruff: str, root: Path, path: str, text: str, command: list[str]) -> str:
    try:
        done = subprocess.run(
            [ruff, *command, "--quiet", "--stdin-filename", path, "-"],
            cwd=root, input=text, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return text
    return done.stdout if done.returncode == 0 and done.stdout else text
