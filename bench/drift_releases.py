"""``botoport drift`` on real ports: consecutive aiobotocore releases from the index, the first
committed to a fresh git repository and the next laid over it, audited against botocore at the
newest release the newer one admits. Prints one line per pair with the summary and verdict.

    python bench/drift_releases.py [3.3.0:3.4.0 3.9.0:3.10.0 ...]
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from botoport.config import load_config
from botoport.drift.compare import Drift
from botoport.sources.checkout import DirectoryTree
from botoport.sources.edits import edits_in_range
from botoport.sources.revisions import RefRange
from botoport.versions import sort_releases
from botoport.workspace import Workspace, index_source
from packaging.version import Version

PAIRS = [
    "3.1.3:3.2.0",
    "3.2.0:3.3.0",
    "3.3.0:3.4.0",
    "3.4.0:3.5.0",
    "3.5.0:3.6.0",
    "3.6.0:3.7.0",
    "3.7.0:3.8.0",
    "3.8.0:3.9.0",
    "3.9.0:3.10.0",
]
KEPT = ("aiobotocore", "tests", "pyproject.toml", "setup.py")


def lay_over(release: Path, root: Path) -> None:
    """Replace ``root``'s kept files with the release's."""
    for name in KEPT:
        target, source = root / name, release / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.exists():
            shutil.copy(source, target)


def git(root: Path, *args: str) -> None:
    """Run git quietly in ``root`` with a throw-away identity."""
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@botoport.invalid"]
    subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)


def commit_release(release: Path, root: Path, message: str) -> None:
    """A fresh git repository at ``root`` holding the release's kept files as one commit."""
    lay_over(release, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def moved_pairs(since: str) -> list[str]:
    """Consecutive aiobotocore releases from ``since`` whose botocore bounds differ."""
    releases = index_source(load_config({}), "aiobotocore")
    versions = [v for v in sort_releases(releases.releases()) if Version(v) >= Version(since)]
    versions = [v for v in versions if not Version(v).is_prerelease and v not in releases.yanked()]
    bounds = {v: str(releases.botocore_bounds(v).specifier) for v in versions}
    return [f"{a}:{b}" for a, b in itertools.pairwise(versions) if bounds[a] != bounds[b]]


def main() -> None:
    """Print the figures."""
    config = load_config({})
    releases = index_source(config, "aiobotocore")
    workspace = Workspace(None, config)
    for pair in sys.argv[1:] or PAIRS:
        old, new = pair.split(":")
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            commit_release(releases.tree(old).root, root, old)
            lay_over(releases.tree(new).root, root)
            tree = DirectoryTree(root)
            report = workspace.drift(tree, edits_in_range(tree.root, RefRange()), None)
        counts = {d: sum(1 for fn in report.functions if fn.drift is d) for d in Drift}
        print(
            f"{old} -> {new} (botocore {report.botocore_version}): "
            f"{len(report.functions)} overrides, "
            + ", ".join(f"{n} {d.value}" for d, n in counts.items())
            + f": {report.drift.value}"
        )


if __name__ == "__main__":
    main()
