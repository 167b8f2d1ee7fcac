"""``port --tests``: botocore's tests in aiobotocore's async dialect, placed in its mirrors.

Table-driven over small before/after snippets against a small aiobotocore tree; then the
placement in a new and an existing mirror, the plan's choices, and the command end to end on a
botocore clone built here."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest
from botoport.mirror.trees import MemoryTree
from botoport.port.classify import PortReport
from botoport.port.registries import read_registries
from botoport.testport.convert import convert_module
from botoport.testport.dialect import AioDialect
from botoport.testport.items import changed_tests, read_items
from botoport.testport.place import import_block, licence_header, placed
from botoport.testport.plan import plan_test_port

from tests.gitrepos import git, tagged_repo, write_tree
from tests.runners import botoport
from tests.sample import AIO_FILES, RELEASES

AIO = {
    "pyproject.toml": '[tool.pytest.ini_options]\nanyio_mode = "auto"\n',
    "tests/test_patches.py": "",
    "tests/botocore_tests/__init__.py": "import unittest\nfrom unittest import mock\n\n"
    "def helper():\n    return 1\n",
    "aiobotocore/config.py": "from botocore.config import Config\n\n\n"
    "class AioConfig(Config):\n    pass\n",
    "aiobotocore/retries/standard.py": (
        "from botocore.retries.standard import RetryHandler, NEW_RETRIES_ENABLED\n\n\n"
        "class AioRetryHandler(RetryHandler):\n"
        "    async def needs_retry(self, **kwargs):\n"
        "        await self._sleep(1)\n\n"
        "    def sync_method(self):\n"
        "        return 1\n\n\n"
        "async def register_retry_handler(client):\n"
        "    return AioRetryHandler()\n"
    ),
    "aiobotocore/credentials.py": (
        "from botocore.credentials import Credentials, InstanceMetadataProvider\n\n\n"
        "class AioCredentials(Credentials):\n"
        "    async def get_frozen_credentials(self):\n        return self\n\n"
        "    @property\n    def access_key(self):\n"
        "        raise NotImplementedError('read it through get_frozen_credentials')\n"
        "        return self._access_key\n\n\n"
        "class AioInstanceMetadataProvider(InstanceMetadataProvider):\n"
        "    async def load(self):\n        fetcher = self._role_fetcher\n"
        "        return await fetcher.retrieve_iam_role_credentials()\n\n\n"
        "def create_refresher(client, params):\n    async def refresh():\n"
        "        async with client as sts:\n            return await sts.assume_role(**params)\n\n"
        "    return refresh\n"
    ),
    "aiobotocore/response.py": (
        "from botocore.response import StreamingBody\n"
        "from botocore.exceptions import ReadTimeoutError\n\n\n"
        "class AioReadTimeoutError(ReadTimeoutError):\n    pass\n\n\n"
        "class AioStreamingBody(StreamingBody):\n"
        "    async def read(self):\n        return b''\n\n"
        "    async def iter_lines(self):\n        yield b''\n\n"
        "    def __iter__(self):\n        raise TypeError('use async for')\n\n\n"
        "class AioBodyBase(StreamingBody):\n"
        "    async def readlines(self):\n        return [await self.read()]\n"
    ),
    "aiobotocore/session.py": (
        "from botocore.session import Session\n\n\n"
        "class AioSession(Session):\n"
        "    def create_client(self, *args):\n"
        "        return None\n\n\n"
        "def get_session():\n"
        "    return AioSession()\n"
    ),
}


def dialect(files: dict[str, str] | None = None) -> AioDialect:
    tree = MemoryTree(files or AIO)
    return AioDialect(read_registries(tree), tree, "tests/botocore_tests")


def converted_item(source: str, qualname: str, files: dict[str, str] | None = None) -> str:
    """One item of the converted module, dedented."""
    result = convert_module(textwrap.dedent(source), dialect(files))
    item = read_items(result.text)[qualname]
    lines = result.text.splitlines(keepends=True)
    return textwrap.dedent("".join(lines[item.first_line - 1 : item.node.end_lineno]))


DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
HEAD = "from botocore.retries import standard\nfrom tests import mock, unittest\n\n\n"
BODY = (
    "from botocore.exceptions import ReadTimeoutError\n"
    "from botocore.response import StreamingBody\n\n\n"
)
CONVERSIONS = [
    (
        "an async generator of the twin is iterated with async for",
        BODY + "def test_a():\n    body = StreamingBody(raw, 1)\n"
        "    for line in body.iter_lines():\n        assert line\n",
        "test_a",
        "async def test_a():\n    body = AioStreamingBody(raw, 1)\n"
        "    async for line in body.iter_lines():\n        assert line\n",
    ),
    (
        "an exception keeps botocore's class (it catches the Aio subclass too)",
        BODY + "def test_a():\n    with pytest.raises(ReadTimeoutError):\n        pass\n",
        "test_a",
        "def test_a():\n    with pytest.raises(ReadTimeoutError):\n        pass\n",
    ),
    (
        "a sync test calling a coroutine becomes async and awaits it",
        HEAD + "def test_a():\n    handler = standard.RetryHandler()\n"
        "    assert handler.needs_retry()\n",
        "test_a",
        "async def test_a():\n    handler = aio_standard.AioRetryHandler()\n"
        "    assert await handler.needs_retry()\n",
    ),
    (
        "a sync method of the twin stays a plain call, and the test stays sync",
        HEAD + "def test_a():\n    handler = standard.RetryHandler()\n"
        "    assert handler.sync_method()\n",
        "test_a",
        "def test_a():\n    handler = aio_standard.AioRetryHandler()\n"
        "    assert handler.sync_method()\n",
    ),
    (
        "a class without a twin is left as botocore's",
        HEAD + "def test_a():\n    ctx = standard.RetryContext(1)\n    assert ctx.x()\n",
        "test_a",
        "def test_a():\n    ctx = standard.RetryContext(1)\n    assert ctx.x()\n",
    ),
    (
        "a twin imported by name, and an overridden coroutine function",
        "from botocore.config import Config\n"
        "from botocore.retries.standard import register_retry_handler\n\n\n"
        "def test_a():\n    config = Config()\n    register_retry_handler(config)\n",
        "test_a",
        "async def test_a():\n    config = AioConfig()\n    await register_retry_handler(config)\n",
    ),
    (
        "a mocked coroutine method gets AsyncMock",
        HEAD + "def test_a():\n    handler = standard.RetryHandler()\n"
        "    with mock.patch.object(handler, 'needs_retry') as m:\n"
        "        m.return_value = 1\n",
        "test_a",
        "def test_a():\n    handler = aio_standard.AioRetryHandler()\n"
        "    with mock.patch.object(handler, 'needs_retry', new_callable=mock.AsyncMock) as m:\n"
        "        m.return_value = 1\n",
    ),
    (
        "a patch target moves to the twin, with AsyncMock for its coroutine",
        HEAD + "@mock.patch('botocore.retries.standard.RetryHandler.needs_retry')\n"
        "def test_a(m):\n    pass\n",
        "test_a",
        "@mock.patch('aiobotocore.retries.standard.AioRetryHandler.needs_retry', "
        "new_callable=mock.AsyncMock)\ndef test_a(m):\n    pass\n",
    ),
    (
        "a client from an AioSession is opened with async with",
        "import botocore.session\n\n\ndef test_a():\n"
        "    session = botocore.session.get_session()\n"
        "    client = session.create_client('s3')\n"
        "    client.list_buckets()\n"
        "    assert client.can_paginate('x')\n",
        "test_a",
        "async def test_a():\n    session = aiobotocore.session.get_session()\n"
        "    async with session.create_client('s3') as client:\n"
        "        await client.list_buckets()\n"
        "        assert client.can_paginate('x')\n",
    ),
    (
        "a unittest class whose test awaits runs under IsolatedAsyncioTestCase",
        HEAD + "class TestA(unittest.TestCase):\n"
        "    def setUp(self):\n        self.handler = standard.RetryHandler()\n\n"
        "    def test_a(self):\n        self.assertTrue(self.handler.needs_retry())\n",
        "TestA",
        "class TestA(unittest.IsolatedAsyncioTestCase):\n"
        "    def setUp(self):\n        self.handler = aio_standard.AioRetryHandler()\n\n"
        "    async def test_a(self):\n        self.assertTrue(await self.handler.needs_retry())\n",
    ),
    (
        "a helper made async is awaited by its callers",
        HEAD + "def make():\n    return standard.RetryHandler().needs_retry()\n\n\n"
        "def test_a():\n    assert make()\n",
        "test_a",
        "async def test_a():\n    assert await make()\n",
    ),
    (
        "an awaited constructor argument given as a mock becomes AsyncMock",
        HEAD + "def test_a():\n    sleep = mock.Mock()\n"
        "    handler = standard.RetryHandler(sleep=sleep)\n",
        "test_a",
        "def test_a():\n    sleep = mock.AsyncMock()\n"
        "    handler = aio_standard.AioRetryHandler(sleep=sleep)\n",
    ),
    (
        "a helper every call hands one Aio class awaits its coroutines, and is awaited",
        HEAD + "def check(h):\n    return h.needs_retry()\n\n\n"
        "def test_a():\n    check(standard.RetryHandler())\n",
        "check",
        "async def check(h):\n    return await h.needs_retry()\n",
    ),
]


@pytest.mark.parametrize(
    "source, qualname, expected", [c[1:] for c in CONVERSIONS], ids=[c[0] for c in CONVERSIONS]
)
def test_conversion(source: str, qualname: str, expected: str) -> None:
    assert converted_item(source, qualname) == expected


CREDS = "from botocore import credentials\nfrom tests import mock, unittest\n\n\n"
LEFT_OUT = [
    (
        "a coroutine called in a lambda",
        HEAD + "def test_a():\n    handler = standard.RetryHandler()\n"
        "    f = lambda: handler.needs_retry()\n",
        "calls the coroutine AioRetryHandler.needs_retry inside a nested function or lambda",
    ),
    (
        "a coroutine method handed on as a callable",
        HEAD + "class T(unittest.TestCase):\n    def test_a(self):\n"
        "        handler = standard.RetryHandler()\n"
        "        self.assertRaises(ValueError, handler.needs_retry)\n",
        "hands the coroutine method handler.needs_retry on as a callable",
    ),
    (
        "a name the mirror's test package lacks",
        "from tests import BaseSessionTest\n\n\nclass T(BaseSessionTest):\n"
        "    def test_a(self):\n        pass\n",
        "uses tests.BaseSessionTest, which aiobotocore's mirror of botocore's test package "
        "does not provide",
    ),
    (
        "a client created on an untyped receiver",
        "def test_a(session):\n    client = session.create_client('s3')\n",
        "creates a client with session.create_client, whose receiver is not known to be an "
        "AioSession (aiobotocore opens clients with async with)",
    ),
    (
        "a property the Aio class refuses, read on a receiver of unknown type",
        CREDS + "def test_a(creds):\n    assert credentials.Credentials\n"
        "    assert creds.access_key == 'a'\n",
        "reads creds.access_key; AioCredentials.access_key raises NotImplementedError "
        "(aiobotocore reads it through a coroutine)",
    ),
    (
        "a coroutine's name called on a receiver of unknown type",
        CREDS + "def test_a(creds):\n    assert credentials.Credentials\n"
        "    creds.get_frozen_credentials()\n",
        "calls creds.get_frozen_credentials() on a receiver of unknown type; "
        "get_frozen_credentials is a coroutine of AioCredentials",
    ),
    (
        "an async generator used other than by a for loop",
        BODY + "def test_a():\n    body = StreamingBody(raw, 1)\n"
        "    assert list(body.iter_lines())\n",
        "calls body.iter_lines(), an async generator (AioStreamingBody.iter_lines) used other "
        "than by a for loop",
    ),
    (
        "iterating an Aio object whose __iter__ raises",
        BODY + "def test_a():\n    body = StreamingBody(raw, 1)\n"
        "    for chunk in body:\n        assert chunk\n",
        "iterates body; AioStreamingBody.__iter__ raises (it is async)",
    ),
    (
        "constructing an Aio base class that awaits what only its subclasses make async",
        "from aiobotocore.response import AioBodyBase\n\n\n"
        "def test_a():\n    body = AioBodyBase(raw, 1)\n",
        "constructs AioBodyBase, which awaits self.read that only its subclasses make a coroutine",
    ),
    (
        "a mock kept on self handed to an Aio class that awaits methods of it",
        CREDS + "class T(unittest.TestCase):\n    def setUp(self):\n"
        "        self.fetcher = mock.Mock()\n"
        "        self.p = credentials.InstanceMetadataProvider(iam_role_fetcher=self.fetcher)\n",
        "hands a mock to AioInstanceMetadataProvider, which awaits methods of what it is given "
        "(self._role_fetcher)",
    ),
    (
        "a mock handed to an Aio class that awaits methods of it",
        CREDS + "def test_a():\n    fetcher = mock.Mock()\n"
        "    credentials.InstanceMetadataProvider(iam_role_fetcher=fetcher)\n",
        "hands a mock to AioInstanceMetadataProvider, which awaits methods of what it is given "
        "(self._role_fetcher)",
    ),
    (
        "a mock handed to an aiobotocore function whose inner coroutine enters it",
        "from botocore.credentials import create_refresher\nfrom tests import mock\n\n\n"
        "def test_a():\n    refresh = create_refresher(mock.Mock(), {})\n",
        "hands a mock to create_refresher, which awaits what it is given (client)",
    ),
    (
        "an object with coroutine methods handed to a helper that also gets other objects",
        HEAD + "def check(h):\n    return h.needs_retry()\n\n\n"
        "def test_a():\n    check(standard.RetryHandler())\n\n\n"
        "def test_b():\n    check(object())\n",
        "hands an AioRetryHandler (its methods are coroutines) to check, whose calls on it "
        "cannot be typed",
    ),
]


@pytest.mark.parametrize("source, why", [c[1:] for c in LEFT_OUT], ids=[c[0] for c in LEFT_OUT])
def test_left_out_with_the_reason(source: str, why: str) -> None:
    result = convert_module(textwrap.dedent(source), dialect())
    reasons = {q: r for q, r in result.left.items() if q.endswith("test_a") or q.startswith("T")}
    assert why in reasons.values(), result.left


def test_a_helper_called_only_with_a_botocore_class_makes_plain_calls() -> None:
    """``check``'s parameter takes the type every call site gives: a botocore class that
    aiobotocore keeps, so ``h.needs_retry()`` is a plain call (not a coroutine's name on an
    unknown receiver)."""
    source = HEAD + (
        "def check(h):\n    return h.needs_retry()\n\n\n"
        "def test_a():\n    assert check(standard.RetryPolicy())\n\n\n"
        "def test_b():\n    assert standard.RetryHandler\n"
    )
    result = convert_module(source, dialect())
    assert result.left == {}
    assert "def check(h):\n    return h.needs_retry()\n" in result.text


def test_a_setter_is_not_a_read_and_a_typed_receiver_is_awaited() -> None:
    source = CREDS + (
        "def test_a(creds):\n    creds.access_key = 'a'\n"
        "    c = credentials.Credentials('a', 'b')\n    c.get_frozen_credentials()\n"
    )
    result = convert_module(source, dialect())
    assert result.left == {}
    assert "    await c.get_frozen_credentials()\n" in result.text


@pytest.mark.parametrize(
    ("mirror_set_up", "why"),
    [
        ("        self.signer = AioSigner('v4')\n",
         "uses self.signer, which the mirror sets up otherwise"),
        ("        self.other = 1\n", "uses self.signer, which the mirror's set-up does not give"),
    ],
    ids=["set-up-otherwise", "not-set-up"],
)  # fmt: skip
def test_a_test_needs_the_set_up_the_mirror_keeps(mirror_set_up: str, why: str) -> None:
    """The mirror keeps its own base class; botocore's test reads ``self.signer`` from
    botocore's set-up of it: written only when the mirror's set-up gives the same."""
    path = "tests/unit/test_sig.py"
    base = "class Base(unittest.TestCase):\n    def setUp(self):\n"
    after = (
        "from tests import unittest\n\n\n" + base + "        self.signer = Signer('v2')\n\n\n"
        "class TestSig(Base):\n    def test_sig(self):\n        assert self.signer\n"
    )
    tests = DictTests({"1.0.0": {}, "1.0.1": {path: after}})
    mirror = "from tests.botocore_tests import unittest\n\n\n" + base + mirror_set_up
    tree = MemoryTree({**AIO, "tests/botocore_tests/unit/test_sig.py": mirror})
    plan = plan_test_port(PortReport("1.0.0", "1.0.1", [], []), read_registries(tree), tree, tests)
    [outcome] = plan.outcomes
    assert (outcome.status, outcome.why) == ("left", why)
    same = MemoryTree({**AIO, "tests/botocore_tests/unit/test_sig.py": mirror.replace(
        mirror_set_up, "        self.signer = Signer('v2')\n")})  # fmt: skip
    plan = plan_test_port(PortReport("1.0.0", "1.0.1", [], []), read_registries(same), same, tests)
    assert [o.status for o in plan.outcomes] == ["written"]


def test_a_test_of_a_parallel_implementation_is_written_with_a_warning() -> None:
    """3.9.2: botocore changed ``StreamingChecksumBody``, which aiobotocore re-implements; the
    port leaves it as a note, and the tests written for it say that they fail until a person
    ports it (as the maintainers did in 3.9.2)."""
    from tests.snippets import classify

    old = "class ChecksumBody:\n    def _validate(self):\n        return 1\n"
    new = old + "\n    @property\n    def checksum(self):\n        return self._checksum\n"
    aio = (
        "class AioStreamingBody:\n    pass\n\n"
        "class AioChecksumBody(AioStreamingBody):\n    def _validate(self):\n        pass\n"
    )
    report = classify(old, new, aio=aio)
    path = "tests/unit/test_body.py"
    after = "class TestChecksumBody:\n    def test_checksum(self):\n        assert 1\n"
    tests = DictTests(
        {"1.0.0": {path: "class TestChecksumBody:\n    pass\n"}, "1.0.1": {path: after}}
    )
    mirror = "class TestChecksumBody:\n    def test_old(self):\n        pass\n"
    tree = MemoryTree({**AIO, "tests/botocore_tests/unit/test_body.py": mirror})
    plan = plan_test_port(report, read_registries(tree), tree, tests)
    [outcome] = plan.outcomes
    assert (outcome.status, outcome.why) == (
        "written",
        "fails until the parallel implementation of ChecksumBody is ported by hand",
    )


@pytest.mark.parametrize(
    ("kept_base", "why"),
    [
        ("class Base:\n    @pytest.fixture\n    def session(self):\n        return 1\n",
         "derives from Base, which the mirror keeps as a pytest class"),
        ("class Base(unittest.TestCase):\n    pass\n",
         "derives from Base, whose helper the mirror does not have"),
    ],
    ids=["a-pytest-base", "a-base-without-the-helper"],
)  # fmt: skip
def test_a_new_class_on_a_base_the_mirror_keeps_otherwise_is_left(kept_base, why) -> None:
    """botocore 1.44's ``TestSessionUserAgent(BaseSessionTest)`` where aiobotocore's
    ``BaseSessionTest`` is a pytest class of fixtures: its unittest tests would not run."""
    path = "tests/unit/test_sess.py"
    after = (
        "from tests import unittest\n\n\nclass Base(unittest.TestCase):\n"
        "    def helper(self):\n        return 1\n\n\n"
        "class TestNew(Base):\n    def test_new(self):\n        self.assertTrue(self.helper())\n"
    )
    tests = DictTests({"1.0.0": {}, "1.0.1": {path: after}})
    mirror = "import pytest\nfrom tests.botocore_tests import unittest\n\n\n" + kept_base
    tree = MemoryTree({**AIO, "tests/botocore_tests/unit/test_sess.py": mirror})
    plan = plan_test_port(PortReport("1.0.0", "1.0.1", [], []), read_registries(tree), tree, tests)
    [outcome] = plan.outcomes
    assert (outcome.status, outcome.why) == ("left", why)


@pytest.mark.parametrize(
    ("definition", "coroutines"),
    [
        pytest.param("async def _emit", {"_emit", "emit"}, id="an-async-_emit-makes-emit-hand-off"),
        pytest.param("def _emit", set(), id="a-sync-_emit-leaves-emit-sync"),
    ],
)
def test_an_inherited_emit_hands_back_the_coroutine_of_an_async_emit(
    definition: str, coroutines: set[str]
) -> None:
    """botocore's ``emit`` returns ``self._emit(...)``: an Aio emitter that makes ``_emit`` a
    coroutine hands one back from the ``emit`` it inherits."""
    hooks = (
        "from botocore.hooks import HierarchicalEmitter\n\n\n"
        f"class AioHierarchicalEmitter(HierarchicalEmitter):\n    {definition}(self, name, kw):\n"
        "        return []\n"
    )
    aio = dialect({**AIO, "aiobotocore/hooks.py": hooks})
    assert aio.event_emitter() == "AioHierarchicalEmitter"
    assert aio.async_methods("AioHierarchicalEmitter") == coroutines


HELPERS = {"aiobotocore/_helpers.py": "async def resolve_awaitable(obj):\n    return obj\n"}
MIXED_SOURCE = HEAD + (
    "def check(h):\n    assert h.needs_retry()\n    assert h.other()\n\n\n"
    "def test_sync():\n    check(standard.ThrottlingChecker())\n\n\n"
    "def test_aio():\n    check(standard.RetryHandler())\n"
)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {**AIO, **HELPERS},
            "async def check(h):\n    assert await resolve_awaitable(h.needs_retry())\n"
            "    assert h.other()\n",
            id="awaited-through-resolve_awaitable",
        ),
        pytest.param(AIO, None, id="left-where-the-tree-has-no-resolve_awaitable"),
    ],
)
def test_a_helper_handed_sync_and_aio_objects_resolves_what_only_some_await(
    files: dict[str, str], expected: str | None
) -> None:
    """A helper every call hands a known type, sync for one call and an Aio class for
    another: a method only the Aio class awaits goes through aiobotocore's
    ``resolve_awaitable`` (its callers await the helper); others stay plain calls."""
    converted = convert_module(MIXED_SOURCE, dialect(files))
    if expected is None:
        assert "the tree has no aiobotocore._helpers.resolve_awaitable" in converted.left["check"]
        return
    assert converted.left == {}
    assert expected in converted.text
    assert "async def test_sync():\n    await check(" in converted.text
    assert converted.imports["resolve_awaitable"] == "aiobotocore._helpers.resolve_awaitable"


SOURCER_BODIES = {
    "picked-by-a-method": "        source = self._pick(name)\n        return await source.load()\n",
    "iterated": "        for source in self._providers:\n            await source.load()\n",
}


@pytest.mark.parametrize("body", SOURCER_BODIES.values(), ids=SOURCER_BODIES.keys())
@pytest.mark.parametrize(
    ("handed", "left"),
    [("[fake]", True), ("(fake, other)", True), ("[other]", False)],
)
def test_a_mock_among_what_a_class_awaits_through_its_own_methods_leaves_the_test(
    body: str, handed: str, left: bool
) -> None:
    """``AioCanonicalNameCredentialSourcer`` awaits ``source.load()`` on what its own
    ``_get_provider`` picks from the providers it was given: a ``Mock()`` in that list cannot
    serve (its ``load`` is no coroutine); a list of real objects can."""
    sourcer = (
        "from botocore.credentials import Sourcer\n\n\n"
        "class AioSourcer(Sourcer):\n    async def source(self, name):\n" + body
    )
    files = {**AIO, "aiobotocore/sourcers.py": sourcer}
    source = (
        "from botocore.sourcers import Sourcer\nfrom tests import mock\n\n\n"
        f"def test_a():\n    fake = mock.Mock()\n    other = object()\n"
        f"    Sourcer({handed})\n"
    )
    converted = convert_module(source, dialect(files))
    why = converted.left.get("test_a", "")
    assert ("hands a mock to AioSourcer, which awaits methods of what it is given" in why) is left


POLICY_FILES = {
    **AIO,
    "aiobotocore/retries/standard.py": AIO["aiobotocore/retries/standard.py"]
    .replace("RetryHandler, NEW_RETRIES", "RetryHandler, RetryPolicy, NEW_RETRIES")
    .replace(
        "        await self._sleep(1)\n",
        "        await self._sleep(1)\n        await self._retry_policy.should_retry(1)\n",
    )
    + "\n\nclass AioRetryPolicy(RetryPolicy):\n    async def should_retry(self, context):\n"
    "        return True\n",
}
HANDED_POLICY = [
    # (the policy's mock, written as (None: the test is left))
    ("mock.Mock(spec=standard.RetryPolicy)", "mock.Mock(spec=aio_standard.AioRetryPolicy)"),
    ("mock.Mock(standard.RetryPolicy)", "mock.Mock(aio_standard.AioRetryPolicy)"),
    ("mock.Mock(spec_set=standard.RetryPolicy)", "mock.Mock(spec_set=aio_standard.AioRetryPolicy)"),
    ("mock.Mock()", None),
    ("mock.Mock(spec=standard.RetryHandler)", None),  # its twin has no should_retry coroutine
]


@pytest.mark.parametrize(("policy", "written"), HANDED_POLICY)
def test_a_mock_specced_by_a_class_with_coroutines_may_be_handed_to_an_aio_class(
    policy: str, written: str | None
) -> None:
    """``Mock(spec=C)`` makes an ``AsyncMock`` of each coroutine method of C: specced by an
    Aio twin with the coroutines awaited on it, it serves; a plain ``Mock()`` does not. A mock
    for ``sleep=`` (awaited itself) becomes an ``AsyncMock`` and is not what is checked."""
    source = HEAD + (
        f"def test_a():\n    policy = {policy}\n    sleep = mock.Mock()\n"
        "    handler = standard.RetryHandler(retry_policy=policy, sleep=sleep)\n"
        "    assert handler.needs_retry()\n"
    )
    converted = convert_module(source, dialect(POLICY_FILES))
    if written is None:
        assert "hands a mock to AioRetryHandler" in converted.left["test_a"]
        return
    assert converted.left == {}
    assert f"    policy = {written}\n    sleep = mock.AsyncMock()\n" in converted.text


def test_facts_of_two_aio_classes_of_one_name_both_count() -> None:
    """aiobotocore has an ``AioRetryHandler`` in ``retries/standard.py`` and another in
    ``retryhandler.py``: named bare, what the standard one awaits must not hide behind the
    legacy one; named by its module, the one is meant."""
    files = {
        **AIO,
        "aiobotocore/retryhandler.py": "from botocore.retryhandler import RetryHandler\n\n\n"
        "class AioRetryHandler(RetryHandler):\n    async def needs_retry(self):\n"
        "        return 1\n\n    async def sync_method(self):\n        return 1\n",
        "aiobotocore/retries/standard.py": AIO["aiobotocore/retries/standard.py"].replace(
            "        await self._sleep(1)\n",
            "        await self._sleep(1)\n        await self._retry_policy.should_retry(1)\n",
        ),
    }
    aio = dialect(files)
    assert aio.awaits_through_attributes("AioRetryHandler") == {"_retry_policy": {"should_retry"}}
    assert aio.async_methods("AioRetryHandler") == {"needs_retry"}
    # A test constructing botocore's standard RetryHandler gets the standard twin, named by
    # its module: what it awaits is known, whatever the other one does.
    source = (
        HEAD + "def test_a():\n    handler = standard.RetryHandler()\n    handler.sync_method()\n"
        "    handler.needs_retry()\n"
    )
    converted = convert_module(source, aio)
    assert converted.left == {}
    assert "    handler.sync_method()\n    await handler.needs_retry()\n" in converted.text
    standard_one = "aiobotocore.retries.standard.AioRetryHandler"
    assert aio.async_methods(standard_one) == {"needs_retry"}
    assert aio.uncertain_methods("AioRetryHandler") == {"sync_method"}
    assert aio.uncertain_methods(standard_one) == set()


def test_a_second_run_finds_what_the_first_wrote_covered() -> None:
    path = "tests/unit/retries/test_standard.py"
    tests = DictTests({"1.0.0": {path: ""}, "1.0.1": {path: BOTOCORE_TEST}})
    mirror_path = "tests/botocore_tests/unit/retries/test_standard.py"
    tree = MemoryTree({**AIO, mirror_path: "import pytest\n"})
    report = PortReport("1.0.0", "1.0.1", [], [])
    first = plan_test_port(report, read_registries(tree), tree, tests)
    assert {o.status for o in first.outcomes} == {"written"}
    tree = MemoryTree({**AIO, mirror_path: first.writes[mirror_path]})
    second = plan_test_port(report, read_registries(tree), tree, tests)
    assert {o.status for o in second.outcomes} == {"covered"} and second.writes == {}


def test_a_mirror_that_does_not_parse_is_left_whole_and_the_others_go_on() -> None:
    tests = DictTests({"1.0.0": {}, "1.0.1": {
        "tests/unit/test_a.py": "def test_a():\n    pass\n",
        "tests/unit/test_b.py": "def test_b():\n    pass\n",
    }})  # fmt: skip
    tree = MemoryTree({
        **AIO,
        "tests/botocore_tests/unit/test_a.py": "def broken(:\n",
        "tests/botocore_tests/unit/test_b.py": "def test_old():\n    pass\n",
    })  # fmt: skip
    plan = plan_test_port(PortReport("1.0.0", "1.0.1", [], []), read_registries(tree), tree, tests)
    broken = "tests/botocore_tests/unit/test_a.py"
    assert [(o.test, o.status, o.why) for o in plan.outcomes] == [
        (broken, "left", f"{broken} does not parse (SyntaxError at line 1); fix it first"),
        ("tests/botocore_tests/unit/test_b.py::test_b", "written", ""),
    ]


def test_a_name_the_mirror_binds_elsewhere_leaves_the_test() -> None:
    """botocore's ``credentials.JSONFileCache`` where the mirror's ``credentials`` is
    aiobotocore's module (which has no JSONFileCache): left, not written to fail."""
    path = "tests/unit/test_creds.py"
    after = CREDS + "def test_cache():\n    assert credentials.JSONFileCache\n"
    tests = DictTests({"1.0.0": {}, "1.0.1": {path: after}})
    mirror = "from aiobotocore import credentials\n\n\ndef test_old():\n    pass\n"
    tree = MemoryTree({**AIO, "tests/botocore_tests/unit/test_creds.py": mirror})
    plan = plan_test_port(PortReport("1.0.0", "1.0.1", [], []), read_registries(tree), tree, tests)
    [outcome] = plan.outcomes
    assert (outcome.status, outcome.why) == (
        "left",
        "uses credentials (botocore.credentials), which the mirror binds to "
        "aiobotocore.credentials",
    )


