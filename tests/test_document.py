"""Findings for one open aiobotocore file (what the language server shows), table-driven over
snippets: a botocore change, the override as the editor holds it, what lands on which line."""

from __future__ import annotations

import textwrap

import pytest
from botoport.document import INFORMATION, WARNING, document_findings, port_findings
from botoport.mirror.counterparts import BotocoreModules, ParsedModule

from tests.snippets import classify

OLD = """
class Client:
    def _send(self, request):
        return self._http.send(request)

    def retry(self, context):
        return False

    def describe(self):
        return 1
"""
NEW = OLD.replace("return False", "return context.attempt < 3").replace(
    "return 1", "return self._send('describe')"
)
AIO_HEAD = "from botocore.mod import Client\n\n\nclass AioClient(Client):\n"
SEND = "    async def _send(self, request):\n        return await self._http.send(request)\n"
UNPORTED = "    async def retry(self, context):\n        return False\n"
PORTED = "    async def retry(self, context):\n        return context.attempt < 3\n"
DESCRIBE = "    async def describe(self):\n        return await self._send('describe')\n"


def findings(aio_body: str, overrides=("Client.retry",), head: str | None = None):
    aio = AIO_HEAD + aio_body
    report = classify(OLD, NEW, AIO_HEAD + SEND + UNPORTED, overrides)
    path = "aiobotocore/mod.py"
    module = ParsedModule.parse(aio, path)
    if head is None:
        return port_findings(report, path, module.table, module.lines)
    modules = BotocoreModules({"botocore/mod.py": textwrap.dedent(NEW)}.get, "1.0.1")
    return document_findings(report, path, aio, head, modules)


@pytest.mark.parametrize(
    "body, expected",
    [
        # (the override as the editor holds it, [(line, level, code, words)])
        (
            SEND + UNPORTED,
            [
                (7, WARNING, "port-required", "1 upstream lines not yet ported"),
                (4, WARNING, "new-override", "needs an async override `describe` here"),
            ],
        ),
        (SEND + PORTED, [(4, WARNING, "new-override", "`Client.describe`")]),
        (SEND + PORTED + DESCRIBE, []),
    ],
    ids=["nothing ported", "retry ported", "everything ported"],
)
def test_port_findings_follow_the_text(body, expected):
    found = [(f.line, f.level, f.code, f.message) for f in findings(body)]
    assert len(found) == len(expected), found
    for (line, level, code, words), got in zip(expected, sorted(found, reverse=True), strict=True):
        assert got[:3] == (line, level, code)
        assert words in got[3]


@pytest.mark.parametrize(
    ("describe", "open_words"),
    [
        ("return self._send('describe')", "await missing: `return self._send('describe')`"),
        ("return await self._send('describe')", None),
    ],
    ids=["botocores-line-pasted-unawaited-stays-open", "awaited-clears"],
)
def test_a_pasted_line_calling_a_coroutine_without_await_is_not_ported(describe, open_words):
    """``describe`` (an override tracked in test_patches) must await ``_send``; botocore's
    line pasted as it is still calls the coroutine without ``await``."""
    report = classify(OLD, NEW, AIO_HEAD + SEND + DESCRIBE, ("Client.describe",))
    aio = AIO_HEAD + SEND + f"    async def describe(self):\n        {describe}\n"
    path = "aiobotocore/mod.py"
    modules = BotocoreModules({"botocore/mod.py": textwrap.dedent(NEW)}.get, "1.0.1")
    found = document_findings(report, path, aio, aio, modules, frozenset({"_send"}))
    messages = [f.message for f in found if f.qualname == "AioClient.describe"]
    if open_words is None:
        assert messages == []
    else:
        [message] = messages
        assert open_words in message


def test_columns_cover_the_name_to_the_end_of_the_def_line():
    [finding, _] = findings(SEND + UNPORTED)
    line = (AIO_HEAD + SEND + UNPORTED).splitlines()[finding.line - 1]
    assert line[finding.start : finding.end] == "retry(self, context):"


def test_ambiguous_is_information():
    """An unregistered override whose botocore body now calls an async name on an unknown
    receiver: ambiguous, shown as Information on the override."""
    old = "class Client:\n    def run(self, x):\n        return x\n"
    new = "class Client:\n    def run(self, x):\n        return x.close()\n"
    aio = AIO_HEAD + "    async def run(self, x):\n        return x\n"
    tree_aio = aio + "    async def close(self):\n        pass\n"
    report = classify(old, new, tree_aio, ())
    module = ParsedModule.parse(aio, "aiobotocore/mod.py")
    found = port_findings(report, "aiobotocore/mod.py", module.table, module.lines)
    assert [(f.line, f.level, f.code) for f in found] == [(5, INFORMATION, "ambiguous")]


