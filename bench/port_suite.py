"""What ``sync --write --port`` writes, judged by aiobotocore's own test suite.

For each pair of aiobotocore releases (BEFORE:AFTER, whose botocore bounds moved and whose range
is port-required), the sdist of BEFORE (it carries ``tests/``) is committed to a git repository
and ``botoport sync --to TO --write --port`` runs in it (TO: the newest botocore AFTER admits).
The written tree is installed with botocore TO and its test group into one venv kept in the
cache, and aiobotocore's suite runs on it; then the same on AFTER's sdist (the maintainers'
port). A failure is botoport's when the maintainers' tree passes that test and the tree left
unported (BEFORE under TO, running the same tests) does not fail it too (that failure belongs to
a port botoport listed as left, or, on the live range, to a test of what botocore changed); a
test naming a left port's function or class, and a left port's digest test, are held red by
design. ``BEFORE:`` with
no AFTER is the live range: TO is the newest botocore release, and the baseline is BEFORE's own
tree under FROM (what fails there fails for reasons of this machine: real AWS, docker, the
internet).

    python -m bench.port_suite [BEFORE:AFTER | BEFORE: ...]
        (default: every pair since 2.23.0 whose range is port-required, and the live range)

Needs the package index (sdists, botocore, the test group's packages). Minutes per row.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import venv
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import tomllib
from botoport.bounds import tree_bounds
from botoport.check import run_check
from botoport.config import load_config
from botoport.testport.plan import names_any
from botoport.workspace import index_source

from bench.drift_releases import moved_pairs

CACHE = load_config({}).cache_dir() / "bench-suite"
LIVE = "3.10.0:"


def main() -> None:
    """One line per row: tests run, failures, and the failures that are botoport's."""
    run_rows(sys.argv[1:] or [*moved_pairs("2.23.0"), LIVE], run_row)


def run_rows(pairs: list[str], row: Callable[[str, str | None], str]) -> None:
    """Print each ``BEFORE:AFTER`` row; one row's set-up failing does not end the others."""
    for pair in pairs:
        before, _, after = pair.partition(":")
        try:
            print(row(before, after or None), flush=True)
        except SystemExit as exc:
            print(f"{pair}: not run: {exc}", flush=True)


def row_range(before: str, after: str | None) -> tuple[str, str, str]:
    """botocore FROM (what BEFORE admits), TO (what AFTER admits, else the newest), and the
    row's line when it is skipped (the range is no-port for BEFORE's tree), else ""."""
    config = load_config({})
    aio, botocore = index_source(config, "aiobotocore"), index_source(config)
    releases = botocore.releases()
    from_v = tree_bounds(aio.tree(before)).newest_admitted(releases)
    to_v = tree_bounds(aio.tree(after)).newest_admitted(releases) if after else releases[-1]
    assert from_v is not None and to_v is not None
    report = run_check(botocore, aio.tree(before), from_v, to_v)
    if report.classification == "port-required":
        return from_v, to_v, ""
    return from_v, to_v, f"{before} -> {after} (botocore {from_v} -> {to_v}): no-port, skipped"