def test_the_mirror_package_provides_test_helpers() -> None:
    result = convert_module("from tests import helper, mock\n", dialect())
    assert result.imports["helper"] == "tests.botocore_tests.helper"
    assert result.imports["mock"] == "tests.botocore_tests.mock"
    assert result.left == {}


def test_async_mark_where_pytest_needs_one() -> None:
    files = {**AIO, "pyproject.toml": "[project]\nname = 'aiobotocore'\n"}
    source = HEAD + "def test_a():\n    assert standard.RetryHandler().needs_retry()\n"
    assert converted_item(source, "test_a", files).startswith("@pytest.mark.anyio\nasync def")


def test_changed_tests_are_the_added_and_the_changed_ones() -> None:
    before = "def test_a():\n    pass\n\n\ndef test_b():\n    x = 1\n\n\ndef helper():\n    pass\n"
    after = (
        'def test_a():\n    """Docstrings do not count."""\n    pass\n\n\n'
        "def test_b():\n    x = 2\n\n\nclass TestC:\n    def test_d(self):\n        pass\n"
    )
    assert changed_tests(before, after) == ["test_b", "TestC.test_d"]


BOTOCORE_TEST = """\
# Copyright botocore's authors.
# Licensed under the Apache License.
import pytest
from botocore.retries import standard
from tests import mock, unittest


def test_old():
    pass


def test_new():
    assert standard.RetryHandler().needs_retry()


class TestH(unittest.TestCase):
    def setUp(self):
        self.handler = standard.RetryHandler()

    def test_old_method(self):
        pass

    def test_new_method(self):
        self.assertTrue(self.handler.needs_retry())
"""


