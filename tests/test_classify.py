"""classify_sources end to end on snippets: where each override is found and its coverage,
class-level findings, and a core that never raises on bad source (port/classify.py)."""

from __future__ import annotations

import os
import string

import pytest
from botoport import report_json, report_text
from botoport.syntax.dialect import normalise_async
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.snippets import classify


def test_override_location_and_coverage() -> None:
    old = "class Client:\n    def run(self, a):\n        x = a\n        return x\n"
    new = "class Client:\n    def run(self, a):\n        x = a\n        log(x)\n        return x\n"
    unported = (
        "from botocore.mod import Client\n\nclass AioClient(Client):\n"
        "    async def run(self, a):\n        x = await a\n        return x\n"
    )
    ported = unported.replace("        return x\n", "        log(x)\n        return x\n")
    before = classify(old, new, aio=unported, overrides=("Client.run",)).verdicts[0]
    after = classify(old, new, aio=ported, overrides=("Client.run",)).verdicts[0]
    assert str(before.override) == "aiobotocore/mod.py:4 AioClient.run"
    assert before.coverage.missing == ["log(x)"]
    assert after.coverage.covered


def test_coverage_follows_delegation() -> None:
    old = "class Session:\n    def create_client(self, a):\n        return make(a)\n"
    new = old.replace("        return", "        check(a)\n        return")
    aio = (
        "from botocore.mod import Session\n\nclass AioSession(Session):\n"
        "    def create_client(self, a):\n        return Ctx(self._create_client(a))\n\n"
        "    async def _create_client(self, a):\n        check(a)\n        return make(a)\n"
    )
    verdict = classify(old, new, aio=aio, overrides=("Session.create_client",)).verdicts[0]
    coverage = verdict.coverage
    assert coverage.covered
    assert coverage.followed == ["AioSession._create_client"]


@pytest.mark.parametrize(
    ("botocore_line", "override_line"),
    [
        ("config = botocore.config.Config(a=1)", "config = AioConfig(a=1)"),
        ("checkers.append(special.RetryDDBChecksumError())",
         "checkers.append(AioRetryDDBChecksumError())"),
        ("client = self._creator('signin')", "async with self._creator('signin') as client:"),
        ("time.sleep(delay)", "await asyncio.sleep(delay)"),
        ("return client.assume_role(a)",
         "async with client as sts:\n            return await sts.assume_role(a)"),
    ],
    ids=["an-aio-twin-for-a-qualified-class", "an-aio-twin-for-a-module-alias",
         "a-call-held-as-an-async-with-header", "asyncio-for-a-blocking-primitive",
         "a-client-renamed-in-its-async-with"],
)  # fmt: skip
def test_a_port_written_in_the_async_dialect_is_covered(botocore_line, override_line) -> None:
    """Coverage compares in the same dialect as drift and the merge: a correct port clears."""
    old = "class Fetcher:\n    def run(self, a):\n        return a\n"
    new = old.replace("        return a", f"        {botocore_line}\n        return a")
    body = f"        {override_line}\n"
    if override_line.endswith(":"):
        body += "            pass\n"
    aio = (
        "from botocore.mod import Fetcher\n\nclass AioFetcher(Fetcher):\n"
        f"    async def run(self, a):\n{body}        return a\n"
    )
    [verdict] = classify(old, new, aio=aio, overrides=("Fetcher.run",)).verdicts
    assert verdict.coverage is not None
    assert verdict.coverage.missing == []
    unported = aio.replace(body, "")
    [before] = classify(old, new, aio=unported, overrides=("Fetcher.run",)).verdicts
    assert before.coverage is not None and before.coverage.missing == [botocore_line]


def test_normalise_async_dialect() -> None:
    assert normalise_async("x = await AioFoo(a)") == "x = Foo(a)"
    assert normalise_async("async with AIOLock():") == "with Lock():"
    assert normalise_async("return await resolve_awaitable(f(a, (b)))") == "return f(a, (b))"


@pytest.mark.parametrize("terms", [700, 1500])
def test_a_deep_expression_gets_a_verdict(terms: int) -> None:
    deep = "class Client:\n    def run(self, x):\n        return " + " + ".join(["x"] * terms)
    report = classify("class Client:\n    def run(self, x):\n        return x\n", deep + "\n")
    assert [(v.qualname, v.verdict.value) for v in report.verdicts] == [("Client.run", "pure-sync")]


SEPARATED = [
    "class Client:\n\x0c    def run(self):\n        return 2\n",  # a form feed leads a line
    *(
        f"class Client:\n    # a{sep}b\n    def run(self):\n        return 2\n"
        for sep in ("\x0c", "\x0b", "\x1c", "\u2028")  # str.splitlines breaks at these
    ),
]


