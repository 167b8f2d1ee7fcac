"""SPEC's rules and traps, one before/after snippet pair per row."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from botoport.port.methods import ClassifyOptions

from tests.snippets import classify, method_index, verdicts

PURE, PORT, AMBIG = "pure-sync", "port-required", "ambiguous"

AIO_CLIENT = """
from botocore.mod import Client

class AioClient(Client):
    async def _send(self, request):
        return await self._http.send(request)

    def describe(self):
        return 1
"""


CHECKED = """
class Detector:
    def is_retryable(self, context):
        return False

class Quiet:
    def is_retryable(self, context):
        return False

class Policy:
    def __init__(self):
        self._detector = Detector()

    def should_retry(self, context):
"""
AIO_DETECTOR = """
from botocore.mod import Detector

class AioDetector(Detector):
    async def is_retryable(self, context):
        return False
"""

ATTACHED = """
def add_presign(class_attributes, **kwargs):
    class_attributes['presign'] = presign

def presign(self, r):
"""
AIO_BASE_CLIENT = """
from botocore.client import BaseClient

class AioBaseClient(BaseClient):
    async def _send(self, request):
        return request
"""
AIO_SESSION = """
from botocore.mod import Session

class AioSession(Session):
    def create_client(self, *args):
        return ClientCreatorContext(self._create_client(*args))

    async def _create_client(self, *args):
        return None
"""

CONTEXT_CLASS = """

class ClientCreatorContext:
    async def __aenter__(self):
        return None

    async def __aexit__(self, *exc):
        return None
"""

STREAMS = """
import io

class Parser:
    def parse(self, body):
        return self.item(self.peek(body))

    def peek(self, data):
        return io.BufferedReader(io.BytesIO(data))

    def item(self, stream):
        return self._read(stream, 1)

    def _read(self, stream, n):
"""
AIO_READER = """
from botocore.mod import Parser

class AioBody(Body):
    async def read(self, n):
        return n