def test_a_new_mirror_opens_with_the_licence_and_sorted_imports() -> None:
    result = convert_module(BOTOCORE_TEST, dialect())
    text = placed(
        None, result, ["test_new", "TestH.test_new_method"], licence_header(BOTOCORE_TEST)
    )
    assert text.startswith(
        "# Copyright botocore's authors.\n# Licensed under the Apache License.\n\n"
    )
    assert (
        "\n\nfrom aiobotocore.retries import standard as aio_standard\n"
        "from tests.botocore_tests import unittest\n\n\n"
        "async def test_new():\n"
    ) in text
    assert "def test_old" not in text and "test_old_method" not in text
    assert "class TestH(unittest.IsolatedAsyncioTestCase):" in text
    assert text.endswith(")\n") and not text.endswith("\n\n")  # one final newline
    compile(text, "new.py", "exec")


def test_an_existing_mirror_gets_tests_after_their_neighbours_and_keeps_its_own() -> None:
    mirror = (
        "import pytest\n\nfrom tests.botocore_tests import unittest\n\n\n"
        "def test_old():\n    # aiobotocore's own version\n    pass\n\n\n"
        "class TestH(unittest.IsolatedAsyncioTestCase):\n"
        "    def setUp(self):\n        self.handler = 1\n\n"
        "    def test_old_method(self):\n        pass\n\n\n"
        "def test_last():\n    pass\n"
    )
    result = convert_module(BOTOCORE_TEST, dialect())
    text = placed(mirror, result, ["test_old", "test_new", "TestH.test_new_method"])
    order = [n.name for n in ast.parse(text).body if isinstance(n, DEFINITIONS)]
    assert order == ["test_old", "test_new", "TestH", "test_last"]
    assert "# aiobotocore's own version" in text
    methods = [n.name for n in ast.walk(ast.parse(text)) if isinstance(n, ast.AsyncFunctionDef)]
    assert methods == ["test_new", "test_new_method"]
    assert text.startswith(
        "import pytest\n\nfrom aiobotocore.retries import standard as aio_standard\n"
        "from tests.botocore_tests import unittest\n"
    )


