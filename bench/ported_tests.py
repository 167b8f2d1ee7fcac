"""``sync --write --port --tests`` against the tests the maintainers ported.

For each pair of aiobotocore releases (BEFORE:AFTER, bounds moved, range port-required) the sdist
of BEFORE is committed to a git repository and ``botoport sync --to TO --write --port --tests``
runs in it. The maintainers' tests are the test functions AFTER's ``tests/botocore_tests/`` adds
or changes against BEFORE's that botocore TO's tests have (by name: aiobotocore's own tests are
not botocore's to port); for each: did botoport write a test of that name in that file, and is
it equal to theirs (syntax trees, docstrings and comments aside)? Then the written tree is
installed with botocore TO and every test botoport wrote runs in aiobotocore's suite: passed,
skipped, failed. ``BEFORE:`` is the live range (TO: the newest botocore; no maintainers' tests).

    python -m bench.ported_tests [--backfill | --complete-new] [BEFORE:AFTER | BEFORE: ...]
        (default: every pair since 3.9.0 — older sdists carry no tests/botocore_tests — and the
        live range)

``--backfill`` also passes ``--backfill`` for every mirror file BEFORE has: every botocore test
those mirrors lack is converted, a hostile load for the conversion's soundness (what it writes
must pass; what it cannot tell it must leave). ``--complete-new`` is a maintainer's second step:
each mirror file the sync created is completed by a second run with ``--backfill`` for it (the
files come from botoport's own output, not from AFTER).

Needs the package index. Minutes per row.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from botoport.config import load_config
from botoport.testport.items import changed_tests, read_items
from botoport.workspace import index_source

from bench.drift_releases import moved_pairs
from bench.port_suite import LIVE, git, row_range, run_rows, run_suite, unpack

MIRROR = "tests/botocore_tests"


def main() -> None:
    """One block per row: the maintainers' tests written and equal, and the written tests run."""
    flags = {"--backfill", "--complete-new"}
    pairs = [a for a in sys.argv[1:] if a not in flags]
    backfill, complete = "--backfill" in sys.argv[1:], "--complete-new" in sys.argv[1:]
    rows = pairs or [*moved_pairs("3.9.0"), LIVE]
    run_rows(rows, lambda b, a: run_row(b, a, backfill, complete))


def run_row(before: str, after: str | None, backfill: bool = False, complete: bool = False) -> str:
    """Port BEFORE's tree with its tests; compare with AFTER's tests; run what was written."""
    from_v, to_v, skipped = row_range(before, after)
    if skipped:
        return skipped
    with tempfile.TemporaryDirectory() as folder:
        ours = unpack(before, Path(folder) / "ours")
        if not (ours / MIRROR).is_dir():
            return f"{before} -> {after}: the sdist carries no {MIRROR}, not measurable"
        original = {p: p.read_text() for p in (ours / MIRROR).rglob("test_*.py")}
        git(ours, "init", "-q")
        git(ours, "add", "-A")
        git(ours, "commit", "-qm", before)
        command = ["sync", "--to", to_v, "--write", "--port", "--tests"]
        for path in sorted(original) if backfill else []:
            command += ["--backfill", path.relative_to(ours).as_posix()]
        sync = _botoport(ours, command)
        status = _test_statuses(sync.stdout)
        created = sorted(set((ours / MIRROR).rglob("test_*.py")) - set(original))
        if complete and created:  # the second step: each new mirror completed
            fills = [a for p in created for a in ("--backfill", p.relative_to(ours).as_posix())]
            second = _test_statuses(_botoport(ours, [*command, *fills]).stdout)
            status = {**second, **{t: how for t, how in status.items() if t not in second
                                   or second[t].startswith("covered")}}  # fmt: skip
        written = sorted(test for test, how in status.items() if how.startswith("written"))
        theirs: dict[str, tuple[bool, bool]] = {}
        if after:
            theirs = maintainers_tests(unpack(after, Path(folder) / "theirs"), original, ours)
            botocores = botocore_test_names(to_v)
            theirs = {t: v for t, v in theirs.items() if t.rpartition("::")[2] in botocores}
        suite = run_suite(ours, to_v, written) if written else None
    return _summary(before, after, (from_v, to_v), sync.returncode, status, theirs, suite)