@pytest.mark.parametrize("new", SEPARATED, ids=["leading-ff", "ff", "vt", "fs", "ls"])
def test_separators_the_parser_ignores_keep_line_numbers(new: str) -> None:
    report = classify("class Client:\n    def run(self):\n        return 1\n", new)
    [verdict] = report.verdicts
    expected_line = 2 if new.startswith("class Client:\n\x0c") else 3
    assert (verdict.qualname, verdict.change.current.def_line) == ("Client.run", expected_line)


def test_unparsable_file_is_an_error_not_an_exception() -> None:
    report = classify("def f():\n    return 1\n", "def f(:\n")
    assert report.verdicts == []
    assert report.errors == ["botocore/mod.py at 1.0.1 does not parse: line 1: invalid syntax"]


SOURCE = (
    "import requests\nclass Client:\n    '''Doc.'''\n    def run(self, a: int) -> int:\n"
    "        return self._send(requests.get(a))\n    @property\n    def p(self):\n"
    "        return 1\n"
)


@st.composite
def mangled(draw: st.DrawFn) -> str:
    """SOURCE with random slices deleted, duplicated or replaced by random text."""
    text = SOURCE
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 20)))
        filler = draw(st.text(alphabet=string.printable + "λ\x00\x0c\x0b\x1c\u2028", max_size=8))
        deep = " + ".join(["a"] * draw(st.sampled_from([2, 400, 900])))
        replacement = draw(st.sampled_from([filler, text[i:j] * 2, "", deep]))
        text = text[:i] + replacement + text[j:]
    return text