def test_import_block_groups_sections_and_joins_names() -> None:
    block = import_block(
        ["from botocore.x import B", "import os", "from botocore.x import A", "from tests import c"]
    )
    assert block == "import os\n\nfrom botocore.x import A, B\n\nfrom tests import c\n"


class DictTests:
    """botocore's test files given as ``{version: {path: text}}`` (what a clone or sdist
    would hand over)."""

    def __init__(self, releases: dict[str, dict[str, str]]) -> None:
        self.releases = releases

    def changed_files(self, from_version: str, to_version: str) -> list[str]:
        old, new = self.releases[from_version], self.releases[to_version]
        return sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))

    def read(self, version: str, path: str) -> str | None:
        return self.releases[version].get(path)


def test_plan_writes_mirrored_files_and_keeps_what_the_mirror_has() -> None:
    path = "tests/unit/retries/test_standard.py"
    before = BOTOCORE_TEST.replace("def test_new", "def _unused").replace(
        "def test_new_method", "def _unused_method"
    )
    tests = DictTests({"1.0.0": {path: before}, "1.0.1": {path: BOTOCORE_TEST}})
    mirror = "from tests.botocore_tests import unittest\n\n\ndef test_new():\n    pass\n"
    tree = MemoryTree({**AIO, "tests/botocore_tests/unit/retries/test_standard.py": mirror})
    report = PortReport("1.0.0", "1.0.1", [], [])
    plan = plan_test_port(report, read_registries(tree), tree, tests)
    outcomes = {o.test.rpartition("::")[2]: o.status for o in plan.outcomes}
    assert outcomes == {"test_new": "kept", "test_new_method": "written"}
    written = plan.writes["tests/botocore_tests/unit/retries/test_standard.py"]
    assert written.startswith(
        "from aiobotocore.retries import standard as aio_standard\n"
        "from tests.botocore_tests import unittest\n\n\ndef test_new():\n    pass\n"
    )
    assert "async def test_new_method(self):" in written


