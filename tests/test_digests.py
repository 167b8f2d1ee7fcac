"""test_patches digests computed from text, and the codemod that adds them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from botoport.bounds import tree_bounds
from botoport.errors import BotoportError
from botoport.patches.compute import DigestResult, compute_digests, digest_of, missing_digests
from botoport.patches.explain import explain_changes
from botoport.patches.read import OverrideEntry
from botoport.patches.writer import add_digests
from botoport.sources.index import IndexSource

from tests.runners import botoport

CONTEXT = """\
from functools import wraps


def traced(hook=None):
    def decorator(func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)

        return wrapper

    return decorator
"""
BASE = """\
class Base:
    def inherited(self):
        return 1  # kept
        # a trailing comment at body depth belongs to the block
"""
CLIENT = """\
from botocore.base import Base
from botocore.context import traced
from io import IOBase


class Client(Base, IOBase):
    @staticmethod
    def plain():
        return 2

    @traced()
    def decorated(self):
        return 3

    @property
    def prop(self):
        return self._p

    @prop.setter
    def prop(self, value):
        self._p = value

    alias = plain


def module_function():
    return 4
"""
COMPAT = "from botocore.client import module_function as exported\n"
RELEASE = {
    "botocore/context.py": CONTEXT,
    "botocore/base.py": BASE,
    "botocore/client.py": CLIENT,
    "botocore/compat.py": COMPAT,
}


def lines(text: str, first: int, last: int) -> str:
    return "".join(text.splitlines(keepends=True)[first - 1 : last])


def sha(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


@pytest.mark.parametrize(
    "symbol, source",
    [
        ("Client.plain", lines(CLIENT, 7, 9)),  # decorators included, indentation kept
        ("Client.inherited", lines(BASE, 2, 4)),  # the defining class's source
        ("Client.decorated.__wrapped__", lines(CLIENT, 11, 13)),
        # At run time the wrapper: its first line (6, in context.py) is looked up in
        # client.py, from where dill searches back for a def/@ line (none: line 1) and
        # inspect.getblock reads on to the end of the first block it finds (class Client).
        ("Client.decorated", lines(CLIENT, 1, 23)),
        ("Client.prop", lines(CLIENT, 15, 17)),  # a property: the test falls back to fget
        ("Client.__dict__['prop'].fset", lines(CLIENT, 19, 21)),
        ("Client.__dict__['prop'].fget", lines(CLIENT, 15, 17)),
        ("Client.alias", lines(CLIENT, 7, 9)),
        ("Client", CLIENT.split("\n\n\n", 1)[1].split("\n\n\ndef")[0] + "\n"),
        ("module_function", lines(CLIENT, 26, 27)),
        ("exported", lines(CLIENT, 26, 27)),  # re-exported by another module
        ("client.module_function", lines(CLIENT, 26, 27)),  # module-qualified
    ],
)
def test_digest_is_sha1_of_getsource(symbol: str, source: str) -> None:
    patches = (
        "from botocore import client\n"
        "from botocore.client import Client, module_function\n"
        "from botocore.compat import exported\n"
        f"CASES = [({symbol}, {{'0'}})]\n"
    )
    [result] = compute_digests(patches, RELEASE.get)
    assert result.error is None
    assert result.digest == sha(source)
    assert not result.listed and missing_digests([result]) == {symbol: [sha(source)]}


@pytest.mark.parametrize(
    "symbol, error",
    [
        ("Client.nothing", "cannot resolve Client.nothing: Client has no attribute nothing"),
        ("Missing", "cannot resolve Missing: Missing is not defined in botocore/client.py"),
        ("unimported", "cannot resolve unimported: unimported is not imported from botocore"),
    ],
)
def test_unresolvable_symbols_are_named(symbol: str, error: str) -> None:
    patches = f"from botocore.client import Client, Missing\nX = [({symbol}, {{'0'}})]\n"
    [result] = compute_digests(patches, RELEASE.get)
    assert result.digest is None and (result.error or "").startswith(error)


PATCHES_BEFORE = """\
CASES = [
    # args.py
    (
        A.one,
        {
            'aaa',
        },
    ),
    (A.two, {"bbb", "ccc"}),
]
LEGACY = {B.three: {'ddd'}}  # the old dict form
"""
PATCHES_AFTER = """\
CASES = [
    # args.py
    (
        A.one,
        {
            'aaa',
            'new1',
        },
    ),
    (A.two, {"bbb", "ccc", "new2"}),
]
LEGACY = {B.three: {'ddd', 'new3'}}  # the old dict form
"""


def test_codemod_keeps_layout_quotes_and_comments() -> None:
    wanted = {"A.one": ["new1"], "A.two": ["new2"], "B.three": ["new3"]}
    assert add_digests(PATCHES_BEFORE, wanted) == PATCHES_AFTER
    assert add_digests(PATCHES_AFTER, wanted) == PATCHES_AFTER  # already there: unchanged


def test_codemod_names_an_entry_it_cannot_find() -> None:
    with pytest.raises(BotoportError, match=r"has no entry A\.zero"):
        add_digests(PATCHES_BEFORE, {"A.zero": ["x"]})


@pytest.mark.index
def test_newest_aiobotocore_digests_reproduced(index_cache) -> None:
    """Every digest of the newest aiobotocore release, for the newest botocore it admits."""
    aio = IndexSource(index_cache, project="aiobotocore")
    botocore = IndexSource(index_cache)
    tree = aio.tree(aio.releases()[-1])
    version = tree_bounds(tree).newest_admitted(botocore.releases())
    patches, version = tree.read("tests/test_patches.py"), str(version)
    assert patches is not None
    results = compute_digests(patches, lambda path: botocore.read(version, path))
    assert len(results) > 200
    assert [r.entry.raw for r in results if not r.listed] == []


F = "def f(x):\n"
EXPLAINED = [
    ("comment", F + "    return x\n", F + "    # why\n    return x\n", "cosmetic"),
    ("docstring", F + "    '''A.'''\n    return x\n", F + "    return x\n", "cosmetic"),
    (
        "wrapping",
        F + "    return g(x, 1)\n",
        F + "    return g(\n        x, 1\n    )\n",
        "cosmetic",
    ),
    ("annotation", F + "    return x\n", "def f(x: int) -> int:\n    return x\n", "cosmetic"),
    ("new line", F + "    return x\n", F + "    log(x)\n    return x\n", "substantive"),
    ("changed call", F + "    return g(x)\n", F + "    return h(x)\n", "substantive"),
    ("new symbol", None, F + "    return x\n", "substantive"),
]


@pytest.mark.parametrize(("case", "old", "new", "kind"), EXPLAINED, ids=[e[0] for e in EXPLAINED])
def test_explain_digest_change(case: str, old: str | None, new: str, kind: str) -> None:
    entry = OverrideEntry("f", "f", None, frozenset(), 3)

    def result(source: str) -> DigestResult:
        return DigestResult(entry, digest_of(source), None, "botocore/m.py", 1, source=source)

    at_from = [result(old)] if old is not None else []
    [change] = explain_changes(at_from, [result(new)], "1.0.0", "1.0.1")
    assert change.kind == kind
    assert change.diff.startswith("--- botocore/m.py@1.0.0\n+++ botocore/m.py@1.0.1\n")
    assert explain_changes([result(new)], [result(new)], "1.0.0", "1.0.1") == []


def test_digests_explain_command(clone: Path, aio_root: Path) -> None:
    done = botoport(
        "digests", "--explain", "--from", "1.0.0", "--to", "1.0.2",
        "--botocore-clone", clone, "--aiobotocore-root", aio_root,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "tests/test_patches.py:5: ClientCreator.create_client: cosmetic\n" in done.stdout
    assert (
        "tests/test_patches.py:6: standard.RetryPolicy.should_retry: substantive\n" in done.stdout
    )
    assert "+        return context.attempt < 3\n" in done.stdout
    assert done.stdout.endswith(
        "2 digests changed from botocore 1.0.0 to 1.0.2: 1 cosmetic, 1 substantive\n"
    )


PATCHES_WITH_GROUPS = """\
import pytest
from botocore.args import ClientArgsCreator
from botocore.client import (
    BaseClient,
)


