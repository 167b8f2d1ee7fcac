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