def test_plan_leaves_a_file_unmirrored_when_the_port_does_not_touch_it() -> None:
    path = "tests/unit/test_other.py"
    tests = DictTests({"1.0.0": {}, "1.0.1": {path: "def test_x():\n    pass\n"}})
    tree = MemoryTree(AIO)
    plan = plan_test_port(PortReport("1.0.0", "1.0.1", [], []), read_registries(tree), tree, tests)
    assert plan.writes == {} and plan.outcomes == []


UNCHANGED = "def test_old():\n    pass\n\n\ndef test_older():\n    pass\n"
BACKFILLS = [
    # (the mirror's text (None: not written yet), botocore's file (None: it has none), the
    #  outcomes, the mirror written)
    pytest.param(
        None,
        UNCHANGED,
        {"test_old": "written", "test_older": "written"},
        UNCHANGED,
        id="a-new-mirror-starts-whole",
    ),
    pytest.param(
        "def test_old():\n    pass\n",
        UNCHANGED,
        {"test_older": "written"},
        UNCHANGED,
        id="an-existing-mirror-gets-what-it-lacks",
    ),
    pytest.param(
        None,
        None,
        {"tests/botocore_tests/unit/test_other.py": "left"},
        None,
        id="botocore-has-no-such-file",
    ),
]


