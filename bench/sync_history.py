"""``botoport sync --write`` replayed on history: for each sync row of
tests/data/scenarios.json, the aiobotocore release before the one that shipped it is
committed to a fresh git repository, synced to the row's TO, and what sync wrote is compared
with the release that shipped the sync: its botocore/boto3/awscli requirement lines, and (for
no-port rows) its tests/test_patches.py byte for byte.

    python bench/sync_history.py [--rows PR,PR,...] [--port]   (--port: port-required rows too)
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from botoport.cache.parsed import ParseCache
from botoport.config import load_config
from botoport.mirror.trees import PATCHES_PATH, PYPROJECT_PATH
from botoport.ranges import sync_range
from botoport.sources.checkout import DirectoryTree
from botoport.sources.index import IndexSource
from botoport.sources.revisions import head_reader
from botoport.sync import plan_sync
from botoport.workspace import Workspace

from bench.drift_releases import commit_release
from bench.replay import load_rows

REQUIREMENT = re.compile(r"""^\s*["'](botocore|boto3|awscli)\s*[<>=].*$""", re.M)
BOTOCORE_LOWER = re.compile(r"""["']botocore\s*(?:\[[^\]]*\])?\s*>=\s*([0-9][0-9.]*)""")


def requirement_lines(pyproject: str) -> list[str]:
    """The botocore, boto3 and awscli requirement lines, as written."""
    return [m[0].strip() for m in REQUIREMENT.finditer(pyproject)]


def botocore_lower(pyproject: str) -> str:
    """The LOWER of the botocore requirement, or ``?``."""
    found = BOTOCORE_LOWER.search(pyproject)
    return found[1] if found else "?"


def replay(
    row: dict, botocore: IndexSource, aio: IndexSource, tables: ParseCache, companions
) -> str:
    """One line: the pair, the verdict, and whether the written files match the shipped ones."""
    releases = aio.releases()
    after = row["aiobotocore_version"]
    before = releases[releases.index(after) - 1]
    shipped = aio.tree(after)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        commit_release(aio.tree(before).root, root, before)
        tree = DirectoryTree(root)
        from_v, to_v = sync_range(botocore, tree, head_reader(root), row["to"])
        plan = plan_sync(botocore, tree, from_v, to_v, (), tables, companions)
        written = {
            p: plan.writes.get(p, tree.read(p) or "") for p in (PYPROJECT_PATH, PATCHES_PATH)
        }
    bounds_ok = requirement_lines(written[PYPROJECT_PATH]) == requirement_lines(
        shipped.read(PYPROJECT_PATH) or ""
    )
    patches_ok = written[PATCHES_PATH] == (shipped.read(PATCHES_PATH) or "")
    lower, shipped_lower = (
        botocore_lower(written[PYPROJECT_PATH]),
        botocore_lower(shipped.read(PYPROJECT_PATH) or ""),
    )
    lower_shown = "same" if lower == shipped_lower else f"{lower}≠{shipped_lower}"
    verdict = plan.report.classification
    return (
        f"#{row['pr']:<5} {before:>7} -> {after:<7} {from_v}->{to_v:<8} "
        f"expected {row['expected']:<13} got {verdict:<13} "
        f"LOWER {lower_shown:<6} bounds {'same' if bounds_ok else 'DIFFER'}  "
        f"test_patches {'same' if patches_ok else 'DIFFER'}"
    )


def main() -> None:
    """Print one line per row and the totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", help="comma-separated PR numbers")
    parser.add_argument("--port", action="store_true", help="port-required rows too")
    args = parser.parse_args()
    rows = load_rows()
    if args.rows:
        wanted = {int(r) for r in args.rows.split(",")}
        rows = [r for r in rows if r["pr"] in wanted]
    elif not args.port:
        rows = [r for r in rows if r["expected"] == "no-port"]
    cache = load_config().cache_dir()
    botocore, aio = IndexSource(cache), IndexSource(cache, project="aiobotocore")
    tables = ParseCache(cache)
    companions = Workspace(None, load_config({})).companion_releases()
    for row in rows:
        started = time.perf_counter()
        try:
            line = replay(row, botocore, aio, tables, companions)
        except Exception as exc:  # a bench row that fails is reported, the rest still run
            line = f"#{row['pr']:<5} failed: {exc}"
        print(f"{line}  {time.perf_counter() - started:.1f}s", flush=True)


if __name__ == "__main__":
    main()
