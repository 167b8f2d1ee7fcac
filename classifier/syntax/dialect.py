"""aiobotocore's async dialect, mapped back to botocore's so that lines can be compared: what
an override may differ by without drifting, and what a comment may say to explain itself."""

from __future__ import annotations

import re

_AWAIT = re.compile(r"\bawait\s+")
_ASYNC = re.compile(r"\basync\s+(?=def\b|with\b|for\b)")
_AIO_PREFIX = re.compile(r"\b(?:Aio|AIO)(?=[A-Z])")
_RESOLVE = re.compile(r"\bresolve_awaitable\(")


def normalise_async(line: str) -> str:
    """A canonical line with the async dialect taken out, for comparing with botocore."""
    text = _AWAIT.sub("", line.strip())
    text = _ASYNC.sub("", text)
    text = _AIO_PREFIX.sub("", text)
    return _strip_resolve_awaitable(text)


def _strip_resolve_awaitable(text: str) -> str:
    """``resolve_awaitable(x)`` -> ``x``, matching the closing parenthesis."""
    while match := _RESOLVE.search(text):
        depth, start = 1, match.end()
        for i in range(start, len(text)):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            if depth == 0:
                text = text[: match.start()] + text[start:i] + text[i + 1 :]
                break
        else:
            return text
    return text


_ASYNCIO_TWINS = {
    "asyncio.Lock": "threading.Lock",
    "asyncio.Event": "threading.Event",
    "asyncio.Condition": "threading.Condition",
    "asyncio.Semaphore": "threading.Semaphore",
    "asyncio.BoundedSemaphore": "threading.BoundedSemaphore",
    "asyncio.Queue": "queue.Queue",
    "asyncio.sleep": "time.sleep",
    "asyncio.TimeoutError": "TimeoutError",
    "asynccontextmanager": "contextmanager",
    "AsyncExitStack": "ExitStack",
}
# Blocking functions whose twin is a coroutine function: a sync test's patch of one patches the
# twin in the async dialect (``mock.patch('time.sleep')`` keeps retries from waiting).
COROUTINE_TWINS = {
    sync: aio for aio, sync in _ASYNCIO_TWINS.items() if aio.startswith("asyncio.sleep")
}
_TWIN = re.compile(r"\b(" + "|".join(re.escape(k) for k in _ASYNCIO_TWINS) + r")\b")
_ASYNC_DUNDERS = re.compile(r"__a(enter|exit|iter|next)__")
_AIO_MODULE = re.compile(r"\baiobotocore\b")
_ASYNC_WORDS = re.compile(
    r"\b(a?sync\w*|await\w*|asyncio|coroutines?|event loop|aiohttp|aiobotocore|aio|anyio|"
    r"trio|a(enter|exit|iter|next)|(non-?)?block(s|ed|ing)?|thread(s|ed|ing)?)\b",
    re.IGNORECASE,
)
_DIRECTIVE = re.compile(r"#\s*(noqa|pragma|type:|fmt:|pylint|lgtm|nosec|mypy)", re.IGNORECASE)
_QUALIFIED_NAME = re.compile(r"\bbotocore(?:\.[a-z_]\w*)+\.(?=\w)")
# ``parsers.ResponseParserFactory(`` (a module alias) ↔ ``AioResponseParserFactory(``.
_MODULE_ALIAS = re.compile(r"(?<![\w.])(?!self\.|cls\.)[a-z_][a-z0-9_]*\.(?=[A-Z]\w*\()")
_WITH_AS = re.compile(r"^with (.+) as (\w+):$")
# ``async with client as sts:``: the override's own name (``sts``) for botocore's (``client``).
RENAMED_IN_ASYNC_WITH = re.compile(r"^\s*async with (\w+) as (\w+):")
ASYNC_MODULES = ("asyncio", "aiohttp", "aiobotocore", "aioitertools", "aiofiles")


def normalise_dialect(text: str) -> str:
    """A statement with aiobotocore's async dialect mapped back to botocore's: ``await`` and
    ``async`` gone, ``Aio`` classes and ``aiobotocore`` modules named as botocore's, a name
    without its module path (``AioConfig`` ↔ ``botocore.config.Config``, ``create_parser`` ↔
    ``botocore.parsers.create_parser``, ``AioResponseParserFactory()`` ↔
    ``parsers.ResponseParserFactory()``), ``asynccontextmanager`` as ``contextmanager``, and a value
    taken with ``async with X as y:`` read as botocore's ``y = X``."""
    text = normalise_async(text)
    text = _TWIN.sub(lambda m: _ASYNCIO_TWINS[m.group(1)], text)
    text = _ASYNC_DUNDERS.sub(lambda m: f"__{m.group(1)}__", text)
    text = _AIO_MODULE.sub("botocore", text)
    text = _QUALIFIED_NAME.sub("", text)
    text = _MODULE_ALIAS.sub("", text)
    return _WITH_AS.sub(r"\2 = \1", text)


def mentions_async(text: str) -> bool:
    """True when a docstring or comment line talks about async behaviour."""
    return bool(_ASYNC_WORDS.search(text))


def is_tool_directive(comment: str) -> bool:
    """``# noqa``, ``# pragma``, ``# type:`` and the like: instructions to tools, not prose."""
    return bool(_DIRECTIVE.match(comment))