@pytest.mark.parametrize(("mirror", "botocore", "outcomes", "written"), BACKFILLS)
def test_backfill_fills_a_mirror_with_every_test_it_lacks(
    mirror: str | None, botocore: str | None, outcomes: dict[str, str], written: str | None
) -> None:
    """``--backfill``: every test of botocore's file the mirror lacks, though the range did
    not change it and the port does not touch it; a mirror not written yet starts whole."""
    path, target = "tests/unit/test_other.py", "tests/botocore_tests/unit/test_other.py"
    files = {path: botocore} if botocore is not None else {}
    tests = DictTests({"1.0.0": files, "1.0.1": files})
    tree = MemoryTree({**AIO, **({target: mirror} if mirror is not None else {})})
    report = PortReport("1.0.0", "1.0.1", [], [])
    plan = plan_test_port(report, read_registries(tree), tree, tests, [target])
    assert {o.test.rpartition("::")[2]: o.status for o in plan.outcomes} == outcomes
    assert plan.writes.get(target) == written
    if botocore is None:
        assert plan.outcomes[0].why == "botocore 1.0.1 has no tests/unit/test_other.py to mirror"


PYTEST_MIRROR = """\
import pytest


class TestBody:
    @pytest.fixture
    def raw(self):
        return b"x"

    @pytest.fixture
    def make_body(self, raw):
        return lambda checksum: (raw, checksum)

    @pytest.fixture
    def body(self, make_body):
        return make_body("c")

    def check(self, body):
        return body

    def test_old(self, body):
        assert body
"""
UNITTEST_CLASS = "from tests import unittest\n\n\nclass TestBody(unittest.TestCase):\n"
ADAPTED = [
    (
        "a set-up attribute becomes the fixture, an assert method a plain assert",
        "    def test_new(self):\n        self.assertEqual(self.body[1], 'c')\n",
        "    def test_new(self, body):\n        assert body[1] == 'c'\n",
    ),
    (
        "a helper setting self.x becomes the factory fixture; fixtures in the class's order",
        "    def _make_body(self, checksum):\n        self.body = Body(checksum)\n\n"
        "    def test_new(self):\n        self._make_body(None)\n"
        "        self.assertIsNone(self.body[1], 'no checksum')\n"
        "        self.assertIn(self.raw, self.body)\n",
        "    def test_new(self, raw, make_body):\n        body = make_body(None)\n"
        "        assert body[1] is None, 'no checksum'\n        assert raw in body\n",
    ),
    (
        "assertRaises becomes pytest.raises, a method of the mirror class stays",
        "    def test_new(self):\n        with self.assertRaisesRegex(ValueError, 'bad'):\n"
        "            self.check(self.body or 1)\n",
        "    def test_new(self, body):\n        with pytest.raises(ValueError, match='bad'):\n"
        "            self.check(body or 1)\n",
    ),
]


