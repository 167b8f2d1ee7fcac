"""Speed and memory of ``botoport check``, measured side by side in one run.

Builds a botocore-like git repository from real releases downloaded from the index (one commit
and tag per release, so no botocore clone is needed), then prints, as medians of ``--repeat``
runs:

- warm: ``botoport check`` with the table cache filled, beside ``git diff FROM..TO -- <mirror
  files>`` on the same repository (in-process, and as a command with interpreter start-up);
- cold: ``botoport check`` with an empty table cache, beside libcst parsing the changed mirror
  files at both versions;
- floors: the least any check of this design spends (GitPython asking git for the changed
  files once; the interpreter's start-up with botoport's imports; loading the cached registries);
- peak memory (max RSS) of a cold ``botoport check`` command over ``--memory-range``, with the
  releases it needs already downloaded, and that every release was downloaded at most once.

    python bench/speed.py [--range 1.42.84:1.42.89] [--memory-range 1.35.36:1.35.81] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from botoport.cache.parsed import ParseCache
from botoport.check import run_check
from botoport.config import load_config
from botoport.mirror.paths import botocore_path_of
from botoport.port.classify import has_mirror
from botoport.sources.git import GitSource
from botoport.sources.index import IndexSource, aiobotocore_release_for
from packaging.version import Version

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@botoport.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@botoport.invalid",
}


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``action`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build_repo(index: IndexSource, versions: list[str], repo: Path, mirrors: list[str]) -> None:
    """A git repository with one commit and tag per release, holding the botocore files that
    aiobotocore mirrors (the only ones a check reads; releases are read by range, file by file)."""
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=GIT_ENV)
    for version in versions:
        shutil.rmtree(repo / "botocore", ignore_errors=True)
        for path in mirrors:
            text = index.read(version, path)
            if text is not None:
                (repo / path).parent.mkdir(parents=True, exist_ok=True)
                (repo / path).write_text(text, encoding="utf-8")
        commit = ["commit", "-q", "--allow-empty", "-m", version]
        for step in (["add", "-A"], commit, ["tag", version]):
            subprocess.run(["git", "-C", str(repo), *step], check=True, env=GIT_ENV)


def releases_between(index: IndexSource, low: str, high: str) -> list[str]:
    """Releases from ``low`` to ``high`` inclusive, oldest first."""
    return [v for v in index.releases() if Version(low) <= Version(v) <= Version(high)]


def speed(index: IndexSource, aio: IndexSource, low: str, high: str, repeat: int) -> None:
    """Warm and cold timings for one range."""
    versions = releases_between(index, low, high)
    tree = aio.tree(aiobotocore_release_for(low, aio))
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "botocore"
        mirrored = [botocore_path_of(p) for p in tree.python_files()]
        build_repo(index, versions, repo, [p for p in mirrored if has_mirror(p, tree)])
        source = GitSource(repo)
        mirrors = [p for p in source.changed_files(low, high) if has_mirror(p, tree)]
        warm_cache = Path(tmp) / "warm"
        run_check(source, tree, low, high, tables=ParseCache(warm_cache))

        def git_diff() -> None:
            subprocess.run(
                ["git", "-C", str(repo), "diff", f"{low}..{high}", "--", *mirrors],
                check=True,
                capture_output=True,
            )

        def warm() -> None:
            run_check(GitSource(repo), tree, low, high, tables=ParseCache(warm_cache))

        def cold() -> None:
            with tempfile.TemporaryDirectory() as empty:
                run_check(GitSource(repo), tree, low, high, tables=ParseCache(Path(empty)))

        command = [
            sys.executable,
            "-m",
            "botoport.cli",
            "check",
            "--botocore-clone",
            str(repo),
            "--aiobotocore-root",
            str(tree.root),
            "--from",
            low,
            "--to",
            high,
        ]
        env = {**os.environ, "BOTOPORT_CACHE_DIR": str(warm_cache)}

        def warm_command() -> None:
            subprocess.run(command, capture_output=True, env=env, check=False)

        texts = [source.read(v, p) or "" for p in mirrors for v in (low, high)]

        # Floors: what any check of this design must spend before classifying anything.
        def gitpython_diff() -> None:
            from git import Repo

            Repo(repo).git.diff("--name-only", f"{low}..{high}", "--", "botocore")

        def startup() -> None:
            subprocess.run([sys.executable, "-c", "import botoport.cli"], check=True)

        def interpreter() -> None:
            subprocess.run([sys.executable, "-c", "pass"], check=True)

        def registries_hit() -> None:
            ParseCache(warm_cache).registries(tree)

        def libcst_parse() -> None:
            import libcst

            for text in texts:
                libcst.parse_module(text)

        figures = {
            "git diff (command)": median_seconds(git_diff, repeat),
            "check warm (in-process)": median_seconds(warm, repeat),
            "check warm (command)": median_seconds(warm_command, repeat),
            "libcst parse, changed mirror files x2": median_seconds(libcst_parse, repeat),
            "check cold (in-process)": median_seconds(cold, repeat),
            "floor: GitPython open + one git diff --name-only": median_seconds(
                gitpython_diff, repeat
            ),
            "floor: interpreter start + imports (command)": median_seconds(startup, repeat),
            "floor: interpreter start alone (python -c pass)": median_seconds(interpreter, repeat),
            "floor: aiobotocore registries from the cache": median_seconds(registries_hit, repeat),
        }
    print(f"## {low} -> {high}: {len(versions)} releases, {len(mirrors)} changed mirror files\n")
    print("| measure | median |")
    print("| --- | --- |")
    for name, seconds in figures.items():
        print(f"| {name} | {seconds * 1000:.0f} ms |")
    git_s, parse_s = figures["git diff (command)"], figures["libcst parse, changed mirror files x2"]
    start_s = figures["floor: interpreter start alone (python -c pass)"]
    print(
        f"\nwarm in-process / git diff = {figures['check warm (in-process)'] / git_s:.2f}x; "
        f"warm command / git diff = {figures['check warm (command)'] / git_s:.2f}x; "
        f"warm command / interpreter start = {figures['check warm (command)'] / start_s:.2f}x; "
        f"cold in-process / libcst parse = {figures['check cold (in-process)'] / parse_s:.2f}x\n"
    )


def memory(index: IndexSource, aio: IndexSource, low: str, high: str) -> None:
    """Peak RSS of a cold ``botoport check`` over the range, releases already downloaded."""
    for version in releases_between(index, low, high):
        index.tree(version)
    aio_version = aiobotocore_release_for(low, aio)
    aio.tree(aio_version)
    with tempfile.TemporaryDirectory() as tmp:
        cold = Path(tmp)
        (cold / "releases").symlink_to(index.cache_dir)  # downloads shared, tables empty
        env = {**os.environ, "BOTOPORT_CACHE_DIR": str(cold)}
        start = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "botoport.cli",
                "check",
                "--from",
                low,
                "--to",
                high,
                "--aiobotocore-root",
                str(aio.tree(aio_version).root),
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()
    print(f"## memory: cold check {low} -> {high} against aiobotocore {aio_version}\n")
    print(f"peak RSS {peak:.0f} MB, {seconds:.1f} s, exit {done.returncode}: {last}")
    print(
        f"downloads this run: {len(index.downloads)}, each release at most once: "
        f"{len(index.downloads) == len(set(index.downloads))}\n"
    )


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--range", default="1.42.84:1.42.89")
    parser.add_argument("--memory-range", default="1.35.36:1.35.81")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-memory", action="store_true")
    args = parser.parse_args()
    index = IndexSource(load_config().cache_dir())
    aio = IndexSource(load_config().cache_dir(), project="aiobotocore")
    speed(index, aio, *args.range.split(":"), args.repeat)
    if not args.no_memory:
        memory(index, aio, *args.memory_range.split(":"))


if __name__ == "__main__":
    main()
