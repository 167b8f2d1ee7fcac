"""The statement-aware three-way merge of botocore's change into an override
(port/merge.py), one before/after row per kind of change."""

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


def test_a_block_botocore_moves_out_of_an_if_moves_in_the_override() -> None:
    base = (
        "def trailer(h, chunked):\n    if chunked:\n        h['a'] = 1\n"
        "        if 'b' in h:\n            del h['b']\n    return h\n"
    )
    theirs = (
        "def trailer(h, chunked):\n    if chunked:\n        h['a'] = 1\n"
        "    if 'b' in h:\n        del h['b']\n    return h\n"
    )
    ours = base.replace("def trailer", "async def trailer")
    merged = merge_function(base, theirs, ours, COROUTINES)
    assert merged.text == theirs.replace("def trailer", "async def trailer")


def test_comments_of_the_override_neither_block_nor_get_lost() -> None:
    ours = OURS.replace(
        "    async def run(self, request, retries=3):\n",
        "    async def run(self, request, retries=3):  # aio\n",
    )
    theirs = BASE.replace("        self._log(response)\n", "        self._log(response, 2)\n")
    merged = merge_function(BASE, theirs, ours, COROUTINES)
    assert merged.conflicts == []
    assert merged.text == ours.replace("self._log(response)", "self._log(response, 2)")


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


DOCUMENTED = '''\
    def set_credentials(self, access_key, token=None):
        """Set the credentials."""
        self._credentials = botocore.credentials.Credentials(
            access_key, token
        )
'''
UNDOCUMENTED = """\
    def set_credentials(self, access_key, token=None):
        self._credentials = AioCredentials(
            access_key, token
        )
"""


def test_the_dialect_of_module_paths_and_a_docstring_the_override_dropped() -> None:
    """#1307's ``set_credentials``: botocore documents a new parameter the override (which has
    no docstring, and names ``AioCredentials``) threads through."""
    documented = '"""Set the credentials.\n\n        :param account_id: an id\n        """'
    threaded = [
        ("token=None)", "token=None, account_id=None)"),
        ("access_key, token\n", "access_key, token, account_id=account_id\n"),
    ]
    theirs, expected = DOCUMENTED.replace('"""Set the credentials."""', documented), UNDOCUMENTED
    for before, after in threaded:
        theirs, expected = theirs.replace(before, after), expected.replace(before, after)
    merged = merge_function(DOCUMENTED, theirs, UNDOCUMENTED, COROUTINES)
    assert merged.conflicts == []
    assert merged.text == expected


def test_no_await_is_put_on_a_def_line() -> None:
    from botoport.port.merge import await_calls

    coroutines = frozenset({"account_id"})
    assert await_calls("    def account_id(self):\n", coroutines) == "    def account_id(self):\n"
    assert await_calls("    x = account_id()\n", coroutines) == "    x = await account_id()\n"


ALIASED = """\
    async def _get_credentials(self):
        kwargs = self._assume_role_kwargs()
        client = await self._create_client()
        async with client as sts:
            return await sts.assume_role(**kwargs)
"""
WRAPPED = "        x = g(\n            a,\n            b,\n            c,\n        )\n"
PARSED = "        when = dateutil.parser.parse(t)\n"
NESTED_BASE = """\
    def _get_credentials(self):
        kwargs = self._assume_role_kwargs()
        client = self._create_client()
        return client.assume_role(**kwargs)
"""
NESTED_OURS = """\
    async def _get_credentials(self):
        kwargs = self._assume_role_kwargs()
        async with self._create_client() as client:
            return await client.assume_role(**kwargs)
"""