@pytest.mark.parametrize("method, expected", [c[1:] for c in ADAPTED], ids=[c[0] for c in ADAPTED])
def test_a_unittest_method_joins_a_pytest_mirror_class(method: str, expected: str) -> None:
    from botoport.testport.pytest_style import adapt_to_pytest_classes

    adapted = adapt_to_pytest_classes(UNITTEST_CLASS + method, PYTEST_MIRROR, ["TestBody.test_new"])
    assert adapted.left == {}
    new = read_items(adapted.text)["TestBody.test_new"]
    lines = adapted.text.splitlines(keepends=True)
    assert "".join(lines[new.first_line - 1 : new.node.end_lineno]) == expected


@pytest.mark.parametrize(
    "method, why",
    [
        ("    def test_new(self):\n        assert self.session\n", "uses self.session"),
        ("    def test_new(self):\n        self.assertCountEqual(self.body, [])\n",
         "uses self.assertCountEqual"),
        ("    def test_new(self):\n        self.assertEqual(self.body)\n",
         "calls self.assertEqual in a form with no plain assert"),
    ],
    ids=["no-fixture-for-the-attribute", "no-plain-assert-form", "an-operand-missing"],
)  # fmt: skip
def test_a_method_the_pytest_class_cannot_take_is_left(method: str, why: str) -> None:
    from botoport.testport.pytest_style import adapt_to_pytest_classes

    adapted = adapt_to_pytest_classes(UNITTEST_CLASS + method, PYTEST_MIRROR, ["TestBody.test_new"])
    assert adapted.left["TestBody.test_new"].startswith(why)
    assert "is a pytest class" in adapted.left["TestBody.test_new"]


def test_a_test_whose_class_cannot_come_is_written_as_a_function() -> None:
    """botocore 1.43.75 adds ``test_seeder_adds_max_to_empty_context`` to a class based on
    ``BaseRetryTest``, which aiobotocore's mirror package lacks; the test uses nothing of the
    class, so it comes as a module function (as the maintainers wrote it in 3.9.1), keeping
    the class's value patch; its siblings that use ``self.session`` stay left."""
    path = "tests/unit/retries/test_standard.py"
    after = (
        "from tests import mock\nfrom tests.functional.test_retry import BaseRetryTest\n\n\n"
        "@mock.patch('botocore.retries.standard.NEW_RETRIES_ENABLED', True)\n"
        "class TestSeeder(BaseRetryTest):\n"
        "    def test_with_session(self):\n        self.assertTrue(self.session)\n\n"
        "    def test_seeder(self):\n        request = {}\n"
        "        self.assertEqual(request, {})\n"
    )
    tests = DictTests({"1.0.0": {path: ""}, "1.0.1": {path: after}})
    mirror = "from tests.botocore_tests import mock\n\n\ndef test_old():\n    pass\n"
    tree = MemoryTree({**AIO, "tests/botocore_tests/unit/retries/test_standard.py": mirror})
    plan = plan_test_port(PortReport("1.0.0", "1.0.1", [], []), read_registries(tree), tree, tests)
    statuses = {o.test.partition("::")[2]: o.status for o in plan.outcomes}
    assert statuses == {"TestSeeder::test_with_session": "left", "test_seeder": "written"}
    # aiobotocore's module imports NEW_RETRIES_ENABLED and reads its own copy: patched too.
    assert plan.writes["tests/botocore_tests/unit/retries/test_standard.py"] == mirror + (
        "\n\n@mock.patch('botocore.retries.standard.NEW_RETRIES_ENABLED', True)\n"
        "@mock.patch('aiobotocore.retries.standard.NEW_RETRIES_ENABLED', True)\n"
        "def test_seeder():\n    request = {}\n    assert request == {}\n"
    )