# Form feeds and other separators split lines for str.splitlines but not for the parser, and
# sums of hundreds of terms exhaust the recursion limit on the way to canonical forms.
EXAMPLES = int(os.environ.get("BOTOPORT_PROPERTY_EXAMPLES", "300"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old=mangled(), new=mangled())
def test_mangled_source_never_raises(old: str, new: str) -> None:
    report = classify(old, new, aio="class AioClient:\n    async def _send(self):\n        pass\n")
    assert report.classification in {"no-port", "port-required", "ambiguous"}
    for verdict in report.verdicts:
        assert verdict.reason
    report_text(report)
    report_json(report)


def test_override_of_a_class_aiobotocore_re_based() -> None:
    old = (
        "class Base:\n    def _get(self):\n        return 1\n"
        "class Web(Base):\n    def _get(self):\n        return 2\n"
    )
    new = old.replace("return 2", "x = 3\n        return 2")
    aio = (
        "from botocore.mod import Base, Web\n\n"
        "class AioBase(Base):\n    async def _get(self):\n        return 1\n\n"
        "class AioWeb(AioBase):\n    async def _get(self):\n        return 2\n"
    )
    [verdict] = classify(old, new, aio=aio, overrides=("Web._get",)).verdicts
    assert str(verdict.override) == "aiobotocore/mod.py:8 AioWeb._get"
    assert verdict.coverage is not None and verdict.coverage.missing == ["x = 3"]


def test_a_new_class_is_ported_by_its_aio_twin() -> None:
    old = "class Parser:\n    def parse(self):\n        return 1\n"
    new = old + "\nclass CBORParser(Parser):\n    def table(self):\n        return 2\n"
    aio = (
        "from botocore.mod import CBORParser, Parser\n\nclass AioParser(Parser):\n"
        "    async def parse(self):\n        return 1\n"
    )
    [verdict] = classify(old, new, aio=aio).verdicts
    assert verdict.signal.value == "new-class" and verdict.override is None
    twin = aio + "\n\nclass AioCBORParser(CBORParser, AioParser):\n    pass\n"
    [ported] = classify(old, new, aio=twin).verdicts
    assert str(ported.override) == "aiobotocore/mod.py:8 AioCBORParser"


def test_a_class_re_implemented_under_botocores_name_holds_the_override() -> None:
    """aiobotocore's ``StreamingBody`` wraps aiohttp rather than subclassing botocore's."""
    old = "class Body:\n    def read(self):\n        return 1\n"
    new = old + "\n    def readinto(self, b):\n        raise ReadTimeoutError()\n"
    aio = (
        "from botocore.mod import ReadTimeoutError\n\n"
        "class AioReadTimeoutError(ReadTimeoutError):\n    pass\n\n"
        "class Body:\n    async def readinto(self, b):\n        raise AioReadTimeoutError()\n"
    )
    [verdict] = classify(old, new, aio=aio).verdicts
    assert verdict.signal.value == "aio-class"
    assert str(verdict.override) == "aiobotocore/mod.py:7 Body.readinto"
    assert verdict.coverage is not None and verdict.coverage.covered


def test_a_mixin_of_the_aio_module_holds_the_override() -> None:
    """aiobotocore 3.9.2 moves ``StreamingChecksumBody.checksum`` into ``_ChecksumMixin``."""
    old = "class Body:\n    def checksum(self):\n        return 1\n"
    new = old.replace("return 1", "self._check()\n        return 1")
    aio = (
        "class _ChecksumMixin:\n    def checksum(self):\n        self._check()\n"
        "        return 1\n\n\nclass AioBody(_ChecksumMixin, AioStreamingBody):\n    pass\n"
    )
    [verdict] = classify(old, new, aio=aio, overrides=("Body.checksum",)).verdicts
    assert str(verdict.override) == "aiobotocore/mod.py:2 _ChecksumMixin.checksum"
    assert verdict.coverage is not None and verdict.coverage.covered


TABLE_OLD = (
    "class JSONParser:\n    def parse(self):\n        return 1\n\n\n"
    "PROTOCOL_PARSERS = {\n    'json': JSONParser,\n}\n"
)
TABLE_NEW = TABLE_OLD.replace(
    "\n\n\nPROTOCOL_PARSERS", "\n\n\nclass CBORParser(Base):\n    pass\n\n\nPROTOCOL_PARSERS"
).replace("    'json': JSONParser,\n", "    'json': JSONParser,\n    'cbor': CBORParser,\n")
TABLE_AIO = (
    "from botocore.mod import CBORParser, JSONParser\n\n\n"
    "class AioJSONParser(JSONParser):\n    async def parse(self):\n        return 1\n\n\n"
    "PROTOCOL_PARSERS = {\n    'json': AioJSONParser,\n}\n"
)
CBOR_TWIN = "class AioCBORParser(CBORParser):\n    pass\n\n\n"


def with_twin(aio: str) -> str:
    """``aio`` with the CBOR parser's twin defined before the table that will name it."""
    return aio.replace("PROTOCOL_PARSERS = {", CBOR_TWIN + "PROTOCOL_PARSERS = {")


@pytest.mark.parametrize(
    ("aio", "covered", "status"),
    [
        (TABLE_AIO, False, "left"),
        (with_twin(TABLE_AIO), False, "written"),
        (with_twin(TABLE_AIO.replace("'json': AioJSONParser,\n",
                                     "'json': AioJSONParser,\n    'cbor': X,\n")),
         True, "covered"),
    ],
    ids=["no-twin-yet-left-for-a-person", "written-with-the-twin", "already-in-the-table"],
)  # fmt: skip
def test_a_new_entry_of_a_table_of_twinned_classes(aio, covered, status) -> None:
    from botoport import MemoryTree, read_registries
    from botoport.port_plan import plan_port

    report = classify(TABLE_OLD, TABLE_NEW, aio=aio)
    [entry] = [v for v in report.verdicts if v.signal.value == "new-table-entry"]
    assert entry.qualname == "PROTOCOL_PARSERS['cbor']" and report.classification == "port-required"
    assert "aiobotocore's `PROTOCOL_PARSERS` needs the entry too" in entry.reason
    assert entry.coverage is not None and entry.coverage.covered is covered
    tree = MemoryTree({"aiobotocore/mod.py": aio, "tests/test_patches.py": "x = []\n"})
    plan = plan_port(report, read_registries(tree), tree)
    [outcome] = [
        o for o in plan.outcomes if o.verdict is not None and o.verdict.qualname == entry.qualname
    ]
    assert outcome.status == status
    if status == "written":
        assert (
            "    'json': AioJSONParser,\n    'cbor': AioCBORParser,\n}"
            in plan.writes["aiobotocore/mod.py"]
        )


def test_a_table_aiobotocore_does_not_mirror_is_no_finding() -> None:
    aio = "class AioOther:\n    async def go(self):\n        pass\n"
    report = classify(TABLE_OLD, TABLE_NEW, aio=aio)
    assert [v.signal.value for v in report.verdicts if v.qualname.startswith("PROTOCOL")] == []


def test_an_override_running_botocores_own_version_is_covered() -> None:
    """``AioRefreshableCredentials.__init__`` calls ``super().__init__(*args, **kwargs)``:
    botocore's new lines run in it, so nothing is left to port."""
    old = "class Creds:\n    def __init__(self, a):\n        self._a = a\n"
    new = old + "        self._staged = None\n"
    aio = (
        "from botocore.mod import Creds\n\nclass AioCreds(Creds):\n"
        "    def __init__(self, *args, **kwargs):\n        super().__init__(*args, **kwargs)\n"
        "        self._lock = None\n"
    )
    [verdict] = classify(old, new, aio=aio, overrides=("Creds.__init__",)).verdicts
    assert verdict.coverage is not None and verdict.coverage.inherited
    assert verdict.coverage.covered and verdict.coverage.as_json()["inherited"] is True
    own = aio.replace("super().__init__(*args, **kwargs)", "self._a = args[0]")
    [copied] = classify(old, new, aio=own, overrides=("Creds.__init__",)).verdicts
    assert copied.coverage.missing == ["self._staged = None"]
