"""Replays of historical syncs with real botocore and aiobotocore releases from the index.

Downloads are cached for the whole test session (one folder shared by these tests), never
between CI runs. Rows come from tests/data/scenarios.json.
"""

from __future__ import annotations

import ast
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from botoport import read_registries, run_check
from botoport.port_plan import plan_port
from botoport.sources.index import IndexSource, aiobotocore_release_before
from botoport.syntax.functions import read_functions, without_cosmetics

from tests.gitrepos import git
from tests.runners import botoport, copy_release

SCENARIOS = Path(__file__).resolve().parent / "data" / "scenarios.json"
# Two port-required and two no-port rows; each needs only a few small downloads.
ROWS = {1420: "port-required", 1480: "port-required", 1474: "no-port", 1485: "no-port"}
pytestmark = pytest.mark.index


@pytest.fixture(scope="module")
def fetched_before() -> set[tuple[str, str]]:
    """Every (project, release) downloaded by an earlier test of this module."""
    return set()


def scenario(pr: int) -> dict[str, Any]:
    rows = json.loads(SCENARIOS.read_text(encoding="utf-8"))["syncs"]
    return next(r for r in rows if r["pr"] == pr)


@pytest.mark.parametrize("pr", sorted(ROWS))
def test_historical_sync(pr: int, index_cache: Path, fetched_before: set[tuple[str, str]]) -> None:
    row = scenario(pr)
    assert row["expected"] == ROWS[pr]
    botocore = IndexSource(index_cache)
    aio = IndexSource(index_cache, project="aiobotocore")
    tree = aio.tree(aiobotocore_release_before(row["from"], row["to"], aio))
    report = run_check(botocore, tree, row["from"], row["to"], history=False)
    assert report.classification == row["expected"]
    # The session's cache serves what an earlier row downloaded: nothing is fetched twice.
    fetched = [(s.project, v) for s in (botocore, aio) for v in s.downloads]
    assert len(fetched) == len(set(fetched))
    assert not set(fetched) & fetched_before, "a release was downloaded again"
    fetched_before.update(fetched)


def test_port_details_for_a_real_port(index_cache: Path) -> None:
    """#1480: `_apply_request_trailer_checksum` changed; 3.2.0 is the release that ported it."""
    botocore = IndexSource(index_cache)
    aio = IndexSource(index_cache, project="aiobotocore")
    before = run_check(botocore, aio.tree("3.1.3"), "1.42.49", "1.42.55")
    after = run_check(botocore, aio.tree("3.2.0"), "1.42.49", "1.42.55")
    [port] = [v for v in before.verdicts if v.verdict.value == "port-required"]
    assert port.qualname == "_apply_request_trailer_checksum"
    assert str(port.override).startswith("aiobotocore/httpchecksum.py:")
    assert not port.coverage.covered
    [ported] = [v for v in after.verdicts if v.qualname == "_apply_request_trailer_checksum"]
    assert ported.coverage.covered
    # aiobotocore 3.2.0 declares botocore >= 1.42.53 for this port.
    assert port.introduced_in == "1.42.53"


# (row, aiobotocore release before, the release that shipped it, exit status of sync --write)
SYNCS = [
    (1474, "3.1.2", "3.1.3", 0),  # no-port
    (1213, "2.15.1", "2.15.2", 0),  # no-port, with the boto3 and awscli extras
    (1480, "3.1.3", "3.2.0", 1),  # port-required: LOWER raised to "introduced in"
]


@pytest.mark.parametrize(("pr", "before", "after", "status"), SYNCS, ids=[str(s[0]) for s in SYNCS])
def test_sync_write_reproduces_the_shipped_release(
    pr: int, before: str, after: str, status: int, index_cache: Path, tmp_path: Path
) -> None:
    """``sync --write`` on the release before reproduces the shipped release's requirement
    lines, and for a no-port sync its test_patches.py byte for byte."""
    aio = IndexSource(index_cache, project="aiobotocore")
    root = tmp_path / "aiobotocore"
    copy_release(aio.tree(before).root, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", before)
    done = botoport("sync", "--to", scenario(pr)["to"], "--write", "--aiobotocore-root", root)
    assert done.returncode == status, done.stdout + done.stderr
    shipped = aio.tree(after)
    assert requirement_lines((root / "pyproject.toml").read_text()) == requirement_lines(
        shipped.read("pyproject.toml") or ""
    )
    if status == 0:
        assert (root / "tests/test_patches.py").read_text() == shipped.read("tests/test_patches.py")


def requirement_lines(pyproject: str) -> list[str]:
    """The botocore, boto3 and awscli requirement lines as written."""
    return [
        line.strip()
        for line in pyproject.splitlines()
        if line.strip().startswith(('"botocore ', '"boto3 ', '"awscli '))
    ]


def test_the_emit_port_of_1420_written_as_shipped(index_cache: Path) -> None:
    """#1420: botocore 1.40.46 adds ``event_emitter.emit(...)`` to ``get_client_args``;
    aiobotocore 2.25.0 made its override async and awaited it in ``_get_client_args``.
    ``botoport port`` on 2.24.3 writes the same code, ``_get_client_args`` made async and
    awaited in ``create_client`` too."""
    botocore = IndexSource(index_cache)
    aio = IndexSource(index_cache, project="aiobotocore")
    before, shipped = aio.tree("2.24.3"), aio.tree("2.25.0")
    report = run_check(botocore, before, "1.40.45", "1.40.49")
    [outcome] = (plan := plan_port(report, read_registries(before), before)).outcomes
    assert outcome.status == "written"
    args, qualname = "aiobotocore/args.py", "AioClientArgsCreator.get_client_args"
    assert _code(plan.writes[args], qualname) == _code(shipped.read(args) or "", qualname)
    client = plan.writes["aiobotocore/client.py"]
    assert "return await args_creator.get_client_args(" in client
    # The transition goes up the chain: the caller becomes async and is awaited in turn.
    for caller in ("AioClientCreator._get_client_args", "AioClientCreator.create_client"):
        assert _code(client, caller) == _code(shipped.read("aiobotocore/client.py") or "", caller)
    compile(client, "client.py", "exec")


def _code(module_text: str, qualname: str) -> str:
    """A function's syntax tree, docstrings and comments aside."""
    source = textwrap.dedent(read_functions(module_text).functions[qualname].source)
    code = without_cosmetics(ast.parse(source))
    assert code is not None
    return ast.dump(code)
