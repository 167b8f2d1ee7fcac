"""Roll-up, the skill's text ending, the JSON interface, coverage, and a core that never raises."""

from __future__ import annotations

import os
import string

import pytest
from botoport import report_json, report_text
from botoport.port.methods import ClassifyOptions
from botoport.syntax.dialect import normalise_async
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.snippets import classify, method_index

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


TRANSITION_OLD = "import requests\nclass Client:\n    def fetch(self, u):\n        return u\n"
TRANSITION_NEW = TRANSITION_OLD.replace("return u", "return requests.get(u)")
SYNC_OVERRIDE = (
    "import requests\nfrom botocore.mod import Client\n\nclass AioClient(Client):\n"
    "    def fetch(self, u):\n        return requests.get(u)\n\n"
    "    async def caller(self, u):\n        return self.fetch(u)\n"
)


@pytest.mark.parametrize(
    ("aio", "must_become_async", "await_at", "covered"),
    [
        (SYNC_OVERRIDE, True, ["aiobotocore/mod.py:9 AioClient.caller"], False),
        (SYNC_OVERRIDE.replace("    def fetch", "    async def fetch"), False, [], True),
        (
            SYNC_OVERRIDE.replace("    def fetch", "    async def fetch").replace(
                "return self.fetch(u)", "return await self.fetch(u)"
            ),
            False,
            [],
            True,
        ),
    ],
    ids=["override-left-sync", "override-async", "override-async-caller-awaits"],
)
def test_the_async_transition(aio, must_become_async, await_at, covered) -> None:
    [verdict] = classify(TRANSITION_OLD, TRANSITION_NEW, aio=aio, overrides=()).verdicts
    assert verdict.signal.value == "network-io" and verdict.override is not None
    coverage = verdict.coverage
    assert coverage.must_become_async is must_become_async
    assert [str(site) for site in coverage.await_required_at] == await_at
    assert coverage.covered is covered


def test_the_report_names_the_transition() -> None:
    report = classify(TRANSITION_OLD, TRANSITION_NEW, aio=SYNC_OVERRIDE)
    [verdict] = report.verdicts
    text = report_text(report)
    assert "- must become `async def` (it is `def` in aiobotocore)" in text
    assert "- await required at: aiobotocore/mod.py:9 AioClient.caller" in text
    assert verdict.coverage.as_json()["await_required_at"] == [
        "aiobotocore/mod.py:9 AioClient.caller"
    ]


def test_a_line_calling_a_coroutine_without_await_keeps_the_port_open() -> None:
    old = "class Client:\n    def run(self, r):\n        return r\n"
    new = "class Client:\n    def run(self, r):\n        x = self._send(r)\n        return r\n"
    aio = (
        "from botocore.mod import Client\n\nclass AioClient(Client):\n"
        "    async def _send(self, r):\n        return r\n\n"
        "    async def run(self, r):\n        x = self._send(r)\n        return r\n"
    )
    [verdict] = classify(old, new, aio=aio, overrides=("Client.run",)).verdicts
    assert verdict.coverage.missing == []
    assert verdict.coverage.unawaited == ["x = self._send(r)"]
    assert not verdict.coverage.covered
    awaited = aio.replace("x = self._send(r)", "x = await self._send(r)")
    [fixed] = classify(old, new, aio=awaited, overrides=("Client.run",)).verdicts
    assert fixed.coverage.covered


def test_a_registered_override_gaining_async_work_must_become_async_with_its_callers() -> None:
    """#1420's shape: an ``emit`` added to ``get_client_args`` makes aiobotocore's override
    async, so ``AioClientCreator._get_client_args`` must await it."""

    from botoport import FileSources, MemoryTree, classify_sources, read_registries

    old = "class ClientArgsCreator:\n    def get_client_args(self, a):\n        return a\n"
    new = old.replace(
        "        return a", "        self._event_emitter.emit('x', a=a)\n        return a"
    )
    aio = (
        "from botocore.mod import ClientArgsCreator, ClientCreator, HierarchicalEmitter\n\n"
        "class AioHierarchicalEmitter(HierarchicalEmitter):\n"
        "    async def emit(self, name, **kw):\n        return None\n\n"
        "class AioClientArgsCreator(ClientArgsCreator):\n"
        "    def get_client_args(self, a):\n        self._event_emitter.emit('x', a=a)\n"
        "        return a\n\n"
        "class AioClientCreator(ClientCreator):\n"
        "    async def _get_client_args(self, a):\n"
        "        return AioClientArgsCreator().get_client_args(a)\n"
    )
    patches = (
        "from botocore.mod import ClientArgsCreator\n"
        "X = [(ClientArgsCreator.get_client_args, {'0'})]\n"
    )
    tree = MemoryTree({"aiobotocore/mod.py": aio, "tests/test_patches.py": patches})
    owners = {"emit": [("HierarchicalEmitter", "botocore/hooks.py")]}
    options = ClassifyOptions(methods=method_index(owners))
    [verdict] = classify_sources(
        [FileSources("botocore/mod.py", old, new)],
        read_registries(tree),
        tree,
        "1",
        "2",
        options=options,
    ).verdicts
    assert verdict.signal.value == "registered-override" and verdict.must_be_async
    assert "emit" in str(verdict.async_reason)
    coverage = verdict.coverage
    assert coverage.must_become_async and not coverage.covered
    assert [str(site) for site in coverage.await_required_at] == [
        "aiobotocore/mod.py:14 AioClientCreator._get_client_args"
    ]
    assert coverage.unawaited == ["self._event_emitter.emit('x', a=a)"]