"""


@dataclass
class Case:
    id: str
    old: str
    new: str
    expected: dict[str, tuple[str, str]]
    aio: str = AIO_CLIENT
    overrides: tuple[str, ...] = ()
    reason: str = ""
    legacy_dict: bool = False
    extra_aio: dict[str, str] = field(default_factory=dict)


CASES = [
    # --- cosmetic changes are not changes -------------------------------------------------
    Case(
        "docstring-only change of a registered override (its digest changes, no port)",
        "def get(a):\n    '''Old doc.'''\n    return a + 1\n",
        "def get(a):\n    '''New, longer doc.\n\n    More.\n    '''\n    return a + 1\n",
        {"get": (PURE, "cosmetic")},
        overrides=("get",),
    ),
    Case(
        "comment-only change",
        "def get(a):\n    # old\n    return a + 1\n",
        "def get(a):\n    # new comment\n    return a + 1  # trailing\n",
        {"get": (PURE, "cosmetic")},
        overrides=("get",),
    ),
    Case(
        "line wrapping",
        "def get(a, b):\n    return call(a, b, key='value')\n",
        "def get(a, b):\n    return call(\n        a,\n        b,\n        key='value',\n    )\n",
        {"get": (PURE, "cosmetic")},
        overrides=("get",),
    ),
    Case(
        "implicit string concatenation",
        "def msg():\n    return 'abc' 'def'\n",
        "def msg():\n    return 'abcdef'\n",
        {"msg": (PURE, "cosmetic")},
        overrides=("msg",),
    ),
    Case(
        "type annotations added",
        "def get(a, b=None):\n    x = a\n    return x\n",
        "def get(a: int, b: str | None = None) -> int:\n    x: int = a\n    y: str\n    return x\n",
        {"get": (PURE, "cosmetic")},
        overrides=("get",),
    ),
    Case(
        "import order inside a function",
        "def get():\n    import os\n    import json\n    return os, json\n",
        "def get():\n    import json\n    import os\n    return os, json\n",
        {"get": (PURE, "cosmetic")},
        overrides=("get",),
    ),
    # --- registered overrides --------------------------------------------------------------
    Case(
        "registered override, one line substituted",
        "def get(a):\n    return a + 1\n",
        "def get(a):\n    return a + 2\n",
        {"get": (PORT, "registered-override")},
        overrides=("get",),
        reason="registered override `get`",
    ),
    Case(
        "registered override, a line removed",
        "class Client:\n    def run(self):\n        self.a()\n        self.b()\n",
        "class Client:\n    def run(self):\n        self.a()\n",
        {"Client.run": (PORT, "registered-override")},
        overrides=("Client.run",),
    ),
    Case(
        "bare class name in the registry does not make its methods overrides",
        "class URLLib3Session:\n    def _kwargs(self):\n        return {}\n",
        "class URLLib3Session:\n    def _kwargs(self):\n        return {'a': 1}\n",
        {"URLLib3Session._kwargs": (PURE, "no-signal")},
        aio="",
        overrides=("URLLib3Session",),
    ),
    Case(
        "method name in the registry for another class does not match",
        "class Other:\n    def run(self):\n        return 1\n",
        "class Other:\n    def run(self):\n        return 2\n",
        {"Other.run": (PURE, "no-signal")},
        overrides=("Client.run",),
    ),
    Case(
        "legacy dict form of test_patches.py",
        "class Client:\n    def run(self):\n        return 1\n",
        "class Client:\n    def run(self):\n        return 2\n",
        {"Client.run": (PORT, "registered-override")},
        overrides=("Client.run",),
        legacy_dict=True,
    ),
    Case(
        "__wrapped__ entry names the decorated function",
        "class Client:\n    @wrap\n    def _make_api_call(self):\n        return 1\n",
        "class Client:\n    @wrap\n    def _make_api_call(self):\n        return 2\n",
        {"Client._make_api_call": (PORT, "registered-override")},
        overrides=("Client._make_api_call.__wrapped__",),
    ),
    Case(
        "property setter through __dict__[...].fset",
        "class Creds:\n    @property\n    def key(self):\n        return self._k\n"
        "    @key.setter\n    def key(self, v):\n        self._k = v\n",
        "class Creds:\n    @property\n    def key(self):\n        return self._k\n"
        "    @key.setter\n    def key(self, v):\n        self._k = v.strip()\n",
        {"Creds.key.setter": (PORT, "registered-override")},
        overrides=("Creds.__dict__['key'].fset",),
    ),
    Case(
        "property getter changed, only the setter tracked",
        "class Creds:\n    @property\n    def key(self):\n        return self._k\n"
        "    @key.setter\n    def key(self, v):\n        self._k = v\n",
        "class Creds:\n    @property\n    def key(self):\n        return self._k or ''\n"
        "    @key.setter\n    def key(self, v):\n        self._k = v\n",
        {"Creds.key": (PURE, "no-signal")},
        overrides=("Creds.__dict__['key'].fset",),
    ),
    Case(
        "nested classes are qualified Outer.Inner.method",
        "class Outer:\n    class Inner:\n        def go(self):\n            return 1\n",
        "class Outer:\n    class Inner:\n        def go(self):\n            return 2\n",
        {"Outer.Inner.go": (PORT, "registered-override")},
        overrides=("Outer.Inner.go",),
    ),
    # --- new async contamination -----------------------------------------------------------
    Case(
        "socket constants are not I/O",
        "import socket\ndef opts():\n    return []\n",
        "import socket\ndef opts():\n    return [(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)]\n",
        {"opts": (PURE, "no-signal")},
    ),
    Case(
        "a socket call that talks to a remote end is I/O",
        "import socket\ndef connect(host):\n    return None\n",
        "import socket\ndef connect(host):\n    return socket.create_connection((host, 443))\n",
        {"connect": (PORT, "network-io")},
        reason="socket.create_connection",
    ),
    Case(
        "requests through an import alias",
        "from requests import get as fetch\ndef load(url):\n    return None\n",
        "from requests import get as fetch\ndef load(url):\n    return fetch(url)\n",
        {"load": (PORT, "network-io")},
    ),
    Case(
        "urllib.parse is not network I/O",
        "import urllib.parse\ndef q(v):\n    return v\n",
        "import urllib.parse\ndef q(v):\n    return urllib.parse.quote(v)\n",
        {"q": (PURE, "no-signal")},
    ),
    Case(
        "file I/O is not a signal",
        "def save(p, d):\n    pass\n",
        "def save(p, d):\n    with open(p, 'w') as f:\n        f.write(d)\n",
        {"save": (PURE, "no-signal")},
    ),
    Case(
        "a network call that existed before the bump does not count",
        "import requests\ndef load(u):\n    r = requests.get(u)\n    return r\n",
        "import requests\ndef load(u):\n    r = requests.get(u)\n    return r.json()\n",
        {"load": (PURE, "no-signal")},
    ),
    Case(
        "existing calls re-indented into a new block do not count, the block does",
        "import requests\ndef load(u):\n    return requests.get(u)\n",
        "import requests\ndef load(u):\n    if u:\n        return requests.get(u)\n",
        {"load": (PURE, "no-signal")},
    ),
    Case(
        "an added function: its whole body counts",
        "import urllib3\n",
        "import urllib3\ndef pool():\n    return urllib3.PoolManager().request('GET', '/')\n",
        {"pool": (PORT, "network-io")},
    ),
    Case(
        "self.m() where the Aio subclass has async def m",
        "class Client:\n    def run(self, r):\n        return r\n",
        "class Client:\n    def run(self, r):\n        return self._send(r)\n",
        {"Client.run": (PORT, "self-async-call")},
        reason="AioClient",
    ),
    Case(
        "self.m() where the Aio subclass defines m synchronously",
        "class Client:\n    def run(self, r):\n        return r\n",
        "class Client:\n    def run(self, r):\n        return self.describe()\n",
        {"Client.run": (PURE, "no-signal")},
    ),
    Case(
        "self.m() in a base class whose subclass has the Aio twin",
        "class Base:\n    def run(self, r):\n        return r\nclass Client(Base):\n    pass\n",
        "class Base:\n    def run(self, r):\n        return self._send(r)\nclass Client(Base):\n"
        "    pass\n",
        {"Base.run": (PORT, "self-async-call")},
    ),
    Case(
        "a module-level function aiobotocore overrides as async",
        "def helper():\n    return 1\ndef run():\n    return 0\n",
        "def helper():\n    return 1\ndef run():\n    return helper()\n",
        {"run": (PORT, "module-async-call")},
        aio="async def helper():\n    return 1\n",
    ),
    Case(
        "instantiating a class that has an Aio subclass",
        "from botocore.mod import Client\ndef make():\n    return None\n",
        "from botocore.mod import Client\ndef make():\n    return Client()\n",
        {"make": (PORT, "aio-class")},
        reason="AioClient",
    ),
    Case(
        "a new class subclassing one that has an Aio subclass",
        "class Client:\n    pass\n",
        "class Client:\n    pass\nclass FastClient(Client):\n    def go(self):\n        return 1\n",
        {"FastClient.go": (PORT, "new-class")},
    ),
    Case(
        "a new class is one finding: its other methods are judged on their own",
        "import requests\nclass Client:\n    pass\n",
        "import requests\nclass Client:\n    pass\nclass FastClient(Client):\n"
        "    def go(self):\n        return 1\n"
        "    def stop(self):\n        return 2\n"
        "    def run(self, r):\n        return requests.get(r)\n",
        {
            "FastClient.go": (PORT, "new-class"),
            "FastClient.stop": (PURE, "no-signal"),
            "FastClient.run": (PORT, "network-io"),
        },
        reason="needs an Aio twin of its own",
    ),
    Case(
        "unknown receiver calling an async_methods name",
        "def drain(body):\n    return b''\n",
        "def drain(body):\n    return body.read()\n",
        {"drain": (AMBIG, "unknown-receiver")},
        aio="class AioStream:\n    async def read(self):\n        return b''\n",
        reason="receiver `body`",
    ),
    Case(
        "unknown receiver calling a name that is not async anywhere",
        "def drain(body):\n    return b''\n",
        "def drain(body):\n    return body.getvalue()\n",
        {"drain": (PURE, "no-signal")},
    ),
    # --- renames and deletions -------------------------------------------------------------
    Case(
        "deletion aiobotocore does not reference",
        "def gone():\n    return 1\ndef kept():\n    return 2\n",
        "def kept():\n    return 2\n",
        {"gone": (PURE, "unreferenced-deletion")},
        reason="aiobotocore does not reference",
    ),
    Case(
        "deletion aiobotocore still references",
        "def gone():\n    return 1\n",
        "",
        {"gone": (PORT, "referenced-deletion")},
        aio="from botocore.mod import gone\n\ndef use():\n    return gone()\n",
    ),
    Case(
        "deleted method overridden in the Aio subclass",
        "class Client:\n    def describe(self):\n        return 1\n",
        "class Client:\n    pass\n",
        {"Client.describe": (PORT, "referenced-deletion")},
        reason="aiobotocore/mod.py:8",
    ),
    Case(
        "rename of a function aiobotocore references",
        "def old_name(a):\n    return a * 2\n",
        "def new_name(a):\n    return a * 2\n",
        {"new_name": (PORT, "referenced-rename")},
        aio="from botocore.mod import old_name\n",
    ),
    Case(
        "rename nobody references is classified as a change of the new name",
        "def old_name(a):\n    return a * 2\n",
        "def new_name(a):\n    return a * 2\n",
        {"new_name": (PURE, "no-signal")},
    ),
    # --- propagation -----------------------------------------------------------------------
    Case(
        "a caller gaining a call to a function that must become async",
        "import requests\ndef fetch(u):\n    return u\ndef caller(u):\n    return u\n",
        "import requests\ndef fetch(u):\n    return requests.get(u)\ndef caller(u):\n"
        "    return fetch(u)\n",
        {"fetch": (PORT, "network-io"), "caller": (PORT, "propagated")},
    ),
    Case(
        "an unchanged call to that function does not propagate",
        "import requests\ndef fetch(u):\n    return u\ndef caller(u):\n    x = fetch(u)\n"
        "    return x\n",
        "import requests\ndef fetch(u):\n    return requests.get(u)\ndef caller(u):\n"
        "    x = fetch(u)\n    return [x]\n",
        {"fetch": (PORT, "network-io"), "caller": (PURE, "no-signal")},
    ),
    # --- human-review territory ------------------------------------------------------------
    Case(
        "context propagation through with_current_context",
        "from botocore.context import with_current_context\ndef op():\n    return 1\n",
        "from botocore.context import with_current_context\n@with_current_context()\n"
        "def op():\n    return 1\n",
        {"op": (AMBIG, "context-propagation")},
    ),
    Case(
        "a callback bound at construction time",
        "class EPRBuiltins:\n    pass\ndef wire(credentials):\n    return None\n",
        "class EPRBuiltins:\n    pass\ndef wire(credentials):\n"
        "    EPRBuiltins.ACCOUNT_ID = credentials.get_account_id\n",
        {"wire": (AMBIG, "callback-binding")},
        aio="class AioCreds:\n    async def get_account_id(self):\n        return 1\n",
    ),
    Case(
        "async lifecycle: close of a class with an Aio subclass",
        "class Client:\n    def close(self):\n        self._a = None\n",
        "class Client:\n    def close(self):\n        self._a = None\n        self._b = None\n",
        {"Client.close": (AMBIG, "async-lifecycle")},
    ),
    # --- whole-program resolution: I/O that is I/O, receivers read from the code -----------
    Case(
        "building a urllib3 value is not network I/O",
        "import urllib3\ndef timeout(t):\n    return t\n",
        "import urllib3\ndef timeout(t):\n    return urllib3.Timeout(connect=t, read=t)\n",
        {"timeout": (PURE, "no-signal")},
    ),
    Case(
        "a receiver typed from __init__: its Aio twin's method is async",
        CHECKED + "        return True\n",
        CHECKED + "        return self._detector.is_retryable(context)\n",
        {"Policy.should_retry": (PORT, "resolved-receiver")},
        aio=AIO_DETECTOR,
        reason="`self._detector` is a Detector, whose AioDetector",
    ),
    Case(
        "a receiver typed from __init__ whose class has no async twin of the method",
        CHECKED.replace("Detector()", "Quiet()") + "        return True\n",
        CHECKED.replace("Detector()", "Quiet()")
        + "        return self._detector.is_retryable(context)\n",
        {"Policy.should_retry": (PURE, "no-signal")},
        aio=AIO_DETECTOR,
        reason="no async signal",  # is_retryable is in async_methods, but Quiet has no Aio twin
    ),
    Case(
        "a receiver typed from a local",
        "def check(c):\n    d = Detector()\n    return True\n",
        "def check(c):\n    d = Detector()\n    return d.is_retryable(c)\n",
        {"check": (PORT, "resolved-receiver")},
        aio=AIO_DETECTOR,
    ),
    Case(
        "a receiver typed from a parameter default",
        "def check(c, d=Detector()):\n    return True\n",
        "def check(c, d=Detector()):\n    return d.is_retryable(c)\n",
        {"check": (PORT, "resolved-receiver")},
        aio=AIO_DETECTOR,
    ),
    Case(
        "a receiver typed from a parameter annotation",
        "def check(c, d):\n    return True\n",
        "def check(c, d: 'Detector'):\n    return d.is_retryable(c)\n",
        {"check": (PORT, "resolved-receiver")},
        aio=AIO_DETECTOR,
    ),
    Case(
        "self of a module function attached to the client class is the client",
        ATTACHED + "    return r\n",
        ATTACHED + "    return self._send(r)\n",
        {"presign": (PORT, "self-async-call")},
        aio=AIO_BASE_CLIENT,
        reason="`presign` is attached to BaseClient; AioBaseClient",
    ),
    Case(
        "self of a module function nothing attaches is nobody's",
        ATTACHED.replace("class_attributes", "namespace") + "    return r\n",
        ATTACHED.replace("class_attributes", "namespace") + "    return self._send(r)\n",
        {"presign": (PURE, "no-signal")},
        aio=AIO_BASE_CLIENT,
    ),
    Case(
        "a sync method handing back a wrapped coroutine is async work",
        "def make():\n    s = Session()\n    return s\n",
        "def make():\n    s = Session()\n    return s.create_client()\n",
        {"make": (PORT, "resolved-receiver")},
        aio=AIO_SESSION,
        reason="whose AioSession (aiobotocore/mod.py) defines `create_client` as async",
    ),
    Case(
        "a method handing back an async context manager is entered, not awaited",
        "def make():\n    s = Session()\n    return s\n",
        "def make():\n    s = Session()\n    return s.create_client()\n",
        {"make": (PORT, "async-context-call")},
        aio=AIO_SESSION + CONTEXT_CLASS,
        reason="hands back ClientCreatorContext, an async context manager",
    ),
    Case(
        "a caller of a function turned async context manager hands it on",
        "def nested():\n    s = Session()\n    return s\n\n\ndef caller():\n    return 1\n",
        "def nested():\n    s = Session()\n    return s.create_client()\n\n\n"
        "def caller():\n    return nested()\n",
        {"nested": (PORT, "async-context-call"), "caller": (PORT, "async-context-call")},
        aio=AIO_SESSION + CONTEXT_CLASS,
        reason="makes an async context manager",
    ),
    Case(
        "a parameter typed by every call that passes it, through a helper",
        STREAMS + "        return 0\n",
        STREAMS + "        return stream.read(n)\n",
        {"Parser._read": (PURE, "no-signal")},
        aio=AIO_READER,
    ),
    Case(
        "a parameter one call passes something unknown for stays ambiguous",
        STREAMS.replace("self._read(stream, 1)", "self._read(stream or other, 1)")
        + "        return 0\n",
        STREAMS.replace("self._read(stream, 1)", "self._read(stream or other, 1)")
        + "        return stream.read(n)\n",
        {"Parser._read": (AMBIG, "unknown-receiver")},
        aio=AIO_READER,
    ),
    Case(
        "a receiver the code does not type stays ambiguous",
        "def check(c, d):\n    return True\n",
        "def check(c, d):\n    return d.is_retryable(c)\n",
        {"check": (AMBIG, "unknown-receiver")},
        aio=AIO_DETECTOR,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule(case: Case) -> None:
    report = classify(
        case.old,
        case.new,
        aio=case.aio,
        overrides=case.overrides,
        legacy_dict=case.legacy_dict,
        extra_aio=case.extra_aio,
    )
    got = verdicts(report)
    # Every function the case names has its verdict; any other changed function is pure-sync.
    named = {name: got.get(name) for name in case.expected}
    assert named == case.expected, got
    others = {name: v for name, v in got.items() if name not in case.expected}
    assert all(verdict == "pure-sync" for verdict, _ in others.values()), others
    if case.reason:
        reasons = " | ".join(v.reason for v in report.verdicts)
        assert case.reason in reasons


def test_module_qualified_entry_matches_its_module_only() -> None:
    old = "class RetryHandler:\n    def __call__(self):\n        return 1\n"
    new = "class RetryHandler:\n    def __call__(self):\n        return 2\n"
    entries = ("retryhandler.RetryHandler.__call__",)
    legacy = classify(old, new, aio="", overrides=entries, path="botocore/retryhandler.py")
    standard = classify(old, new, aio="", overrides=entries, path="botocore/retries/standard.py")
    assert verdicts(legacy)["RetryHandler.__call__"] == (PORT, "registered-override")
    assert verdicts(standard)["RetryHandler.__call__"] == (PURE, "no-signal")


def test_nested_module_qualified_entry() -> None:
    old = "class RetryPolicy:\n    def should_retry(self, c):\n        return False\n"
    new = "class RetryPolicy:\n    def should_retry(self, c):\n        return bool(c)\n"
    report = classify(
        old,
        new,
        aio="",
        overrides=("standard.RetryPolicy.should_retry",),
        path="botocore/retries/standard.py",
    )
    assert verdicts(report)["RetryPolicy.should_retry"] == (PORT, "registered-override")
    assert report.verdicts[0].mirror == "aiobotocore/retries/standard.py"


def test_unchanged_functions_are_not_listed() -> None:
    src = "def a():\n    return 1\ndef b():\n    return 2\n"
    moved = "\n\n" + src
    assert classify(src, moved).verdicts == []


def test_a_parallel_implementation_is_a_note() -> None:
    from botoport import FileSources, MemoryTree, classify_sources, read_registries

    old = "import urllib3\nclass URLLib3Session:\n    def send(self, r):\n        return r\n"
    new = old.replace("return r", "return urllib3.request(r)\n    def new(self):\n        return 1")
    aio = "class AIOHTTPSession:\n    async def send(self):\n        pass\n"
    tree = MemoryTree({"aiobotocore/mod.py": aio, "tests/test_patches.py": "x = []\n"})
    registries = read_registries(tree)
    sources = [FileSources("botocore/mod.py", old, new)]
    plain = classify_sources(sources, registries, tree, "1", "2")
    assert verdicts(plain)["URLLib3Session.send"] == (PORT, "network-io")  # undeclared
    options = ClassifyOptions(parallel={"URLLib3Session": ("AIOHTTPSession",)})
    report = classify_sources(sources, registries, tree, "1", "2", options=options)
    assert verdicts(report) == {
        "URLLib3Session.send": (PURE, "parallel-implementation"),
        "URLLib3Session.new": (PURE, "parallel-implementation"),
    }
    assert report.classification == "no-port" and report.lower_bound is None
    assert "consider porting to AIOHTTPSession" in report.verdicts[0].reason


@pytest.mark.parametrize(
    ("aio", "signal"),
    [
        ("class AioStreamingBody:\n    pass\n\n"
         "class AioChecksumBody(AioStreamingBody):\n    def _validate(self):\n        pass\n",
         "parallel-implementation"),
        ("from botocore.mod import ChecksumBody\n\n"
         "class AioChecksumBody(ChecksumBody):\n    pass\n", "no-signal"),
    ],
    ids=["a-twin-re-based-elsewhere-is-a-parallel-implementation", "a-subclass-inherits-it"],
)  # fmt: skip
def test_a_twin_that_re_implements_its_class_is_found_by_structure(aio, signal) -> None:
    """``AioStreamingChecksumBody`` derives from ``AioStreamingBody``, not from botocore's
    ``StreamingChecksumBody``: botocore's new property reaches it only by a port (a note)."""
    old = "class ChecksumBody:\n    def _validate(self):\n        return 1\n"
    new = old + "\n    @property\n    def checksum(self):\n        return self._checksum\n"
    report = classify(old, new, aio=aio)
    assert verdicts(report) == {"ChecksumBody.checksum": (PURE, signal)}
    if signal == "parallel-implementation":
        assert "AioChecksumBody re-implements ChecksumBody" in report.verdicts[0].reason