@pytest.mark.parametrize(
    ("base", "theirs", "ours", "expected"),
    [
        (
            "    def f(self):\n        x = g(a, b)\n        return x\n",
            "    def f(self):\n" + WRAPPED + "        return x\n",
            "    async def f(self):\n        x = g(a, b)\n        return x\n",
            "    async def f(self):\n" + WRAPPED + "        return x\n",
        ),
        (
            NESTED_BASE,
            NESTED_BASE.replace("return client", "response = client").replace(
                "(**kwargs)\n", "(**kwargs)\n        return response\n"
            ),
            NESTED_OURS,
            NESTED_OURS.replace("return await client", "response = await client").replace(
                "(**kwargs)\n", "(**kwargs)\n            return response\n"
            ),
        ),
        (
            NESTED_BASE,
            NESTED_BASE.replace("return client", "response = client").replace(
                "(**kwargs)\n", "(**kwargs)\n        return response\n"
            ),
            ALIASED,
            ALIASED.replace("return await sts", "response = await sts").replace(
                "(**kwargs)\n", "(**kwargs)\n            return response\n"
            ),
        ),
        (
            NESTED_BASE,
            NESTED_BASE.replace(
                "        client = self._create_client()\n",
                "        kw = {'region': self.region}\n"
                "        client = self._create_client(**kw)\n",
            ),
            NESTED_OURS,
            NESTED_OURS.replace(
                "        async with self._create_client() as client:\n",
                "        kw = {'region': self.region}\n"
                "        async with self._create_client(**kw) as client:\n",
            ),
        ),
        (
            "    def f(self, p):\n        x = p['a']\n\n        return x\n",
            "    def f(self, p):\n        x = p['a']\n        self._seen.add(x)\n"
            "        return x\n",
            "    async def f(self, p):\n        x = p['a']\n        return x\n",
            "    async def f(self, p):\n        x = p['a']\n        self._seen.add(x)\n"
            "        return x\n",
        ),
        (
            "    def f(self, t):\n        return t\n",
            "    def f(self, t):\n" + PARSED + "        return t\n",
            "    async def f(self, t):\n        return t\n",
            "    async def f(self, t):\n" + PARSED + "        return t\n",
        ),
    ],
    ids=[
        "a-statement-botocore-wraps-over-lines",
        "lines-the-override-holds-one-block-deeper-and-its-client-awaited",
        "a-client-the-override-renames-in-its-async-with",
        "a-value-held-as-an-async-with-header-built-differently",
        "a-blank-line-botocore-turns-into-a-statement",
        "a-call-through-a-foreign-module-is-not-awaited",
    ],
)
def test_statement_aware_merge(base: str, theirs: str, ours: str, expected: str) -> None:
    coroutines = COROUTINES | {"parse", "assume_role"}
    merged = merge_function(base, theirs, ours, coroutines, foreign=frozenset({"dateutil"}))
    assert merged.conflicts == []
    assert merged.text == expected


RETRY_BASE = """\
def register(client, attempts=None):
    adapter = Adapter()
    if NEW_RETRIES:
        attempts = attempts or 3
        quota = Quota(detector)
        handler = Handler(policy=Policy(attempts), quota=quota)
    else:
        quota = Quota()
        handler = Handler(policy=Policy(attempts or 3), quota=quota)

    client.register(handler)
    return handler
"""
RETRY_THEIRS = """\
def register(client, attempts=None):
    adapter = Adapter()
    attempts = attempts or 3
    quota = Quota(detector)
    handler = Handler(policy=Policy(attempts), quota=quota)

    client.register(handler)
    return handler
"""


def held_its_own_way(botocore: str, depth: str) -> str:
    """botocore's function as the override holds it: the handler's class chosen at run time,
    the Aio policy, and a comment of its own before the quota (``depth``: its indentation)."""
    return (
        botocore.replace(
            "    adapter = Adapter()\n",
            "    adapter = Adapter()\n    handler_cls = AnyioHandler if anyio else AioHandler\n",
        )
        .replace(
            f"{depth}quota = Quota(detector)\n",
            f"{depth}# the quota sees throttling\n{depth}quota = Quota(detector)\n",
        )
        .replace("Handler(policy=Policy(", "handler_cls(policy=AioPolicy(")
    )


RETRY_OURS = held_its_own_way(RETRY_BASE, " " * 8)
RETRY_MERGED = held_its_own_way(RETRY_THEIRS, " " * 4)


@pytest.mark.parametrize(
    ("base", "theirs", "ours", "expected"),
    [
        (RETRY_BASE, RETRY_THEIRS, RETRY_OURS, RETRY_MERGED),
        # The reverse: botocore wraps the block in an `if` and adds an `else` after the
        # statement the override changed: which branch gets the override's line is a
        # person's call.
        (RETRY_THEIRS, RETRY_BASE, RETRY_MERGED, None),
        # A statement botocore deletes that the override changed stays a person's call.
        (RETRY_BASE.replace("        quota = Quota()\n", "        quota = Quota(1)\n"),
         RETRY_THEIRS.replace("    quota = Quota(detector)\n", "    quota = Quota(2)\n"),
         RETRY_OURS.replace("        quota = Quota(detector)\n", "        quota = Quota(3)\n"),
         None),
    ],
    ids=["botocore-drops-an-if-around-a-block-the-override-changed",
         "botocore-wraps-a-block-the-override-changed-in-an-if",
         "a-rewritten-statement-the-override-changed-is-a-conflict"],
)  # fmt: skip
def test_a_block_moved_in_or_out_carries_the_overrides_own_lines(base, theirs, ours, expected):
    merged = merge_function(base, theirs, ours, COROUTINES)
    if expected is None:
        assert merged.conflicts and merged.conflicts[0].startswith("@@ botocore lines")
    else:
        assert merged.conflicts == []
        assert merged.text == expected


def test_a_merge_that_does_not_parse_says_why() -> None:
    """A tab-indented override takes botocore's space-indented block: left, with the reason."""
    base = "def f(a):\n    x = a\n    return x\n"
    theirs = "def f(a):\n    x = a\n    if x:\n        x += 1\n    return x\n"
    ours = "async def f(a):\n\tx = a\n\treturn x\n"
    merged = merge_function(base, theirs, ours, COROUTINES)
    assert merged.text is None
    [why] = merged.conflicts
    assert why.startswith("the merged function does not parse (line 3: ")
    assert why.endswith(": the override is indented with tabs, botocore with spaces")
