"""``botoport port`` against the ports the maintainers wrote: for consecutive aiobotocore
releases whose botocore bounds moved (by default every such pair since 2.13.3), the earlier
release is classified against the range the later one admits; for each port-required range every
port is merged, and each merged override is compared with the later release's code (equal
syntax trees, docstrings and comments aside).

    python -m bench.port_history [2.24.3:2.25.0 ...]
"""

from __future__ import annotations

import ast
import sys
import textwrap

from botoport.bounds import tree_bounds
from botoport.cache.parsed import ParseCache
from botoport.check import run_check
from botoport.config import load_config
from botoport.mirror.trees import OverlayTree
from botoport.port.funcdiff import ChangeKind
from botoport.port_plan import plan_port
from botoport.syntax.functions import read_functions, without_cosmetics
from botoport.workspace import index_source

from bench.drift_releases import moved_pairs


def same_code(left: str, right: str) -> bool:
    """Both function sources parse to the same tree once cosmetics are taken out."""

    def tree(text: str) -> str:
        node = without_cosmetics(ast.parse(textwrap.dedent(text)))
        return ast.dump(node) if node else ""

    try:
        return tree(left) == tree(right)
    except SyntaxError:
        return False


def unawaited_after(plan, old_tree, botocore, from_v: str, to_v: str, tables) -> list[str]:
    """The written ports that ``check`` on the written tree still finds awaiting something."""
    if not plan.writes:
        return []
    report = run_check(botocore, OverlayTree(old_tree, plan.writes), from_v, to_v, tables=tables)
    written = {o.verdict.qualname for o in plan.outcomes if o.status == "written"}
    return [
        v.qualname
        for v in report.verdicts
        if v.qualname in written and v.coverage is not None and v.coverage.awaits_missing
    ]


def run_pair(pair: str) -> tuple[int, int, int]:
    """Print one line per port; return (ports, written equal to the maintainers', written)."""
    before, after = pair.split(":")
    config = load_config({})
    aio, botocore = index_source(config, "aiobotocore"), index_source(config)
    old_tree, new_tree = aio.tree(before), aio.tree(after)
    releases = botocore.releases()
    from_v = tree_bounds(old_tree).newest_admitted(releases)
    to_v = tree_bounds(new_tree).newest_admitted(releases)
    tables = ParseCache(config.cache_dir())
    registries = tables.registries(old_tree)
    report = run_check(botocore, old_tree, from_v, to_v, registries, tables=tables)
    if report.classification != "port-required":
        return 0, 0, 0
    plan = plan_port(report, registries, old_tree)
    equal = written = 0
    print(f"{pair} (botocore {from_v} -> {to_v}): {len(plan.outcomes)} ports")
    for outcome in plan.outcomes:
        state = outcome.status
        if outcome.status == "written" and outcome.written is not None:
            written += 1
            path = outcome.path
            merged = read_functions(plan.writes[path]).functions[outcome.written]
            shipped = read_functions(new_tree.read(path) or "").functions.get(outcome.written)
            match = shipped is not None and same_code(merged.source, shipped.source)
            equal += match
            state = "written, same as shipped" if match else "written, differs from shipped"
            if shipped is None:
                state = "written, not in the shipped release"
        elif outcome.status == "written" and outcome.verdict.change.kind is ChangeKind.REMOVED:
            written += 1
            name = outcome.verdict.change.current.name
            kept = any(name in (new_tree.read(p) or "") for p in new_tree.python_files())
            equal += not kept
            state = "removed, as shipped" if not kept else "removed, but the shipped code keeps it"
        elif outcome.status == "covered" and outcome.verdict.override is not None:
            override = outcome.verdict.override
            before_fn = read_functions(old_tree.read(override.path) or "").functions
            after_fn = read_functions(new_tree.read(override.path) or "").functions
            kept = override.qualname in after_fn and same_code(
                before_fn[override.qualname].source, after_fn[override.qualname].source
            )
            written += 1
            equal += kept
            state = (
                "covered, left as shipped" if kept else "covered, but the shipped code changed it"
            )
        elif outcome.status == "left":
            state = f"left: {outcome.where}"
        print(f"    {outcome.verdict.qualname:<55} {state}")
    for qualname in unawaited_after(plan, old_tree, botocore, from_v, to_v, tables):
        print(f"    {qualname:<55} WRITTEN BUT STILL AWAITING (check on the written tree)")
    return len(plan.outcomes), equal, written


def main() -> None:
    """Print per pair, then the totals."""
    totals = [0, 0, 0]
    for pair in sys.argv[1:] or moved_pairs("2.13.3"):
        for index, value in enumerate(run_pair(pair)):
            totals[index] += value
    ports, equal, written = totals
    print(f"\n{ports} ports: {written} written or already covered, {equal} of them as shipped")


if __name__ == "__main__":
    main()
