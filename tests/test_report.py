"""The report of a classification: the roll-up, the skill's text ending, the JSON interface
(port/report.py)."""

from __future__ import annotations

from botoport import report_json, report_text

from tests.snippets import classify

OLD = "import requests\ndef fetch(u):\n    return u\ndef other(body):\n    return 1\n"
NEW_PORT = (
    "import requests\ndef fetch(u):\n    return requests.get(u)\ndef other(body):\n    return 2\n"
)
NEW_AMBIG = (
    "import requests\ndef fetch(u):\n    return u\ndef other(body):\n    return body.read()\n"
)
AIO = "class AioBody:\n    async def read(self):\n        return b''\n"


def test_roll_up() -> None:
    assert classify(OLD, NEW_PORT, aio=AIO).classification == "port-required"
    assert classify(OLD, NEW_AMBIG, aio=AIO).classification == "ambiguous"
    assert classify(OLD, OLD.replace("return 1", "return 3"), aio=AIO).classification == "no-port"


def test_text_ends_like_the_skill() -> None:
    text = report_text(classify(OLD, NEW_PORT, aio=AIO))
    tail = text.split("## Per-function verdicts\n", 1)[1]
    assert tail == (
        "\n### botocore/mod.py → aiobotocore/mod.py\n"
        "- `fetch` (changed): port-required\n"
        "  Reason: new network I/O call `requests.get(...)`\n"
        "- `other` (changed): pure-sync\n"
        "  Reason: no async signal in the lines the bump adds: not a registered override, "
        "no network I/O, no async-registry call, no Aio class\n"
        "\n"
        "Summary: 2 functions inspected across 1 overridden files. 1 pure-sync, "
        "1 needs-async, 0 ambiguous.\n"
        "\n"
        "CLASSIFICATION: port-required\n"
    )


def test_json_carries_every_field() -> None:
    data = report_json(classify(OLD, NEW_PORT, aio=AIO))
    assert data["classification"] == "port-required"
    assert data["summary"] == {
        "functions": 2,
        "files": 1,
        "pure_sync": 1,
        "port_required": 1,
        "ambiguous": 0,
    }
    fetch = next(f for f in data["functions"] if f["name"] == "fetch")
    assert fetch["file"] == "botocore/mod.py"
    assert fetch["mirror"] == "aiobotocore/mod.py"
    assert fetch["change"] == "changed"
    assert fetch["signal"] == "network-io"
    assert fetch["override"] == "none yet"
    assert "+    return requests.get(u)" in fetch["diff"]
    other = next(f for f in data["functions"] if f["name"] == "other")
    assert other["override"] is None


def test_the_pr_body_notes_a_parallel_implementation() -> None:
    """#1409: a change to a class aiobotocore re-implements is never ported by botoport: the
    PR body says so, so that a person looks at aiobotocore's own implementation."""
    from botoport import FileSources, MemoryTree, classify_sources, read_registries
    from botoport.port.methods import ClassifyOptions
    from botoport.port.workflow import pr_body

    old = "class URLLib3Session:\n    def send(self, r):\n        return r\n"
    new = old.replace(
        "return r", "try:\n            return r\n        except E:\n            raise"
    )
    tree = MemoryTree({"aiobotocore/mod.py": "class AIOHTTPSession:\n    pass\n",
                       "tests/test_patches.py": "x = []\n"})  # fmt: skip
    options = ClassifyOptions(parallel={"URLLib3Session": ("AIOHTTPSession",)})
    sources = [FileSources("botocore/mod.py", old, new)]
    report = classify_sources(sources, read_registries(tree), tree, "1", "2", options=options)
    notes = pr_body(report).split("## Notes", 1)[1]
    assert "- `URLLib3Session.send` (botocore/mod.py): parallel implementation changed" in notes
    assert "consider porting to AIOHTTPSession (not ported by botoport)" in notes


def test_the_pr_body_lists_the_tests_ported() -> None:
    """``sync --port --tests --pr-body``: each botocore test ticked when written (or already
    there), open with why when left, so that the PR says what a person still has to port."""
    from botoport.port.workflow import pr_body

    report = classify(OLD, NEW_PORT, aio=AIO)
    tests = [
        ("tests/botocore_tests/unit/test_x.py::test_a", "written", ""),
        ("tests/botocore_tests/unit/test_x.py::T::test_b", "left", "uses self.session, which …"),
        ("tests/botocore_tests/unit/test_x.py::test_c", "covered", "the mirror has it"),
    ]
    section = pr_body(report, tests=tests).split("## botocore's tests ported\n\n", 1)[1]
    assert section.split("\n\n", 1)[0].splitlines() == [
        "- [x] `tests/botocore_tests/unit/test_x.py::test_a` — written",
        "- [ ] `tests/botocore_tests/unit/test_x.py::T::test_b` — left: uses self.session, which …",
        "- [x] `tests/botocore_tests/unit/test_x.py::test_c` — covered: the mirror has it",
    ]
    assert "## botocore's tests ported" not in pr_body(report)
