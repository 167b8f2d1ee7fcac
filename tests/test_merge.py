"""Writing a port: botocore's change merged into the override in the async dialect, one
before/after row per kind of change."""

from __future__ import annotations

import pytest
from botoport.port.merge import merge_function

BASE = """\
    def run(self, request, retries=3):
        prepared = self._prepare(request)
        response = self._send(prepared)
        self._log(response)
        return response
"""
OURS = """\
    async def run(self, request, retries=3):
        prepared = self._prepare(request)
        response = await self._send(prepared)
        self._log(response)
        return response
"""
COROUTINES = frozenset({"_send", "_refresh"})
LOG = "        self._log(response)\n"


def after_log(text: str, line: str) -> str:
    """``text`` with ``line`` added after the log line."""
    return text.replace(LOG, LOG + line)


def before_log(text: str, line: str) -> str:
    """``text`` with ``line`` added before the log line."""
    return text.replace(LOG, line + LOG)


ROWS = [
    (
        "an added statement",
        after_log(BASE, "        self._count += 1\n"),
        after_log(OURS, "        self._count += 1\n"),
    ),
    (
        "a changed call",
        BASE.replace("self._prepare(request)", "self._prepare(request, signed=True)"),
        OURS.replace("self._prepare(request)", "self._prepare(request, signed=True)"),
    ),
    (
        "a removed line",
        BASE.replace("        self._log(response)\n", ""),
        OURS.replace("        self._log(response)\n", ""),
    ),
    (
        "a new parameter threaded through",
        BASE.replace("retries=3)", "retries=3, region=None)").replace(
            "self._prepare(request)", "self._prepare(request, region)"
        ),
        OURS.replace("retries=3)", "retries=3, region=None)").replace(
            "self._prepare(request)", "self._prepare(request, region)"
        ),
    ),
    (
        "a line that needs await",
        before_log(BASE, "        self._refresh(response)\n"),
        before_log(OURS, "        await self._refresh(response)\n"),
    ),
    (
        "a changed line calling a coroutine keeps its await",
        BASE.replace("self._send(prepared)", "self._send(prepared, timeout=5)"),
        OURS.replace("await self._send(prepared)", "await self._send(prepared, timeout=5)"),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "theirs", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_merge(name: str, theirs: str, expected: str) -> None:
    merged = merge_function(BASE, theirs, OURS, COROUTINES)
    assert merged.conflicts == []
    assert merged.text == expected


def test_an_override_that_must_become_async() -> None:
    base = "    def load(self):\n        return self._cached()\n"
    theirs = "    def load(self):\n        self._refresh()\n        return self._cached()\n"
    ours = "    def load(self):\n        return self._cached()\n"
    merged = merge_function(base, theirs, ours, COROUTINES, make_async=True)
    expected = "    async def load(self):\n        await self._refresh()\n"
    assert merged.text == expected + "        return self._cached()\n"


def test_a_hunk_the_override_changed_is_left_for_a_person() -> None:
    ours = OURS.replace("        self._log(response)\n", "        self._log(response, 'aio')\n")
    theirs = BASE.replace("        self._log(response)\n", "        self._log(response, level=2)\n")
    merged = merge_function(BASE, theirs, ours, COROUTINES)
    assert merged.text == ours  # the rest of the override as it was
    [conflict] = merged.conflicts
    assert "-        self._log(response)\n+        self._log(response, level=2)\n" in conflict