def run_row(before: str, after: str | None) -> str:
    """Write the port on BEFORE, run the suite on it and on the baseline; one summary line."""
    from_v, to_v, skipped = row_range(before, after)
    if skipped:
        return skipped
    with tempfile.TemporaryDirectory() as folder:
        ours = unpack(before, Path(folder) / "ours")
        git(ours, "init", "-q")
        git(ours, "add", "-A")
        git(ours, "commit", "-qm", before)
        orphaned = orphaned_mirrors(ours, to_v)
        sync = subprocess.run(
            [sys.executable, "-m", "botoport", "sync", "--to", to_v, "--write", "--port"],
            cwd=ours, capture_output=True, text=True,
        )  # fmt: skip
        left = [line for line in sync.stdout.splitlines() if line.startswith("left:")]
        if after:
            theirs = unpack(after, Path(folder) / "theirs")
            with_their_tests(ours, theirs)
            baseline = run_suite(theirs, to_v)
        else:
            baseline = run_suite(unpack(before, Path(folder) / "theirs"), from_v)
        suite = theirs if after else None
        complete = (ours / "tests" / "conftest.py").exists()
        mine = run_suite(ours, to_v, suite=suite)
        new_failures = sorted(set(mine.failed) - set(baseline.failed))
        if new_failures:  # a second run tells a flaky test (a moto server, a port) from a failure
            again = run_suite(ours, to_v, new_failures, suite).failed
            new_failures = sorted(set(new_failures) & set(again))
        # A test that fails as well on the tree left unported (under TO, running the same
        # tests) does not fail for what botoport wrote: a port it left (listed), or a test of
        # what botocore changed (on the live range, whose tests are aiobotocore's own).
        upstream: set[str] = set()
        if new_failures:
            unported = unpack(before, Path(folder) / "unported")
            if after:
                with_their_tests(unported, theirs)
            upstream = set(run_suite(unported, to_v, new_failures, suite).failed)
        # A test of a port left for a person (its module names the function, or the class of
        # the method) stays red until the port is written, as the left port's test_patches.py
        # digest test does, by design.
        names = {line.split()[1].split(".")[0].split("[")[0] for line in left}
        held = [t for t in new_failures if _names_any(ours, t, names) or _digest_test(t, left)]
        # A test in a mirror whose botocore original the range deleted tests what botocore
        # removed: `--tests` reports that mirror orphaned, for the port PR to remove.
        held += [t for t in new_failures if t.partition("::")[0] in orphaned and t not in held]
    of_tests = [test for test in new_failures if test in upstream and test not in held]
    caused = [test for test in new_failures if test not in held and test not in of_tests]
    partial = "" if complete else " [the sdist ships no tests/conftest.py: a partial suite]"
    lines = [
        f"{before} -> {after or 'live'}{partial} (botocore {from_v} -> {to_v}): "
        f"sync exit {sync.returncode},"
        f" {len(left)} ports left; botoport's tree {mine}; baseline {baseline}; "
        f"tests held red (left ports' digest tests, tests naming them, in orphaned mirrors): "
        f"{len(held)}; "
        f"failing unported too (ports left, tests of what botocore changed): {len(of_tests)}; "
        f"failures caused by botoport's output: {len(caused)}"
    ]
    lines += [f"    {test}" for test in caused[:20]]
    return "\n".join(lines)


def orphaned_mirrors(tree: Path, to_version: str) -> set[str]:
    """The mirror files ``sync --port --tests`` (not written) reports orphaned: botocore
    deleted their original in the range."""
    done = subprocess.run(
        [sys.executable, "-m", "botoport", "sync", "--to", to_version, "--port", "--tests"],
        cwd=tree, capture_output=True, text=True,
    )  # fmt: skip
    prefix = "test orphaned: "
    return {
        line.removeprefix(prefix).partition(":")[0]
        for line in done.stdout.splitlines()
        if line.startswith(prefix)
    }


def _digest_test(test: str, left: list[str]) -> bool:
    return test.startswith("tests/test_patches.py::") and bool(left)


def _names_any(tree: Path, test: str, names: set[str]) -> bool:
    """The module of ``test`` (a pytest id) names one of ``names`` as a word."""
    module = tree / test.partition("::")[0]
    return module.is_file() and names_any(module.read_text(), names)


class Outcome:
    """A suite run: tests collected, the ids of those that failed (errors included) and how
    many were skipped."""

    def __init__(self, collected: int, failed: list[str], skipped: int = 0) -> None:
        self.collected, self.failed, self.skipped = collected, failed, skipped

    def __str__(self) -> str:
        skipped = f", {self.skipped} skipped" if self.skipped else ""
        return f"{self.collected} tests, {len(self.failed)} failed{skipped}"


def with_their_tests(ours: Path, theirs: Path) -> None:
    """``ours`` runs the maintainers' suite (the tests their port came with), keeping the
    ``test_patches.py`` botoport wrote (its digests are botoport's to get right)."""
    patches = (ours / "tests" / "test_patches.py").read_bytes()
    shutil.rmtree(ours / "tests")
    shutil.copytree(theirs / "tests", ours / "tests")
    (ours / "tests" / "test_patches.py").write_bytes(patches)


