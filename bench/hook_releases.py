"""Both hooks through real pre-commit on real history, as CI runs them
(``pre-commit run --from-ref HEAD~1 --to-ref HEAD``). For consecutive aiobotocore releases whose
botocore bounds moved, the earlier release is committed to a fresh git repository, then

(a) the later release is committed over it — the whole sync as one commit, which both hooks
    should pass — and
(b) only its ``pyproject.toml`` is committed instead — the bounds without the port, which
    ``botoport-bump`` should block when the range needs a port.

The hooks come from a snapshot of this checkout (one pre-commit environment, built on the first
pair); botocore comes from the package index.

    python -m bench.hook_releases [--since 2.13.3] [3.3.0:3.4.0 ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from botoport.config import load_config
from botoport.errors import BotoportError
from botoport.workspace import index_source

from bench.drift_releases import commit_release, git, lay_over, moved_pairs
from tests.gitrepos import botoport_snapshot, configure_hooks

HOOKS = ("botoport-bump", "botoport-drift")
CI_RANGE = ("--from-ref", "HEAD~1", "--to-ref", "HEAD")


def pre_commit(root: Path, home: Path, hook: str) -> tuple[int, str]:
    """One hook over the last commit, as CI runs it; (exit status, its output)."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env["PRE_COMMIT_HOME"] = str(home)
    env.pop("BOTOPORT_BOTOCORE_CLONE", None)
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--verbose", hook, *CI_RANGE],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.returncode, done.stdout + done.stderr


def run_pair(pair: str, repo: Path, rev: str, home: Path) -> str:
    """One table row: the pair, the range's verdict, and what the hooks did with (a) and (b)."""
    before, after = pair.split(":")
    releases = index_source(load_config({}), "aiobotocore")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        commit_release(releases.tree(before).root, root, before)
        configure_hooks(root, (repo, rev), "".join(f"  - id: {hook}\n" for hook in HOOKS))
        git(root, "add", "-A")
        git(root, "commit", "-qm", "hooks")
        base = _head(root)
        started = time.perf_counter()
        lay_over(releases.tree(after).root, root)
        git(root, "add", "-A")
        git(root, "commit", "-qm", after, "--no-verify")
        whole = {hook: pre_commit(root, home, hook) for hook in HOOKS}
        git(root, "reset", "-q", "--hard", base)
        shutil.copy(releases.tree(after).root / "pyproject.toml", root / "pyproject.toml")
        git(root, "commit", "-qam", f"{after} bounds only", "--no-verify")
        alone = pre_commit(root, home, "botoport-bump")
        seconds = time.perf_counter() - started
    verdict = _verdict(whole["botoport-bump"][1])
    shown = ", ".join(f"{h.removeprefix('botoport-')} {_state(whole[h][0])}" for h in HOOKS)
    return (
        f"| {before} → {after} | {verdict} | {shown} | {_state(alone[0])} | {seconds:.1f} s |"
        + "".join(f"\n    {line}" for line in _blocks(whole))
    )


def _head(root: Path) -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True)
    return done.stdout.strip()


def _state(status: int) -> str:
    return "pass" if status == 0 else f"BLOCK ({status})"


def _verdict(output: str) -> str:
    for line in output.splitlines():
        if "botocore " in line and " -> " in line and ":" in line:
            return line.split("botocore ", 1)[1].strip()
    return "bounds equal"


def _blocks(whole: dict[str, tuple[int, str]]) -> list[str]:
    """The lines a blocking hook printed, for the rows that did not pass."""
    return [
        f"{hook}: {line.strip()}"
        for hook, (status, output) in whole.items()
        if status != 0
        for line in output.splitlines()
        if "BLOCK" in line or "error:" in line
    ]


def main() -> None:
    """Print one table row per pair."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="*", help="BEFORE:AFTER aiobotocore releases")
    parser.add_argument("--since", default="2.13.3", help="first release of the moved pairs")
    args = parser.parse_args()
    try:
        pairs = args.pairs or moved_pairs(args.since)
    except BotoportError as exc:
        sys.exit(f"error: {exc}")
    print("| aiobotocore | botocore range | whole release | pyproject.toml alone | time |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        repo, home = Path(tmp) / "hooks", Path(tmp) / "pre-commit-home"
        repo.mkdir()
        rev = botoport_snapshot(repo)
        for pair in pairs:
            try:
                print(run_pair(pair, repo, rev, home), flush=True)
            except (BotoportError, subprocess.CalledProcessError) as exc:
                print(f"| {pair} | error: {exc} | | | |", flush=True)


if __name__ == "__main__":
    main()
