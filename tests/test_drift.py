"""Override drift over small snippets: botocore's method, aiobotocore's override before and
after an edit, and the verdict with its reason."""

from __future__ import annotations

import textwrap

import pytest
from botoport.drift.compare import Drift, DriftReport, EditedFile, drift_files, edits_between
from botoport.drift.report import drift_json, drift_text

BOTOCORE = '''
import inspect
import logging
import threading

import botocore.config

logger = logging.getLogger(__name__)


class Fetcher:
    def fetch(self, url, retries=3):
        """Fetch ``url``."""
        # try each attempt in turn
        for attempt in range(retries):
            response = self._send(url)
            if response.ok:
                return response.body
        raise FetchError(url)

    def is_ready(self, obj):
        return inspect.isawaitable(obj)

    def rate(self, total, seconds):
        return total / seconds

    def loads(self, text):
        import json
        import zlib
        return json.loads(zlib.decompress(text))

    def locked(self):
        self._lock = threading.Lock()
        with self._lock:
            return self._state

    def configure(self, region):
        config = botocore.config.Config(region_name=region)
        return config

    def describe(self, name):
        client = self._client_creator(name)
        return client.describe()

    def parsed(self, response, shape):
        parser = self._parser()
        return response, parser.parse(
            response, shape
        )

    @contextlib.contextmanager
    def opened(self):
        parser = botocore.parsers.create_parser('json')
        factory = parsers.ResponseParserFactory()
        yield parser, factory
'''

AIO_HEADER = "import asyncio\nimport logging\n\nfrom botocore.mod import Fetcher\n\n\n"


def aio(methods: str) -> str:
    """An aiobotocore module overriding Fetcher with ``methods`` (indented by four)."""
    return (
        AIO_HEADER
        + "class AioFetcher(Fetcher):\n"
        + textwrap.indent(textwrap.dedent(methods), "    ")
    )


CLEAN_FETCH = '''
async def fetch(self, url, retries=3):
    """Fetch ``url``."""
    # try each attempt in turn
    for attempt in range(retries):
        response = await self._send(url)
        if response.ok:
            return response.body
    raise FetchError(url)
'''


def drift_of(new: str, old: str | None = CLEAN_FETCH) -> DriftReport:
    """Drift of an edit of the override from ``old`` to ``new`` (all of ``new`` when None)."""
    path = "aiobotocore/mod.py"
    edited = EditedFile(path, aio(new)) if old is None else edits_between(path, aio(old), aio(new))
    sources = {"botocore/mod.py": textwrap.dedent(BOTOCORE)}
    return drift_files([edited], sources.get, "1.0.0")


def reasons(report: DriftReport) -> list[tuple[str, str]]:
    """(verdict, reason) of every departure found."""
    return [(d.drift.value, d.reason) for fn in report.functions for d in fn.lines]


