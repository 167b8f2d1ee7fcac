"""Replay the historical syncs of tests/data/scenarios.json with real releases.

Each row is classified with the aiobotocore release that preceded the sync (the newest whose
LOWER admits FROM and whose range does not yet admit TO) and the real botocore releases.
Prints one line per row (expected, got, the functions that decided it) and the agreement.

    python bench/replay.py [--rows PR,PR,...] [--history]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from botoport import BotoportError, Verdict, run_check
from botoport.config import load_config
from botoport.sources.index import IndexSource, aiobotocore_release_before

SCENARIOS = Path(__file__).resolve().parents[1] / "tests" / "data" / "scenarios.json"


def load_rows(path: Path = SCENARIOS) -> list[dict]:
    """The scenario rows, oldest first."""
    return json.loads(path.read_text(encoding="utf-8"))["syncs"]


def replay_row(row: dict, botocore: IndexSource, aio: IndexSource, history: bool) -> dict:
    """Classify one row; returns what the table prints."""
    aio_version = aiobotocore_release_before(row["from"], row["to"], aio)
    report = run_check(botocore, aio.tree(aio_version), row["from"], row["to"], history=history)
    deciding = [
        f"{v.qualname}[{v.signal.value}]"
        for v in report.verdicts
        if v.verdict is not Verdict.PURE_SYNC
    ]
    return {
        "got": report.classification,
        "aiobotocore": aio_version,
        "deciding": deciding,
        "functions": len(report.verdicts),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the replay table and the agreement."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", help="comma-separated PR numbers (default: every row)")
    parser.add_argument("--history", action="store_true", help="also compute 'introduced in'")
    args = parser.parse_args(argv)
    rows = load_rows()
    if args.rows:
        wanted = {int(r) for r in args.rows.split(",")}
        rows = [r for r in rows if r["pr"] in wanted]
    botocore = IndexSource(load_config().cache_dir())
    aio = IndexSource(load_config().cache_dir(), project="aiobotocore")
    agree = 0
    print("| PR | from → to | aiobotocore | expected | got | functions | deciding |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        started = time.perf_counter()
        try:
            result = replay_row(row, botocore, aio, args.history)
        except BotoportError as exc:
            result = {"got": f"error: {exc}", "aiobotocore": "?", "deciding": [], "functions": 0}
        ok = result["got"] == row["expected"]
        agree += ok
        print(
            f"| {row['pr']} | {row['from']} → {row['to']} | {result['aiobotocore']} | "
            f"{row['expected']} | {result['got']}{'' if ok else ' ✗'} | "
            f"{result['functions']} | {', '.join(result['deciding']) or '—'} |",
            flush=True,
        )
        print(f"<!-- {row['pr']}: {time.perf_counter() - started:.1f}s -->", file=sys.stderr)
    print(f"\nAgreement: {agree}/{len(rows)}")
    return 0 if agree == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
