"""The async transition (port/transition.py): an override a port makes async, the calls that
must await it, coroutines called without await, what is used rather than awaited."""

from __future__ import annotations

import pytest
from botoport import report_text
from botoport.port.methods import ClassifyOptions

from tests.snippets import classify, method_index

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
        # A hand port that made the override async and left its caller as it was (#1420).
        (
            SYNC_OVERRIDE.replace("    def fetch", "    async def fetch"),
            False,
            ["aiobotocore/mod.py:9 AioClient.caller"],
            False,
        ),
        # A call handed whole to another call is that call's to await.
        (
            SYNC_OVERRIDE.replace("    def fetch", "    async def fetch").replace(
                "return self.fetch(u)", "return Context(self.fetch(u))"
            ),
            False,
            [],
            True,
        ),
        (
            SYNC_OVERRIDE.replace("    def fetch", "    async def fetch").replace(
                "return self.fetch(u)", "return await self.fetch(u)"
            ),
            False,
            [],
            True,
        ),
    ],
    ids=[
        "override-left-sync",
        "override-async-caller-left-sync",
        "a-call-handed-on",
        "override-async-caller-awaits",
    ],
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