CASES = [
    # (name, new override, old override, expected verdict, expected reason or None)
    ("faithful async port", CLEAN_FETCH, None, Drift.CLEAN, None),
    (
        "the Aio twin of a class botocore names by its module",
        """
        def configure(self, region):
            config = AioConfig(region_name=region)
            return config
        """,
        None,
        Drift.CLEAN,
        None,
    ),
    (
        "a client made in an async with, where botocore assigns it",
        """
        async def describe(self, name):
            async with self._client_creator(name) as client:
                return await client.describe()
        """,
        None,
        Drift.CLEAN,
        None,
    ),
    (
        "an async context manager, aiobotocore's parser functions and factory",
        """
        @contextlib.asynccontextmanager
        async def opened(self):
            parser = create_parser('json')
            factory = AioResponseParserFactory()
            yield parser, factory
        """,
        None,
        Drift.CLEAN,
        None,
    ),
    (
        "another module's class where botocore names its parsers module",
        """
        @contextlib.asynccontextmanager
        async def opened(self):
            parser = create_parser('json')
            factory = other.Factory()
            yield parser, factory
        """,
        None,
        Drift.BEHAVIORAL,
        "calls `other.Factory` where botocore calls `parsers.ResponseParserFactory`",
    ),
    (
        "an awaited call hoisted into a local",
        """
        async def parsed(self, response, shape):
            parser = self._parser()
            parsed = await parser.parse(response, shape)
            return response, parsed
        """,
        """
        async def parsed(self, response, shape):
            parser = self._parser()
            return response, await parser.parse(
                response, shape
            )
        """,
        Drift.CLEAN,
        None,
    ),
    (
        "a hoisted local used twice is not the same statement",
        """
        async def parsed(self, response, shape):
            parser = self._parser()
            parsed = await parser.parse(response, shape)
            return parsed, parsed
        """,
        None,
        Drift.BEHAVIORAL,
        None,
    ),
    (
        "asyncio twin of a threading primitive",
        """
        async def locked(self):
            self._lock = asyncio.Lock()
            async with self._lock:
                return self._state
        """,
        None,
        Drift.CLEAN,
        None,
    ),
    (
        "docstring botocore lacks",
        CLEAN_FETCH.replace('"""Fetch ``url``."""', '"""Fetch ``url`` and return its body."""'),
        CLEAN_FETCH,
        Drift.COSMETIC,
        "docstring not in botocore",
    ),
    (
        "docstring about async behaviour",
        CLEAN_FETCH.replace('"""Fetch ``url``."""', '"""Fetch ``url``; await the send."""'),
        CLEAN_FETCH,
        Drift.CLEAN,
        None,
    ),
    (
        "comment botocore lacks",
        CLEAN_FETCH.replace("# try each attempt in turn", "# loop over the attempts"),
        CLEAN_FETCH,
        Drift.COSMETIC,
        "comment not in botocore",
    ),
    (
        "comment about async behaviour",
        CLEAN_FETCH.replace(
            "# try each attempt in turn", "# no need to aenter/aexit: the session is shared"
        ),
        CLEAN_FETCH,
        Drift.CLEAN,
        None,
    ),
    (
        "imports reordered",
        """
        def loads(self, text):
            import zlib
            import json
            return json.loads(zlib.decompress(text))
        """,
        """
        def loads(self, text):
            import json
            import zlib
            return json.loads(zlib.decompress(text))
        """,
        Drift.COSMETIC,
        "import order differs from botocore",
    ),
    (
        "type hints botocore lacks",
        CLEAN_FETCH.replace("fetch(self, url, retries=3)", "fetch(self, url: str, retries=3)"),
        CLEAN_FETCH,
        Drift.COSMETIC,
        "annotation differs from botocore",
    ),
    (
        "rewrapped statement",
        CLEAN_FETCH.replace(
            "response = await self._send(url)", "response = await self._send(\n        url\n    )"
        ),
        CLEAN_FETCH,
        Drift.CLEAN,
        None,
    ),
    (
        "log line botocore lacks",
        CLEAN_FETCH.replace(
            "    raise FetchError",
            "    logger.warning('giving up on %s', url)\n    raise FetchError",
        ),
        CLEAN_FETCH,
        Drift.BEHAVIORAL,
        "logging not in botocore",
    ),
    (
        "guard botocore lacks",
        """
        def rate(self, total, seconds):
            if not seconds:
                return 0
            return total / seconds
        """,
        None,
        Drift.BEHAVIORAL,
        "guard or control flow not in botocore",
    ),
    (
        "stdlib call swapped",
        """
        def is_ready(self, obj):
            return hasattr(obj, '__await__')
        """,
        """
        def is_ready(self, obj):
            return inspect.isawaitable(obj)
        """,
        Drift.BEHAVIORAL,
        "calls `hasattr` where botocore calls `inspect.isawaitable`",
    ),
    (
        "botocore logic removed",
        CLEAN_FETCH.replace(
            "        if response.ok:\n            return response.body\n",
            "        return response.body\n",
        ),
        CLEAN_FETCH,
        Drift.BEHAVIORAL,
        "removes botocore logic",
    ),
    (
        "error handling botocore lacks",
        CLEAN_FETCH.replace(
            "    raise FetchError(url)",
            "    try:\n        self._close()\n    except OSError:\n        pass\n"
            "    raise FetchError(url)",
        ),
        CLEAN_FETCH,
        Drift.BEHAVIORAL,
        "error handling not in botocore",
    ),
]


