"""``botoport-drift``, the pre-commit hook: staged overrides may differ from botocore only
where async needs it.

pre-commit passes the staged ``aiobotocore/**/*.py`` files and leaves only staged content in
the working tree, so the edits audited are HEAD -> staged. Behavioral drift blocks; cosmetic
drift warns (``--strict`` blocks it too). Deciding lives in :mod:`botoport.drift.compare`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from botoport.check import botocore_source
from botoport.config import load_config
from botoport.drift.compare import Drift, EditedFile, edits_between
from botoport.drift.report import drift_text
from botoport.errors import BotoportError
from botoport.gates import drift_blocks
from botoport.sources.edits import edits_against, run_drift
from botoport.sources.trees import PYPROJECT_PATH, DirectoryTree, find_checkout, head_commit

SKIP_HINT = "SKIP=botoport-drift git commit ... skips this check"


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 to let the commit through, 1 to stop it."""
    parser = argparse.ArgumentParser(prog="botoport-drift", description=__doc__.splitlines()[0])
    parser.add_argument("filenames", nargs="*")
    parser.add_argument("--strict", action="store_true", help="cosmetic drift blocks too")
    parser.add_argument("--aiobotocore-root", type=Path, metavar="PATH")
    args = parser.parse_args(argv)
    try:
        tree = find_checkout(args.aiobotocore_root)
        files = staged_edits(tree, [Path(f).as_posix() for f in args.filenames])
        if not files:
            return 0
        config = load_config(
            pyproject_text=tree.read(PYPROJECT_PATH), pyproject_where=PYPROJECT_PATH
        )
        report = run_drift(botocore_source(config), tree, files, config["target"])
    except BotoportError as exc:
        print(f"botoport-drift: blocked: {exc} ({SKIP_HINT})", file=sys.stderr)
        return 1
    if report.errors or report.drift is not Drift.CLEAN:
        sys.stdout.write(drift_text(report))
    if drift_blocks(report, args.strict):
        print(f"botoport-drift: BLOCK {report.drift.value} ({SKIP_HINT})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