@pytest.mark.parametrize(
    "obj, digests",
    [
        # args.py
        (
            ClientArgsCreator.get_client_args,
            {
                'aaaa',
            },
        ),
        # client.py
        (
            BaseClient._make_api_call,
            {
                'bbbb',
                'cccc',
            },
        ),
    ],
)
def test_patches(obj, digests): ...
"""


def _entry_block(symbol: str, digest: str) -> str:
    opened = f"        (\n            {symbol},\n"
    return opened + f"            {{\n                '{digest}',\n            }},\n        ),\n"


ARGS_IMPORT = "from botocore.args import ClientArgsCreator\n"
CLIENT_IMPORT = "    BaseClient,\n)\n"


@pytest.mark.parametrize(
    ("symbol", "path", "after", "imports"),
    [
        ("ClientArgsCreator.compute", "botocore/args.py", "        # client.py\n", None),
        ("BaseClient._emit", "botocore/client.py", "    ],\n", None),
        ("create_parser", "botocore/args.py", "        # client.py\n",
         (ARGS_IMPORT, "from botocore.args import ClientArgsCreator, create_parser\n")),
        ("Thing.go", "botocore/thing.py", "    ],\n",
         (CLIENT_IMPORT, CLIENT_IMPORT + "from botocore.thing import Thing\n")),
        ("Other.m", "botocore/client.py", "    ],\n",
         (CLIENT_IMPORT, "    BaseClient,\n    Other,\n)\n")),
    ],
    ids=["after-its-module-group", "at-the-end-of-the-last-group", "a-name-added-to-an-import",
         "a-new-module-imported", "added-to-a-parenthesised-import"],
)  # fmt: skip
def test_a_new_override_gets_its_entry(symbol, path, after, imports) -> None:
    from botoport.patches.entries import add_entry

    written = add_entry(PATCHES_WITH_GROUPS, symbol, "dddd", path)
    block = _entry_block(symbol, "dddd")
    assert block + after in written
    expected = PATCHES_WITH_GROUPS.replace(*imports) if imports else PATCHES_WITH_GROUPS
    assert written.replace(block, "", 1) == expected  # nothing else changed