BY_NAME_AIO = """
from botocore.mod import Signer, Walker

class AioSigner(Signer):
    async def generate_presigned_url(self, request):
        return request

class AioWalker(Walker):
    def generate_presigned_url(self, request):
        return request
"""


MIX = [("Signer", "botocore/mod.py"), ("Walker", "botocore/mod.py")]


@pytest.mark.parametrize(
    ("receiver", "owners", "expected"),
    [
        ("thing", [("Signer", "botocore/mod.py")], (PORT, "resolved-receiver")),
        ("thing", [("Plain", "botocore/other.py")], (PURE, "no-signal")),
        ("thing", MIX, (AMBIG, "unknown-receiver")),
        ("signer", MIX, (PORT, "resolved-receiver")),
        ("self._walker", MIX, (PURE, "no-signal")),
        ("emitter", [], (PORT, "resolved-receiver")),
    ],
    ids=[
        "every-owner-async",
        "no-owner-async",
        "a-mix",
        "a-mix-named-after-the-async-one",
        "a-mix-named-after-the-sync-one",
        "emit-hands-off",
    ],
)
def test_an_untyped_receiver_is_decided_by_the_classes_defining_the_method(
    receiver, owners, expected
):
    from botoport import FileSources, MemoryTree, classify_sources, read_registries

    method = "emit" if receiver == "emitter" else "generate_presigned_url"
    old = f"def presign({receiver.split('.')[0]}, r):\n    return r\n"
    new = old.replace("return r", f"return {receiver}.{method}(r)")
    tree = MemoryTree({"aiobotocore/mod.py": BY_NAME_AIO, "tests/test_patches.py": "x = []\n"})
    options = ClassifyOptions(methods=method_index({method: owners}))
    report = classify_sources(
        [FileSources("botocore/mod.py", old, new)],
        read_registries(tree),
        tree,
        "1",
        "2",
        options=options,
    )
    assert verdicts(report) == {"presign": expected}


def test_a_three_step_propagation_chain() -> None:
    new = (
        "import requests\n"
        "def fetch(u):\n    return requests.get(u)\n"
        "def middle(u):\n    return fetch(u)\n"
        "def outer(u):\n    return middle(u)\n"
    )
    report = classify("import requests\n", new)
    assert verdicts(report) == {
        "fetch": (PORT, "network-io"),
        "middle": (PORT, "propagated"),
        "outer": (PORT, "propagated"),
    }
