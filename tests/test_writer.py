"""Writing a port into a module with libcst: each edit changes what it names and leaves every
other byte as it was (comments, blank lines, odd spacing included)."""

from __future__ import annotations

import pytest
from botoport.port.writer import AddEntry, Append, AwaitCalls, Replace, write_edits

MODULE = """\
import asyncio  # keep me


class AioClient(Client):
    # a comment before the method
    async def run(self, x):
        return   x

    @property
    def token(self):
        return self._t

    @token.setter
    def token(self, value):
        self._t = value

    async def caller(self):
        y = self.fetch(1)
        return await self.fetch(2), y


TABLE = {
    'json': AioJSON,
}
"""


@pytest.mark.parametrize(
    ("edit", "before", "after"),
    [
        (
            Replace("AioClient.run", "async def run(self, x):\n    return x + 1\n"),
            "    async def run(self, x):\n        return   x\n",
            "    async def run(self, x):\n        return x + 1\n",
        ),
        (
            Replace("AioClient.token.setter", "@token.setter\ndef token(self, value):\n    pass\n"),
            "    def token(self, value):\n        self._t = value\n",
            "    def token(self, value):\n        pass\n",
        ),
        (
            Replace("AioClient.run", ""),
            "    # a comment before the method\n    async def run(self, x):\n        return   x\n",
            "",
        ),
        (
            AwaitCalls("AioClient.caller", "fetch"),
            "        y = self.fetch(1)\n",
            "        y = await self.fetch(1)\n",
        ),
        (
            Append("AioClient", "async def more(self):\n    return 2\n"),
            "        return await self.fetch(2), y\n",
            "        return await self.fetch(2), y\n"
            + "\n    async def more(self):\n        return 2\n",
        ),
        (
            Append(None, "def helper():\n    return 3\n"),
            "    'json': AioJSON,\n}\n",
            "    'json': AioJSON,\n}\n\n\ndef helper():\n    return 3\n",
        ),
        (
            AddEntry("TABLE", "cbor", "AioCBOR"),
            "    'json': AioJSON,\n}\n",
            "    'json': AioJSON,\n    'cbor': AioCBOR,\n}\n",
        ),
    ],
    ids=[
        "replace-a-method",
        "replace-a-property-setter-not-its-getter",
        "remove-a-method-with-its-comment",
        "await-the-calls-not-yet-awaited",
        "append-to-a-class",
        "append-to-the-module",
        "add-a-table-entry",
    ],
)
def test_an_edit_changes_what_it_names_and_nothing_else(edit, before, after) -> None:
    assert before in MODULE
    assert write_edits(MODULE, [edit]) == MODULE.replace(before, after, 1)


def test_the_last_of_two_definitions_is_the_one_edited() -> None:
    twice = "def f():\n    return 1\n\n\ndef f():\n    return 2\n"
    written = write_edits(twice, [Replace("f", "def f():\n    return 3\n")])
    assert written == "def f():\n    return 1\n\n\ndef f():\n    return 3\n"


@pytest.mark.parametrize(
    "edit",
    [
        Replace("AioClient.missing", "def missing(self):\n    pass\n"),
        Append("NoSuchClass", "def f(self):\n    pass\n"),
        AddEntry("NO_TABLE", "k", "V"),
    ],
    ids=["no-such-function", "no-such-class", "no-such-table"],
)
def test_an_edit_with_nowhere_to_go_is_refused(edit) -> None:
    with pytest.raises(ValueError, match="nowhere to write"):
        write_edits(MODULE, [edit])
