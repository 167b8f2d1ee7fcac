"""``botoport-bump``, the pre-commit hook: no botocore bump without its port.

pre-commit leaves only staged content in the working tree while hooks run, so the files on
disk are the commit; HEAD's are read from git. Everything is decided by
:mod:`botoport.gates`; this module gathers the inputs and prints the findings.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from botoport.errors import BotoportError
from botoport.fileio import write_atomically
from botoport.gates import bump_findings
from botoport.sources.trees import PATCHES_PATH, find_checkout, head_reader

SKIP_HINT = "SKIP=botoport-bump git commit ... skips this check"


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 to let the commit through, 1 to stop it."""
    parser = argparse.ArgumentParser(prog="botoport-bump", description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="missing port coverage blocks")
    parser.add_argument("--fix", action="store_true", help="add missing test_patches digests")
    parser.add_argument("--aiobotocore-root", type=Path, metavar="PATH")
    args = parser.parse_args(argv)
    try:
        tree = find_checkout(args.aiobotocore_root)
        findings = bump_findings(tree, head_reader(tree.root), args.strict)
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