NESTED_CLIENT = "from botocore.mod import Client\n\n"
CM_AIO = (
    "import contextlib\n\n"
    "@contextlib.asynccontextmanager\nasync def nested(session):\n    yield session\n\n"
)


@pytest.mark.parametrize(
    ("line", "signal", "must_be_async"),
    [
        ("return nested(s)", "async-context-call", False),
        ("with nested(s) as c:\n        return c", "module-async-call", True),
    ],
    ids=["handed-on", "used-in-place"],
)
def test_an_async_context_manager_is_used_not_awaited(line, signal, must_be_async) -> None:
    """#1389's shape: aiobotocore makes ``create_nested_client`` an async context manager, so
    a function handing it on is ported without becoming async."""
    old = "def nested(session):\n    return session\n\ndef _client(s):\n    return s\n"
    new = old.replace("def _client(s):\n    return s", f"def _client(s):\n    {line}")
    aio = CM_AIO + "def _client(s):\n    " + line + "\n"
    report = classify(old, new, aio=aio, overrides=())
    verdict = next(v for v in report.verdicts if v.qualname == "_client")
    assert (verdict.signal.value, verdict.must_be_async) == (signal, must_be_async)
    assert verdict.coverage is not None and verdict.coverage.unawaited == []


def test_a_call_resolved_outside_aiobotocore_is_not_a_coroutine() -> None:
    """``dateutil.parser.parse`` shares its name with aiobotocore's async ``parse``."""
    old = "import dateutil.parser\nclass Client:\n    def run(self, r):\n        return r\n"
    new = old.replace("return r", "x = dateutil.parser.parse(r)\n        return x")
    aio = (
        "import dateutil.parser\nfrom botocore.mod import Client\n\nclass AioClient(Client):\n"
        "    async def parse(self, r):\n        return r\n\n"
        "    async def run(self, r):\n        x = dateutil.parser.parse(r)\n        return x\n"
    )
    [verdict] = classify(old, new, aio=aio, overrides=("Client.run",)).verdicts
    assert verdict.coverage.unawaited == [] and verdict.coverage.covered
    bare = aio.replace("dateutil.parser.parse(r)", "self.parse(r)")
    [unawaited] = classify(old, new.replace("dateutil.parser.parse(r)", "self.parse(r)"),
                           aio=bare, overrides=("Client.run",)).verdicts  # fmt: skip
    assert unawaited.coverage.unawaited == ["x = self.parse(r)"]


def test_a_property_is_never_asked_to_become_async() -> None:
    """A property cannot be awaited (#1307's ``account_id``): the port is a person's call."""
    old = "class Creds:\n    @property\n    def account_id(self):\n        return self._a\n"
    new = old.replace("return self._a", "self._refresh()\n        return self._a")
    aio = (
        "from botocore.mod import Creds\n\nclass AioCreds(Creds):\n"
        "    async def _refresh(self):\n        pass\n\n"
        "    @property\n    def account_id(self):\n        return self._a\n"
    )
    [verdict] = classify(old, new, aio=aio).verdicts
    assert verdict.signal.value == "self-async-call" and verdict.override is not None
    assert not verdict.coverage.must_become_async
    assert verdict.coverage.missing == ["self._refresh()"]


def test_async_work_inside_a_nested_function_leaves_the_outer_one_sync() -> None:
    """``with_current_context`` returns a decorator whose wrapper becomes async; the factory
    itself stays ``def``."""
    old = "def with_ctx(hook=None):\n    return hook\n"
    new = (
        "def with_ctx(hook=None):\n    def decorator(func):\n        def wrapper(*a):\n"
        "            with start(): return func(*a)\n        return wrapper\n    return decorator\n"
    )
    aio = (
        "import contextlib\n\n@contextlib.asynccontextmanager\nasync def start():\n    yield\n\n"
        "def with_ctx(hook=None):\n    def decorator(func):\n        async def wrapper(*a):\n"
        "            async with start(): return await func(*a)\n        return wrapper\n"
        "    return decorator\n"
    )
    [verdict] = classify(old, new, aio=aio, overrides=("with_ctx",)).verdicts
    assert verdict.signal.value == "registered-override"
    assert verdict.async_reason is None and not verdict.must_be_async
    assert verdict.coverage is not None and verdict.coverage.covered


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
CBOR_TWIN = "\n\nclass AioCBORParser(CBORParser):\n    pass\n"


@pytest.mark.parametrize(
    ("aio", "covered", "status"),
    [
        (TABLE_AIO, False, "left"),
        (TABLE_AIO + CBOR_TWIN, False, "written"),
        (TABLE_AIO.replace("'json': AioJSONParser,\n", "'json': AioJSONParser,\n    'cbor': X,\n")
         + CBOR_TWIN, True, "covered"),
    ],
    ids=["no-twin-yet-left-for-a-person", "written-with-the-twin", "already-in-the-table"],
)  # fmt: skip
def test_a_new_entry_of_a_table_of_twinned_classes(aio, covered, status) -> None:
    from botoport import MemoryTree, read_registries
    from botoport.porting import plan_port

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