def test_the_data_files_a_written_test_loads_come_along() -> None:
    """#1436's pattern: a helper loads ``login/cases.json`` beside the test file; the mirror
    gets the file when it lacks it (and keeps its own when it has one)."""
    path = "tests/unit/test_creds.py"
    after = (
        "import json\nimport os\n\n\ndef _cases():\n"
        "    name = os.path.join(os.path.dirname(__file__), 'login', 'cases.json')\n"
        "    with open(name) as f:\n        return json.load(f)\n\n\n"
        "def test_cases():\n    assert _cases()\n\n\n"
        "def test_other():\n    assert 'other.json'\n"
    )
    data = {"tests/unit/login/cases.json": '{"a": 1}\n', "tests/unit/other.json": "{}\n"}
    tests = DictTests({"1.0.0": {}, "1.0.1": {path: after, **data}})
    mirror = "def test_old():\n    pass\n"
    tree = MemoryTree({**AIO, "tests/botocore_tests/unit/test_creds.py": mirror})
    report = PortReport("1.0.0", "1.0.1", [], [])
    plan = plan_test_port(report, read_registries(tree), tree, tests)
    assert plan.data_files == [
        "tests/botocore_tests/unit/login/cases.json",
        "tests/botocore_tests/unit/other.json",
    ]
    assert plan.writes["tests/botocore_tests/unit/login/cases.json"] == '{"a": 1}\n'
    tree = MemoryTree(
        {
            **AIO,
            "tests/botocore_tests/unit/test_creds.py": mirror,
            "tests/botocore_tests/unit/other.json": "[]\n",
        }
    )
    plan = plan_test_port(report, read_registries(tree), tree, tests)
    assert plan.data_files == ["tests/botocore_tests/unit/login/cases.json"]


def test_a_conftest_fixture_gives_the_session_its_type() -> None:
    """``patched_session`` returns ``create_session()``, which returns an ``AioSession``: a
    client made on it is opened with ``async with`` and its operations awaited."""
    files = {
        **AIO,
        "tests/botocore_tests/__init__.py": AIO["tests/botocore_tests/__init__.py"]
        + "import aiobotocore.session\n\n\ndef create_session(**kwargs):\n"
        "    session = aiobotocore.session.AioSession(**kwargs)\n    return session\n",
        "tests/botocore_tests/functional/conftest.py": "import pytest\n"
        "from tests.botocore_tests import create_session\n\n\n@pytest.fixture()\n"
        "def patched_session(monkeypatch):\n    session = create_session()\n    return session\n",
    }
    aio = dialect(files)
    assert aio.fixture_types("tests/botocore_tests/functional/test_x.py") == {
        "patched_session": "AioSession"
    }
    assert aio.fixture_types("tests/botocore_tests/unit/test_x.py") == {}
    source = "def test_s3(patched_session):\n    c = patched_session.create_client('s3')\n" \
        "    c.list_buckets()\n"  # fmt: skip
    converted = convert_module(
        source, aio, fixtures=aio.fixture_types("tests/botocore_tests/functional/t.py")
    )
    assert converted.text == (
        "async def test_s3(patched_session):\n"
        "    async with patched_session.create_client('s3') as c:\n"
        "        await c.list_buckets()\n"
    )


TEST_V1 = """\
# botocore licence
from botocore.retries import standard


def test_policy():
    policy = standard.RetryPolicy()
    assert not policy.should_retry(None)
"""


def test_port_tests_end_to_end(tmp_path: Path) -> None:
    """``port --tests --write`` on a clone whose release changes a test naming the port."""
    releases = [
        (version, {**files, **({"tests/unit/retries/test_standard.py": TEST_V1}
                               if version == "1.0.2" else {})})
        for version, files in RELEASES[:3]
    ]  # fmt: skip
    clone = tagged_repo(tmp_path / "botocore", releases)
    aio = tmp_path / "aio"
    aio.mkdir()
    git(aio, "init", "-q")
    write_tree(aio, {**AIO_FILES, "tests/botocore_tests/__init__.py": "import unittest\n"})
    git(aio, "add", "-A")
    git(aio, "commit", "-qm", "base")
    done = botoport(
        "port", "--botocore-clone", clone, "--aiobotocore-root", aio,
        "--from", "1.0.1", "--to", "1.0.2", "--tests", "--write",
    )  # fmt: skip
    assert "test written: tests/botocore_tests/unit/retries/test_standard.py::test_policy" in (
        done.stdout
    ), done.stdout + done.stderr
    written = (aio / "tests/botocore_tests/unit/retries/test_standard.py").read_text()
    for package in ("unit", "unit/retries"):  # the new folders are packages, like botocore's
        assert (aio / "tests/botocore_tests" / package / "__init__.py").read_text() == ""
    assert written.startswith("# botocore licence\n")
    assert "policy = aio_standard.AioRetryPolicy()" in written
    assert "assert not await policy.should_retry(None)" in written
    assert "from aiobotocore.retries import standard as aio_standard\n" in written


def test_backfill_needs_tests_and_a_mirror_path(clone: Path, aio_repo: Path) -> None:
    done = botoport("port", "--botocore-clone", clone, "--aiobotocore-root", aio_repo,
                    "--backfill", "x.py")  # fmt: skip
    assert done.returncode == 3 and done.stderr == "error: --backfill works with --tests\n"
    not_a_mirror = str(aio_repo / "pyproject.toml")
    done = botoport("port", "--botocore-clone", clone, "--aiobotocore-root", aio_repo,
                    "--to", "1.0.2", "--tests", "--backfill", not_a_mirror)  # fmt: skip
    assert done.returncode == 3
    assert "not a mirror file of botocore's tests" in done.stderr
    assert "Traceback" not in done.stderr
    # A mirror not written yet is named by its path; a folder there is not one.
    folder = aio_repo / "tests/botocore_tests/unit/test_dir.py"
    folder.mkdir(parents=True)
    done = botoport("port", "--botocore-clone", clone, "--aiobotocore-root", aio_repo,
                    "--to", "1.0.2", "--tests", "--backfill", folder)  # fmt: skip
    assert done.returncode == 3 and "not a mirror file of botocore's tests" in done.stderr
    conftest = aio_repo / "tests/botocore_tests/unit/conftest.py"  # not a test module
    done = botoport("port", "--botocore-clone", clone, "--aiobotocore-root", aio_repo,
                    "--to", "1.0.2", "--tests", "--backfill", conftest)  # fmt: skip
    assert done.returncode == 3 and "not a mirror file of botocore's tests" in done.stderr
    new_mirror = aio_repo / "tests/botocore_tests/unit/test_new.py"
    done = botoport("port", "--botocore-clone", clone, "--aiobotocore-root", aio_repo,
                    "--to", "1.0.2", "--tests", "--backfill", new_mirror)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "test left: tests/botocore_tests/unit/test_new.py: botocore 1.0.2 has no" in done.stdout
