"""The hook's rules on reports of a real (test-built) botocore clone: ambiguity acknowledged in
``reviewed``, LOWER against "introduced in", boto3/awscli alignment."""

from __future__ import annotations

import pytest
from botoport.bounds import (
    Bounds,
    NewBounds,
    companion_bounds,
    companion_targets,
    raise_bounds,
)
from botoport.bump_rules import BumpFindings, assess_ambiguous, assess_companions, assess_lower
from botoport.check import run_check
from botoport.mirror.trees import MemoryTree
from botoport.sources.git import GitSource
from packaging.specifiers import SpecifierSet

from tests.gitrepos import tagged_repo
from tests.sample import AIO_FILES, RELEASES


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> GitSource:
    return GitSource(tagged_repo(tmp_path_factory.mktemp("botocore"), RELEASES))


@pytest.mark.parametrize(
    "reviewed, blocked",
    [
        ([], True),
        (["ClientCreator._make@1.1.0"], False),
        (["ClientCreator._make@1.0.3"], True),  # a review of an older release does not count
        (["ClientCreator.other@1.1.0"], True),
    ],
)
def test_ambiguous_needs_a_review_for_this_range(source, reviewed, blocked) -> None:
    report = run_check(source, MemoryTree(AIO_FILES), "1.0.3", "1.1.0")
    assert report.classification == "ambiguous"
    findings = BumpFindings()
    assess_ambiguous(report, reviewed, findings)
    assert bool(findings.blocks) is blocked
    if blocked:
        assert '"ClientCreator._make@1.1.0" to [tool.botoport] reviewed' in findings.blocks[0].text


@pytest.mark.parametrize(
    "old, new, blocks, warnings",
    [
        (">=1.0.0,<1.0.2", ">=1.0.2,<1.0.3", 0, 0),
        (">=1.0.0,<1.0.2", ">=1.0.0,<1.0.3", 1, 0),  # below "introduced in" 1.0.2
        (">=1.0.0,<1.0.2", ">=1.0.3,<1.0.4", 0, 1),  # above it: locks users out
    ],
)
def test_lower_against_introduced_in(source, old, new, blocks, warnings) -> None:
    report = run_check(source, MemoryTree(AIO_FILES), "1.0.1", "1.0.2")
    assert report.lower_bound == "1.0.2"
    findings = BumpFindings()
    assess_lower(report, Bounds(SpecifierSet(old)), Bounds(SpecifierSet(new)), findings)
    assert (len(findings.blocks), len(findings.warnings)) == (blocks, warnings)


def test_lower_raised_on_a_no_port_bump_warns(source) -> None:
    report = run_check(source, MemoryTree(AIO_FILES), "1.0.0", "1.0.1")
    findings = BumpFindings()
    old, new = Bounds(SpecifierSet(">=1.0.0,<1.0.1")), Bounds(SpecifierSet(">=1.0.1,<1.0.2"))
    assess_lower(report, old, new, findings)
    assert findings.blocks == [] and "no-port bump" in findings.warnings[0].text


# awscli skipped a patch number (1.44.9), so release order and numbering disagree past it.
BOTOCORE_RELEASES = [f"1.42.{n}" for n in range(1, 13)]
AWSCLI_RELEASES = [f"1.44.{n}" for n in (*range(1, 9), *range(10, 14))]
BASE = """[project]
dependencies = ["botocore >=1.42.1, <1.42.2"]
[project.optional-dependencies]
awscli = ["awscli >=1.44.1, <1.44.2"]
boto3 = ["boto3 >=1.42.1, <1.42.2"]
"""


def _companion_releases(name: str) -> list[str]:
    return AWSCLI_RELEASES if name == "awscli" else BOTOCORE_RELEASES


def _hook_says(staged: str, to_v: str, lower: str | None) -> BumpFindings:
    findings = BumpFindings()
    targets = companion_targets(BASE, lower, to_v, BOTOCORE_RELEASES, _companion_releases)
    assess_companions(targets, companion_bounds(staged), findings)
    return findings


@pytest.mark.parametrize(("to_v", "lower"), [("1.42.11", None), ("1.42.5", "1.42.3")])
def test_the_hook_accepts_the_companion_bounds_sync_writes(to_v, lower) -> None:
    targets = companion_targets(BASE, lower, to_v, BOTOCORE_RELEASES, _companion_releases)
    placed = {name: target for name, target in targets.items() if target is not None}
    written = raise_bounds(BASE, NewBounds(lower, to_v), placed)
    assert written != BASE
    findings = _hook_says(written, to_v, lower)
    assert (findings.warnings, findings.notes) == ([], [])