@pytest.mark.parametrize(
    "new, old, verdict, reason", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_drift_of_an_edit(new, old, verdict, reason):
    report = drift_of(new, old)
    assert report.drift is verdict, reasons(report)
    if reason is not None:
        assert (verdict.value, reason) in reasons(report)


def test_unchanged_functions_are_not_audited():
    edited = CLEAN_FETCH + "\ndef rate(self, total, seconds):\n    return total // seconds\n"
    report = drift_of(edited, old=edited.replace("rate(self", "rate(self "))
    assert [fn.qualname for fn in report.functions] == ["AioFetcher.rate"]


def test_audit_all_reports_missing_botocore_logic():
    report = drift_of(
        "async def fetch(self, url, retries=3):\n    return await self._send(url)\n", old=None
    )
    (fn,) = report.functions
    assert fn.botocore_qualname == "Fetcher.fetch"
    missing = [d.botocore_text for d in fn.lines if d.reason == "botocore logic missing"]
    assert "raise FetchError(url)" in missing


def test_delegating_to_botocore_keeps_its_logic():
    """An override that calls botocore's own version through super() misses no logic."""
    report = drift_of(
        "async def locked(self):\n    async with self._guard:\n        return super().locked()\n",
        old=None,
    )
    (fn,) = report.functions
    assert not [d for d in fn.lines if d.reason == "botocore logic missing"]
    assert fn.drift is Drift.BEHAVIORAL  # the new `async with` guard is still a departure


def test_functions_without_counterpart_are_out_of_scope():
    report = drift_of("async def helper(self):\n    logger.info('x')\n", old=None)
    assert report.functions == []


def test_departure_quotes_the_botocore_line():
    report = drift_of("def is_ready(self, obj):\n    return hasattr(obj, '__await__')\n", old=None)
    (line,) = report.functions[0].lines
    assert line.text == "return hasattr(obj, '__await__')"
    assert line.botocore_text == "return inspect.isawaitable(obj)"
    assert line.line == 9  # AIO_HEADER is six lines, the class line the seventh


def test_aiobotocore_only_modules_are_out_of_scope():
    """A module with no botocore mirror is not audited, even where it subclasses botocore."""
    text = aio("def is_ready(self, obj):\n    return hasattr(obj, '__await__')\n")
    sources = {"botocore/mod.py": textwrap.dedent(BOTOCORE)}
    report = drift_files([EditedFile("aiobotocore/extra.py", text)], sources.get, "1.0.0")
    assert report.functions == []


def test_unparseable_file_is_an_error_not_a_crash():
    report = drift_files(
        [EditedFile("aiobotocore/mod.py", "def broken(:\n")],
        {"botocore/mod.py": BOTOCORE}.get,
        "1.0.0",
    )
    assert report.functions == []
    assert "aiobotocore/mod.py does not parse" in report.errors[0]
    # No verdict on what could not be compared: not "clean".
    assert drift_text(report).endswith("OVERRIDE_DRIFT: error\n")
    assert drift_json(report)["override_drift"] == "error"


def test_a_re_based_aio_class_is_compared_with_its_namesake() -> None:
    botocore = (
        "class BaseFetcher:\n    def _get(self):\n        return self._cached()\n\n"
        "class WebFetcher(BaseFetcher):\n    def _get(self):\n        return self._web_token()\n"
    )
    aio = (
        "from botocore.mod import BaseFetcher, WebFetcher\n\n"
        "class AioBaseFetcher(BaseFetcher):\n    async def _get(self):\n"
        "        return await self._cached()\n\n"
        "class AioWebFetcher(AioBaseFetcher):\n    async def _get(self):\n"
        "        return await self._web_token()\n"
    )
    edited = EditedFile("aiobotocore/mod.py", aio)
    report = drift_files([edited], {"botocore/mod.py": botocore}.get, "1.0.0")
    pairs = {(fn.qualname, fn.botocore_qualname) for fn in report.functions}
    assert ("AioWebFetcher._get", "WebFetcher._get") in pairs
    assert report.drift is Drift.CLEAN


@pytest.mark.parametrize(
    ("old", "new", "added"),
    [
        ("def f(c):\n    if FLAG:\n        h = own_cls(c)\n    return h\n",
         "def f(c):\n    h = own_cls(c)\n    return h\n", set()),
        ("def f(c):\n    h = own_cls(c)\n    return h\n",
         "def f(c):\n    h = other_cls(c)\n    return h\n", {2}),
    ],
    ids=["a-line-only-moved-out-a-level-is-not-an-edit", "a-changed-line-is"],
)  # fmt: skip
def test_what_counts_as_edited(old, new, added) -> None:
    """A port that drops the `if` around a block re-indents the override's own lines: they
    are not new departures from botocore (1.44.0's `register_retry_handler`)."""
    assert edits_between("aiobotocore/mod.py", old, new).added == frozenset(added)