def _botoport(tree: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "botoport", *command], cwd=tree, capture_output=True, text=True
    )


def maintainers_tests(
    theirs: Path, original: dict[Path, str], ours: Path
) -> dict[str, tuple[bool, bool]]:
    """Each test AFTER adds or changes under the mirror: (botoport wrote one of that name,
    equal to theirs)."""
    found: dict[str, tuple[bool, bool]] = {}
    for path in sorted((theirs / MIRROR).rglob("test_*.py")):
        relative = path.relative_to(theirs)
        before = original.get(ours / relative)
        their_text = path.read_text()
        their_items = read_items(their_text)
        mine = ours / relative
        my_items = read_items(mine.read_text()) if mine.exists() else {}
        mine_before = read_items(before) if before is not None else {}
        for qualname in changed_tests(before, their_text):
            test_id = f"{relative.as_posix()}::{qualname.replace('.', '::')}"
            mine_item = my_items.get(qualname)
            was = mine_before.get(qualname)
            wrote = mine_item is not None and (was is None or was.shape != mine_item.shape)
            equal = (
                wrote and mine_item is not None and (mine_item.shape == their_items[qualname].shape)
            )
            found[test_id] = (wrote, equal)
    return found


def botocore_test_names(version: str) -> set[str]:
    """The names of every test function and method in botocore ``version``'s unit and
    functional tests (a maintainers' test named otherwise is aiobotocore's own)."""
    tree = index_source(load_config({}), "botocore-tests").tree(version)
    names: set[str] = set()
    for path in tree.root.rglob("test_*.py"):
        names |= {item.name for item in read_items(path.read_text()).values() if item.is_test}
    return names


def _test_statuses(output: str) -> dict[str, str]:
    """``test written: id`` lines of sync's output as {id: status (with why, for left)}."""
    statuses = {}
    for line in output.splitlines():
        if line.startswith("test "):
            how, _, rest = line.removeprefix("test ").partition(": ")
            test, _, why = rest.partition(": ")
            statuses[test] = f"{how}: {why}" if why else how
    return statuses


def _elsewhere(test: str, status: dict[str, str]) -> str:
    """What botoport did with a test of that name elsewhere (the maintainers may have moved
    it to another file or out of its class), else that botoport did not select it."""
    if test in status:
        return status[test]
    name = test.rpartition("::")[2]
    for other, how in status.items():
        if other.rpartition("::")[2] == name:
            return f"botoport: {other}: {how}"
    return "not selected: botocore did not change it in the range"


def _summary(
    before: str,
    after: str | None,
    versions: tuple[str, str],
    exit_code: int,
    status: dict[str, str],
    theirs: dict[str, tuple[bool, bool]],
    suite: object,
) -> str:
    written = [t for t, how in status.items() if how.startswith("written")]
    left = [t for t, how in status.items() if how.startswith("left")]
    failed: list[str] = getattr(suite, "failed", [])
    # A written test of a parallel implementation the port leaves is red until a person ports.
    expected = [t for t in failed if "fails until" in status.get(t.partition("[")[0], "")]
    wrote = sum(1 for w, _ in theirs.values() if w)
    equal = sum(1 for _, e in theirs.values() if e)
    share = f" ({wrote / len(theirs):.0%})" if theirs else ""
    lines = [
        f"{before} -> {after or 'live'} (botocore {versions[0]} -> {versions[1]}): sync exit "
        f"{exit_code}; botoport wrote {len(written)} tests, left {len(left)}; maintainers' "
        f"tests {len(theirs)}: written {wrote}{share}, equal {equal}; written tests in the "
        f"suite: {suite if suite is not None else 'none run'}"
        + (f" ({len(expected)} of them red until a parallel port is made)" if expected else "")
    ]
    lines += [f"    missed: {test} ({_elsewhere(test, status)})"
              for test, (w, _) in theirs.items() if not w]  # fmt: skip
    lines += [f"    failed: {test}" for test in failed[:20] if test not in expected]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
