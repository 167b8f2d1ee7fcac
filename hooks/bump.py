"""``botoport-bump``, the pre-commit hook: no botocore bump without its port.

pre-commit leaves only staged content in the working tree while hooks run, so the files on
disk are the commit; HEAD's are read from git. Everything decided here is decided by
:mod:`botoport.bump`; this module gathers the inputs and prints the findings.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from botoport.bump import (
    BumpFindings,
    assess_ambiguous,
    assess_companions,
    assess_digests,
    assess_lower,
    assess_ports,
)
from botoport.cache.tables import TableCache
from botoport.check import botocore_source, run_check
from botoport.config import load_config
from botoport.digests.compute import compute_digests
from botoport.errors import BotoportError
from botoport.fileio import write_atomically
from botoport.sources.trees import (
    PATCHES_PATH,
    PYPROJECT_PATH,
    DirectoryTree,
    find_checkout,
    head_reader,
)
from botoport.versions import botocore_bounds, companion_bounds

SKIP_HINT = "SKIP=botoport-bump git commit ... skips this check"


def assess(tree: DirectoryTree, strict: bool) -> BumpFindings | None:
    """The findings for the staged tree against HEAD; None when the bounds did not move."""
    read_head = head_reader(tree.root)
    staged_text = tree.read(PYPROJECT_PATH) or ""
    head_text = read_head(PYPROJECT_PATH)
    new = botocore_bounds(staged_text, PYPROJECT_PATH)
    old = botocore_bounds(head_text, f"HEAD:{PYPROJECT_PATH}") if head_text else new
    if old.specifier == new.specifier:
        return None
    config = load_config(pyproject_text=staged_text, pyproject_where=PYPROJECT_PATH)
    source = botocore_source(config)
    releases = source.releases()
    if releases and new.newest_admitted(releases) == releases[-1]:
        # The new bound admits the newest release known: one published since the cached list
        # may be admitted too, and it is what the commit will run against.
        source.refresh()
        releases = source.releases()
    from_v, to_v = old.newest_admitted(releases), new.newest_admitted(releases)
    findings = BumpFindings()
    assess_companions(new, companion_bounds(staged_text), findings)
    if from_v is None or to_v is None or from_v == to_v:
        if old.lower != new.lower:
            findings.warnings.append(f"LOWER moved from {old.lower} to {new.lower}; UPPER did not")
        return findings
    report = run_check(source, tree, from_v, to_v, tables=TableCache(config.cache_dir()))
    assess_ports(report, read_head, tree.read, strict, findings)
    assess_lower(report, old, new, findings)
    assess_ambiguous(report, config["reviewed"], findings)
    patches = tree.read(PATCHES_PATH) or ""
    assess_digests(
        compute_digests(patches, lambda p: source.read(from_v, p)),
        compute_digests(patches, lambda p: source.read(to_v, p)),
        findings,
    )
    findings.warnings.insert(0, f"botocore {from_v} -> {to_v}: {report.classification}")
    return findings


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 to let the commit through, 1 to stop it."""
    parser = argparse.ArgumentParser(prog="botoport-bump", description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="missing port coverage blocks")
    parser.add_argument("--fix", action="store_true", help="add missing test_patches digests")
    parser.add_argument("--aiobotocore-root", type=Path, metavar="PATH")
    args = parser.parse_args(argv)
    try:
        tree = find_checkout(args.aiobotocore_root)
        findings = assess(tree, args.strict)
        if findings is None:
            return 0
        if args.fix and findings.fixable_digests:
            from botoport.digests.writer import add_digests  # libcst: only when fixing

            patches = tree.read(PATCHES_PATH) or ""
            write_atomically(
                tree.root / PATCHES_PATH, add_digests(patches, findings.fixable_digests)
            )
            print(f"botoport-bump: added {len(findings.fixable_digests)} digests to {PATCHES_PATH}")
    except BotoportError as exc:
        print(f"botoport-bump: blocked: {exc} ({SKIP_HINT})", file=sys.stderr)
        return 1
    for warning in findings.warnings:
        print(f"botoport-bump: {warning}")
    for block in findings.blocks:
        print(f"botoport-bump: BLOCK {block}")
    return 1 if findings.blocks else 0


if __name__ == "__main__":
    sys.exit(main())