@pytest.mark.parametrize(
    ("awscli", "warned"),
    [
        ("awscli >=1.44.1, <1.44.13", False),  # release order: 1.42.11 goes with 1.44.12
        ("awscli >=1.44.1, <1.44.12", True),  # numbering alone: one release short
        ("awscli >=1.44.2, <1.44.13", True),  # LOWER moved without botocore's
    ],
)
def test_misaligned_companions_warn(awscli: str, warned: bool) -> None:
    staged = BASE.replace("awscli >=1.44.1, <1.44.2", awscli).replace("<1.42.2", "<1.42.12")
    staged = staged.replace("boto3 >=1.42.1, <1.42.2", "boto3 >=1.42.1, <1.42.12")
    findings = _hook_says(staged, "1.42.11", None)
    assert bool(findings.warnings) == warned
    assert all(w.text.startswith("awscli bounds") for w in findings.warnings)


def test_companions_whose_releases_cannot_be_read_get_a_note() -> None:
    findings = BumpFindings()
    targets = companion_targets(BASE, None, "1.42.11", BOTOCORE_RELEASES, lambda name: [])
    assess_companions(targets, companion_bounds(BASE), findings)
    assert findings.warnings == []
    assert sorted(findings.notes) == [
        "awscli bounds not checked: its releases could not be aligned",
        "boto3 bounds not checked: its releases could not be aligned",
    ]


@pytest.mark.parametrize(
    ("override", "strict", "blocked", "says"),
    [
        ("    def fetch(self, u):\n        return requests.get(u)\n", False, True, "await missing"),
        ("    async def fetch(self, u):\n        return requests.get(u)\n", False, False, ""),
    ],
    ids=["left-sync-blocks-by-default", "made-async-passes"],
)
def test_an_unawaited_port_blocks_without_strict(override, strict, blocked, says) -> None:
    from botoport.bump_rules import assess_ports

    from tests.snippets import classify

    old = "import requests\nclass Client:\n    def fetch(self, u):\n        return u\n"
    new = old.replace("return u", "return requests.get(u)")
    header = "import requests\nfrom botocore.mod import Client\n\nclass AioClient(Client):\n"
    at_head = header + "    def fetch(self, u):\n        return u\n"
    staged = header + override
    report = classify(old, new, aio=staged)  # the hook classifies the staged tree
    findings = BumpFindings()
    assess_ports(report, lambda path: at_head, lambda path: staged, strict, findings)
    assert bool(findings.blocks) is blocked, findings
    if says:
        assert says in findings.blocks[0].text
        assert "it must become `async def`" in findings.blocks[0].text


def test_a_port_made_in_the_function_the_override_delegates_to_counts() -> None:
    from botoport.bump_rules import assess_ports

    from tests.snippets import classify

    old = "class Session:\n    def create_client(self, a):\n        return make(a)\n"
    new = old.replace("        return", "        check(a)\n        return")
    header = "from botocore.mod import Session\n\nclass AioSession(Session):\n"
    delegate = "    def create_client(self, a):\n        return Ctx(self._create_client(a))\n\n"
    at_head = header + delegate + "    async def _create_client(self, a):\n        return make(a)\n"
    staged = at_head.replace("        return make(a)", "        check(a)\n        return make(a)")
    report = classify(old, new, aio=staged, overrides=("Session.create_client",))
    findings = BumpFindings()
    assess_ports(report, lambda path: at_head, lambda path: staged, False, findings)
    assert findings.blocks == [], findings.blocks  # ported in _create_client: not "missing"


@pytest.mark.parametrize(
    ("twin", "blocked"),
    [("", True), ("\n\nclass AioCBORParser(CBORParser, AioParser):\n    pass\n", False)],
    ids=["no-twin-blocks", "a-twin-ports-the-class"],
)
def test_a_new_class_is_ported_by_adding_its_twin(twin: str, blocked: bool) -> None:
    from botoport.bump_rules import assess_ports

    from tests.snippets import classify

    old = "class Parser:\n    def parse(self):\n        return 1\n"
    new = old + "\nclass CBORParser(Parser):\n    def table(self):\n        return 2\n"
    at_head = (
        "from botocore.mod import CBORParser, Parser\n\nclass AioParser(Parser):\n"
        "    async def parse(self):\n        return 1\n"
    )
    staged = at_head + twin
    report = classify(old, new, aio=staged)
    findings = BumpFindings()
    assess_ports(report, lambda path: at_head, lambda path: staged, False, findings)
    assert bool(findings.blocks) is blocked, findings
