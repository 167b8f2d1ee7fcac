"""Both hooks' gates on real history: for consecutive aiobotocore releases, the earlier one is
committed to a fresh git repository, then (a) the later release is laid over it — the whole
sync as one commit, which both hooks should pass — and (b) only its ``pyproject.toml`` — the
bounds without the port, which ``botoport-bump`` should block when the range needs a port.

    python bench/hook_releases.py [3.3.0:3.4.0 ...]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from botoport.check import index_source
from botoport.config import load_config
from botoport.errors import BotoportError
from botoport.gates import bump_gate, drift_gate
from botoport.sources.revisions import Range
from botoport.sources.trees import DirectoryTree

from bench.drift_releases import commit_release, git, lay_over

PAIRS = [
    "2.24.3:2.25.0",
    "2.25.0:2.25.1",
    "3.1.2:3.1.3",
    "3.1.3:3.2.0",
    "3.2.1:3.3.0",
    "3.3.0:3.4.0",
    "3.4.0:3.5.0",
    "3.5.0:3.6.0",
]


def run_pair(pair: str) -> str:
    """One line: the pair, the range, and what each gate said of (a) and (b)."""
    before, after = pair.split(":")
    releases = index_source(load_config({}), "aiobotocore")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        commit_release(releases.tree(before).root, root, before)
        started = time.perf_counter()
        lay_over(releases.tree(after).root, root)
        changed = _changed_package_files(root)
        whole_bump = bump_gate(root, Range(), strict=False)
        whole_drift = drift_gate(root, Range(), changed, strict=False)
        git(root, "checkout", "-q", "--", ".")
        git(root, "clean", "-qfd")
        (root / "pyproject.toml").write_text(
            (releases.tree(after).root / "pyproject.toml").read_text()
        )
        alone = bump_gate(root, Range(), strict=False)
        seconds = time.perf_counter() - started
    verdict = next((w for w in whole_bump.warnings if w.startswith("botocore ")), "bounds equal")
    drift = "clean" if not whole_drift.blocks else f"BLOCK ({whole_drift.report.drift.value})"
    return (
        f"{pair:<15} {verdict:<42} whole: bump {'BLOCK' if whole_bump.blocks else 'pass'}, "
        f"drift {drift:<24} pyproject alone: {'BLOCK' if alone.blocks else 'pass'}  "
        f"{seconds:.1f} s" + "".join(f"\n    {b.splitlines()[0]}" for b in whole_bump.blocks)
    )


def _changed_package_files(root: Path) -> list[str]:
    listing = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", "aiobotocore"],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    paths = [line[3:] for line in listing.splitlines() if line[3:].endswith(".py")]
    return [p for p in paths if DirectoryTree(root).read(p) is not None]


def main() -> None:
    """Print one line per pair."""
    for pair in sys.argv[1:] or PAIRS:
        try:
            print(run_pair(pair), flush=True)
        except BotoportError as exc:
            print(f"{pair:<15} error: {exc}", flush=True)


if __name__ == "__main__":
    main()
