"""``botoport-drift``, the pre-commit hook: edited overrides may differ from botocore only
where async needs it.

pre-commit passes the ``aiobotocore/**/*.py`` files to check. On a commit the edits are
HEAD -> staged (pre-commit leaves only staged content in the working tree); in CI
(``pre-commit run --from-ref A --to-ref B``) they are A -> B. Behavioral drift blocks; cosmetic
drift warns (``--strict`` blocks it too). Deciding lives in :mod:`botoport.gates`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from botoport.drift.compare import Drift
from botoport.drift.report import drift_text
from botoport.errors import show_notes
from botoport.gates import drift_gate, output_format
from botoport.github import drift_annotations
from botoport.hooks.failure import refuse
from botoport.sources.checkout import find_checkout, paths_in_tree
from botoport.sources.revisions import range_from_environment

SKIP_HINT = "SKIP=botoport-drift git commit ... skips this check"
PROG = "botoport-drift"


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 to let the commit through, 1 to stop it."""
    show_notes(f"{PROG}: note: ")
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    parser.add_argument("filenames", nargs="*")
    parser.add_argument("--strict", action="store_true", help="cosmetic drift blocks too")
    parser.add_argument("--aiobotocore-root", type=Path, metavar="PATH")
    parser.add_argument("--format", choices=("text", "github"), default=None)
    args = parser.parse_args(argv)
    github = output_format(args.format, os.environ) == "github"
    try:
        tree = find_checkout(args.aiobotocore_root)
        paths = paths_in_tree(tree.root, args.filenames)
        gate = drift_gate(tree.root, range_from_environment(os.environ), paths, args.strict)
    except Exception as exc:  # a bug, too, is one line and a blocked commit
        return refuse(PROG, SKIP_HINT, exc, github)
    if gate.report is None:
        print(f"{PROG}: {gate.note}")
        return 0
    if github:
        print("\n".join(drift_annotations(gate.report)))
    elif gate.report.errors or gate.report.drift is not Drift.CLEAN:
        sys.stdout.write(drift_text(gate.report))
    if gate.blocks:
        print(f"{PROG}: BLOCK {gate.report.drift.value} ({SKIP_HINT})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
