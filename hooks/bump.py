"""``botoport-bump``, the pre-commit hook: no botocore bump without its port.

On a commit, pre-commit leaves only staged content in the working tree, so the files on disk
are the commit and HEAD's are read from git. In CI (``pre-commit run --from-ref A --to-ref B``)
the range is A..B. Everything is decided by :mod:`botoport.gates`; this module gathers the
arguments and prints the findings.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from botoport.bump_rules import BumpFindings
from botoport.errors import show_notes
from botoport.fileio import replace_user_file
from botoport.gates import bump_gate, output_format
from botoport.github import annotation
from botoport.hooks.failure import refuse
from botoport.mirror.trees import PATCHES_PATH
from botoport.sources.checkout import find_checkout
from botoport.sources.revisions import range_from_environment

SKIP_HINT = "SKIP=botoport-bump git commit ... skips this check"
PROG = "botoport-bump"


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 to let the commit through, 1 to stop it."""
    show_notes(f"{PROG}: note: ")
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="missing port coverage blocks")
    parser.add_argument("--fix", action="store_true", help="add missing test_patches digests")
    parser.add_argument("--aiobotocore-root", type=Path, metavar="PATH")
    parser.add_argument("--format", choices=("text", "github"), default=None)
    args = parser.parse_args(argv)
    github = output_format(args.format, os.environ) == "github"
    try:
        tree = find_checkout(args.aiobotocore_root)
        compared = range_from_environment(os.environ)
        findings = bump_gate(tree.root, compared, args.strict)
        if args.fix and findings.fixable_digests and compared.head is None:
            from botoport.patches.writer import add_digests  # libcst: only when fixing

            patches = tree.read(PATCHES_PATH) or ""
            replace_user_file(
                tree.root / PATCHES_PATH, add_digests(patches, findings.fixable_digests)
            )
            print(f"{PROG}: added {len(findings.fixable_digests)} digests to {PATCHES_PATH}")
    except Exception as exc:  # a bug, too, is one line and a blocked commit
        return refuse(PROG, SKIP_HINT, exc, github)
    _print(findings, github)
    return 1 if findings.blocks else 0


def _print(findings: BumpFindings, github: bool) -> None:
    for note in findings.notes:
        print(f"{PROG}: {note}")
    for level, items in (("warning", findings.warnings), ("error", findings.blocks)):
        for item in items:
            if github:
                print(annotation(level, item.text, item.path, item.line, title=PROG))
            else:
                print(f"{PROG}: {'BLOCK ' if level == 'error' else ''}{item}")


if __name__ == "__main__":
    sys.exit(main())