def run_suite(
    tree: Path, botocore_version: str, only: list[str] | None = None, suite: Path | None = None
) -> Outcome:
    """aiobotocore's suite (or the tests ``only`` names) on ``tree`` installed with botocore
    ``botocore_version``, with the test packages of the tree whose suite it is (``suite``:
    the maintainers' tree, whose tests ``tree`` runs; else ``tree`` itself)."""
    pyproject = (suite or tree) / "pyproject.toml"
    groups = test_groups(pyproject)
    python = suite_python(groups)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    run([*pip, *(f"--group={pyproject}:{g}" for g in sorted(groups))], tree)
    try:
        run([*pip, "-e", str(tree), f"botocore=={botocore_version}"], tree)
    except SystemExit:  # a tree whose bounds refuse that botocore (the unported one): as it is
        run([*pip, "--no-deps", "-e", str(tree), f"botocore=={botocore_version}"], tree)
    report = tree / "junit.xml"
    report.unlink(missing_ok=True)
    # The maintainers' tests run under their own pytest settings (fixtures, anyio mode).
    config = ["-c", str(pyproject), "--rootdir", str(tree)]
    subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", *config,
         "-o", "junit_family=xunit1", "--junitxml", str(report), *(only or ["tests"])],
        cwd=tree, capture_output=True, text=True,
    )  # fmt: skip
    if not report.exists():
        return Outcome(0, ["<the suite did not run>"])
    failed, collected, skipped = [], 0, 0
    for case in ET.parse(report).getroot().iter("testcase"):
        collected += 1
        if case.find("failure") is not None or case.find("error") is not None:
            failed.append(node_id(case))
        skipped += case.find("skipped") is not None
    return Outcome(collected, sorted(set(failed)), skipped)


def node_id(case: ET.Element) -> str:
    """pytest's id of a junit (xunit1) test case: ``tests/test_x.py::TestY::test_z[p]``."""
    file = case.get("file") or ""
    module = file.removesuffix(".py").replace("/", ".")
    classes = (case.get("classname") or "").removeprefix(module).strip(".")
    return "::".join(part for part in (file, *classes.split("."), case.get("name")) if part)


def test_groups(pyproject: Path) -> dict[str, object]:
    """The dependency groups a tree's suite needs: ``test`` where it has one, else the older
    ``dev`` and ``botocore-dev``."""
    declared = tomllib.loads(pyproject.read_text()).get("dependency-groups", {})
    names = ["test"] if "test" in declared else ["dev", "botocore-dev"]
    return {name: declared[name] for name in names if name in declared}


def suite_python(groups: dict[str, object]) -> Path:
    """A venv for suites that need these groups (made once per set of groups, kept in the
    cache: trees of neighbouring releases share one; pip new enough for groups)."""
    key = hashlib.sha256(json.dumps(groups, sort_keys=True).encode()).hexdigest()[:12]
    folder = CACHE / f"venv-{key}"
    python = folder / "bin" / "python"
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(folder)
        run([str(python), "-m", "pip", "install", "-q", "pip>=25.1"], CACHE)
    return python


def unpack(version: str, target: Path) -> Path:
    """aiobotocore ``version``'s sdist (downloaded once into the cache), unpacked."""
    sdists = CACHE / "sdists"
    sdists.mkdir(parents=True, exist_ok=True)
    archive = sdists / f"aiobotocore-{version}.tar.gz"
    if not archive.exists():
        run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
             "-d", str(sdists), f"aiobotocore=={version}"],
            sdists,
        )  # fmt: skip
    with tarfile.open(archive) as sdist:
        sdist.extractall(target.parent / "unpacked", filter="data")
    (target.parent / "unpacked" / f"aiobotocore-{version}").rename(target)
    return target


def run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)}: {done.stderr.strip()[-400:]}")


def git(root: Path, *args: str) -> None:
    run(["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", *args], root)


if __name__ == "__main__":
    main()