def test_drift_of_edits_since_head_lands_beside_port_findings():
    head = AIO_HEAD + SEND + PORTED
    body = SEND + PORTED.replace(
        "        return context", "        print('retrying')\n        return context"
    )
    found = findings(body, head=head)
    drift = [f for f in found if f.code == "behavioral-drift"]
    assert [(f.line, f.level) for f in drift] == [(8, WARNING)]
    assert "statement not in botocore" in drift[0].message


TABLE_OLD = (
    "class JSONParser:\n    def parse(self):\n        return 1\n\n\n"
    "PROTOCOL_PARSERS = {\n    'json': JSONParser,\n}\n"
)
TABLE_NEW = TABLE_OLD.replace(
    "\n\n\nPROTOCOL_PARSERS",
    "\n\n\nclass CBORParser(JSONParser):\n    def go(self):\n        return 2\n"
    "\n\nPROTOCOL_PARSERS",
).replace("    'json': JSONParser,\n", "    'json': JSONParser,\n    'cbor': CBORParser,\n")
TABLE_AIO = (
    "from botocore.mod import CBORParser, JSONParser\n\n\n"
    "class AioJSONParser(JSONParser):\n    async def parse(self):\n        return 1\n\n\n"
    "PROTOCOL_PARSERS = {\n    'json': AioJSONParser,\n}\n"
)
TWIN = "\n\nclass AioCBORParser(CBORParser, AioJSONParser):\n    pass\n"
KEY = "    'json': AioJSONParser,\n    'cbor': AioCBORParser,\n"


@pytest.mark.parametrize(
    ("buffer", "expected"),
    [
        (TABLE_AIO, [(1, "new-class"), (9, "new-table-entry")]),
        (TABLE_AIO + TWIN, [(9, "new-table-entry")]),
        (TABLE_AIO.replace("    'json': AioJSONParser,\n", KEY) + TWIN, []),
    ],
    ids=["nothing-yet", "the-twin-written", "twin-and-table-entry-written"],
)
def test_a_new_class_and_its_table_entry_follow_the_buffer(buffer, expected) -> None:
    report = classify(TABLE_OLD, TABLE_NEW, TABLE_AIO, ())
    module = ParsedModule.parse(buffer, "aiobotocore/mod.py")
    found = port_findings(report, "aiobotocore/mod.py", module.table, module.lines)
    assert sorted((f.line, f.code) for f in found) == expected


FETCH_OLD = "import requests\nclass Client:\n    def fetch(self, u):\n        return u\n"
FETCH_NEW = FETCH_OLD.replace("return u", "return requests.get(u)")
FETCH_AIO = (
    "import requests\nfrom botocore.mod import Client\n\nclass AioClient(Client):\n"
    "    async def fetch(self, u):\n        return requests.get(u)\n\n"
)


@pytest.mark.parametrize(
    ("caller", "fixed", "title"),
    [
        ("    def load(self, u):\n        return self.fetch(u)\n",
         "    async def load(self, u):\n        return await self.fetch(u)\n",
         "botoport: await `fetch` here and make `AioClient.load` async"),
        ("    async def load(self, u):\n        return self.fetch(u)\n",
         "    async def load(self, u):\n        return await self.fetch(u)\n",
         "botoport: await `fetch` here"),
        ("    async def load(self, u):\n        return await self.fetch(u)\n", None, None),
    ],
    ids=["a-sync-caller-becomes-async", "an-async-caller-awaits", "an-awaiting-caller-is-fine"],
)  # fmt: skip
def test_a_call_that_must_await_is_shown_and_fixed(caller, fixed, title) -> None:
    """The port makes `fetch` async: its callers in the open document get a diagnostic on
    the call's line and a quick fix."""
    from botoport.document import AWAIT_MISSING, await_fix

    aio = FETCH_AIO + caller
    report = classify(FETCH_OLD, FETCH_NEW, aio, ("Client.fetch",))
    path = "aiobotocore/mod.py"
    modules = BotocoreModules({"botocore/mod.py": FETCH_NEW}.get, "1.0.1")
    found = [
        f for f in document_findings(report, path, aio, aio, modules) if f.code == AWAIT_MISSING
    ]
    if fixed is None:
        assert found == []
    else:
        call_line = aio.splitlines().index("        return self.fetch(u)") + 1
        assert [f.line for f in found] == [call_line]
        assert found[0].message.startswith(
            "await missing: `AioClient.fetch` (aiobotocore/mod.py:5)"
        )
        assert await_fix(report, path, aio, call_line) == (title, FETCH_AIO + fixed)
