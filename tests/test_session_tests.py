"""botocore's session tests (``BaseSessionTest`` classes) written as module functions over the
mirror folder's session fixture, and the conversion rules they lean on: a client factory
handing back the client's context, the mirror's async helpers, ``time.sleep`` patched as
``asyncio.sleep``, ``assertRaises(...) as e`` read as pytest's ``e.value``.

Table-driven over small before/after snippets, then one plan against a small aiobotocore tree
with a ``patched_session`` fixture."""

from __future__ import annotations

import ast
import textwrap
from typing import TYPE_CHECKING

import pytest
from botoport.mirror.trees import MemoryTree
from botoport.port.classify import PortReport
from botoport.port.registries import read_registries
from botoport.testport.convert import convert_module, helper_kinds
from botoport.testport.items import read_items
from botoport.testport.plan import plan_test_port
from botoport.testport.session_tests import lift_session_tests, session_bases

from tests.test_testport import AIO, DictTests, dialect

if TYPE_CHECKING:
    from botoport.testport.plan import TestPortPlan

PACKAGE = """\
class BaseEnvVar(unittest.TestCase):
    def setUp(self):
        self.environ = {}


class BaseSessionTest(BaseEnvVar):
    def setUp(self, **environ):
        super().setUp()
        self.environ['AWS_ACCESS_KEY_ID'] = 'access_key'
        self.session = create_session()
"""
BASES = {"BaseSessionTest": "create_session"}
HEAD = "from tests import BaseSessionTest, mock\n\n\n"


def lifted(source: str, wanted: list[str]) -> str:
    """The module functions the lift adds (the classes it leaves are checked elsewhere)."""
    result = lift_session_tests(HEAD + textwrap.dedent(source), wanted, BASES, "patched_session")
    assert not result.left, result.left
    assert result.lifted == {q: q.partition(".")[2] for q in wanted}
    items = read_items(result.text).values()
    start = min(i.first_line for i in items if isinstance(i.node, ast.FunctionDef) and not i.owner)
    return "".join(result.text.splitlines(keepends=True)[start - 1 :])


def test_a_class_left_without_methods_keeps_pass_and_the_others_stay() -> None:
    source = (
        "class TestS3(BaseSessionTest):\n    def helper(self):\n        return 1\n\n"
        "    def test_a(self):\n        self.session\n\n"
        "    def test_b(self):\n        self.session\n"
    )
    text = lift_session_tests(HEAD + source, ["TestS3.test_a"], BASES, "s").text
    assert "class TestS3(BaseSessionTest):\n    def helper(self):" in text
    assert "    def test_b(self):" in text and "def test_a(s):\n    s\n" in text
    text = lift_session_tests(HEAD + source, ["TestS3.test_a", "TestS3.test_b"], BASES, "s").text
    assert "class TestS3(BaseSessionTest):\n    def helper(self):" in text
    source = "class TestS3(BaseSessionTest):\n    def test_a(self):\n        self.session\n"
    text = lift_session_tests(HEAD + source, ["TestS3.test_a"], BASES, "s").text
    assert "class TestS3(BaseSessionTest):\n    pass\n\n\ndef test_a(s):" in text


def test_the_package_names_its_session_classes() -> None:
    assert session_bases(PACKAGE) == BASES
    assert session_bases("class A:\n    def setUp(self):\n        self.x = f()\n") == {}
    assert session_bases("def (") == {}


LIFTED = [
    (
        "an-assert-message-across-lines-is-parenthesised",
        """\
        class TestS3(BaseSessionTest):
            def test_order(self):
                self.assertTrue(
                    1 < 2,
                    "one is "
                    "before two",
                )
                self.assertEqual(
                    [1,
                     2], self.session.x)
        """,
        ["TestS3.test_order"],
        """\
        def test_order(patched_session):
            assert (1 < 2), ("one is "
                "before two")
            assert [1,
                 2] == patched_session.x
        """,
    ),
    (
        "session-becomes-the-fixture",
        """\
        class TestS3(BaseSessionTest):
            def test_list(self):
                client = self.session.create_client('s3')
                self.assertEqual(client.meta.region_name, 'us-east-1')
        """,
        ["TestS3.test_list"],
        """\
        def test_list(patched_session):
            client = patched_session.create_client('s3')
            assert client.meta.region_name == 'us-east-1'
        """,
    ),
    (
        "a-base-of-the-module-gives-constants-patches-and-helpers",
        """\
        class BaseRetryTest(BaseSessionTest):
            def setUp(self, **environ):
                super().setUp(**environ)
                self.region = 'us-west-2'
                self.sleep_patch = mock.patch('time.sleep')
                self.sleep_patch.start()

            def tearDown(self):
                super().tearDown()
                self.sleep_patch.stop()

            def make(self, service):
                return self.session.create_client(service, self.region)


        class TestRetry(BaseRetryTest):
            def test_retry(self):
                client = self.make('ddb')
                with self.assertRaises(ValueError) as e:
                    client.go()
                self.assertIn('x', e.exception.args)
        """,
        ["TestRetry.test_retry"],
        """\
        def make(patched_session, service):
            return patched_session.create_client(service, 'us-west-2')


        def test_retry(patched_session):
            with mock.patch('time.sleep'):
                client = make(patched_session, 'ddb')
                with pytest.raises(ValueError) as e:
                    client.go()
                assert 'x' in e.value.args
        """,
    ),
    (
        "environment-handed-to-the-base-and-a-value-patch",
        """\
        @mock.patch('botocore.retries.standard.NEW_RETRIES_ENABLED', True)
        class TestLegacy(BaseSessionTest):
            def setUp(self):
                super().setUp(AWS_RETRY_MODE='legacy')

            def test_legacy(self):
                self.assertTrue(self.session)

            def test_plain(self):
                self.assertTrue(1)
        """,
        ["TestLegacy.test_legacy", "TestLegacy.test_plain"],
        """\
        @mock.patch('botocore.retries.standard.NEW_RETRIES_ENABLED', True)
        def test_legacy(patched_session, monkeypatch):
            monkeypatch.setenv('AWS_RETRY_MODE', 'legacy')
            assert patched_session


        @mock.patch('botocore.retries.standard.NEW_RETRIES_ENABLED', True)
        def test_plain(monkeypatch):
            monkeypatch.setenv('AWS_RETRY_MODE', 'legacy')
            assert 1
        """,
    ),
]


@pytest.mark.parametrize(
    "source, wanted, expected", [c[1:] for c in LIFTED], ids=[c[0] for c in LIFTED]
)
def test_a_session_test_becomes_a_function_over_the_fixture(
    source: str, wanted: list[str], expected: str
) -> None:
    assert lifted(source, wanted) == textwrap.dedent(expected)


KEPT_OUT = [
    (
        "no-fixture-in-reach",
        "class TestS3(BaseSessionTest):\n    def test_a(self):\n        self.session\n",
        None,
        "TestS3 is a session test (BaseSessionTest); no conftest.py above the mirror has a "
        "fixture returning create_session()",
    ),
    (
        "a-set-up-doing-more",
        "class TestS3(BaseSessionTest):\n    def setUp(self):\n        super().setUp()\n"
        "        self.client = self.session.create_client('s3')\n\n"
        "    def test_a(self):\n        self.client\n",
        "patched_session",
        "TestS3.setUp does more than give constants and start patches",
    ),
    (
        "an-attribute-nothing-gives",
        "class TestS3(BaseSessionTest):\n    def test_a(self):\n        self.environ['A'] = '1'\n",
        "patched_session",
        "uses self.environ",
    ),
    (
        "a-name-the-module-has",
        "def helper():\n    pass\n\n\nclass TestS3(BaseSessionTest):\n"
        "    def helper(self):\n        return self.session\n\n"
        "    def test_a(self):\n        self.helper()\n",
        "patched_session",
        "TestS3.helper would clash with the module's helper",
    ),
    (
        "a-mutable-set-up-value",
        "class TestS3(BaseSessionTest):\n    def setUp(self):\n        super().setUp()\n"
        "        self.seen = []\n\n    def test_a(self):\n        self.seen.append(self.session)\n",
        "patched_session",
        "TestS3.setUp does more than give constants and start patches",
    ),
    (
        "a-static-helper",
        "class TestS3(BaseSessionTest):\n    @staticmethod\n    def helper():\n        return 1\n\n"
        "    def test_a(self):\n        self.helper()\n",
        "patched_session",
        "TestS3.helper is not a plain method",
    ),
    (
        "a-decorator-handing-an-argument",
        "@mock.patch('os.getcwd')\nclass TestS3(BaseSessionTest):\n"
        "    def test_a(self, getcwd):\n        self.session\n",
        "patched_session",
        "TestS3 has a decorator that hands its tests an argument",
    ),
]


@pytest.mark.parametrize(
    "source, fixture, why", [c[1:] for c in KEPT_OUT], ids=[c[0] for c in KEPT_OUT]
)
def test_a_session_test_that_cannot_be_lifted_says_why(
    source: str, fixture: str | None, why: str
) -> None:
    result = lift_session_tests(HEAD + source, ["TestS3.test_a"], BASES, fixture)
    assert result.left["TestS3.test_a"].startswith(why)
    assert result.lifted == {}
    assert result.text == HEAD + source


SESSION_FILES = {
    **AIO,
    "tests/botocore_tests/__init__.py": AIO["tests/botocore_tests/__init__.py"]
    + "import aiobotocore.session\n\n\ndef create_session(**kwargs):\n"
    "    return aiobotocore.session.AioSession(**kwargs)\n",
    "aiobotocore/hooks.py": "from botocore.hooks import HierarchicalEmitter\n\n\n"
    "class AioHierarchicalEmitter(HierarchicalEmitter):\n"
    "    async def _emit(self, event_name, kwargs):\n        return []\n",
    "tests/botocore_tests/functional/conftest.py": "import pytest\n"
    "from tests.botocore_tests import create_session\n\n\n@pytest.fixture()\n"
    "def patched_session(monkeypatch):\n    session = create_session()\n    return session\n",
}
FIXTURES = {"patched_session": "AioSession"}

CONVERTED = [
    (
        "a-client-s-events-are-the-session-s-emitter-whose-emit-hands-back-a-coroutine",
        """\
        def test_emit(patched_session):
            client = patched_session.create_client('s3')
            client.meta.events.register('x', print)
            responses = client.meta.events.emit('x')
            assert responses == []
        """,
        {},
        """\
        async def test_emit(patched_session):
            async with patched_session.create_client('s3') as client:
                client.meta.events.register('x', print)
                responses = await client.meta.events.emit('x')
                assert responses == []
        """,
    ),
    (
        "a-client-factory-hands-back-the-context",
        """\
        def make(patched_session, mode):
            retries = {'mode': mode}
            client = patched_session.create_client('ddb', config=retries)
            return client


        def test_make(patched_session):
            client = make(patched_session, 'standard')
            client.list_tables()
        """,
        {},
        """\
        def make(patched_session, mode):
            retries = {'mode': mode}
            return patched_session.create_client('ddb', config=retries)


        async def test_make(patched_session):
            async with make(patched_session, 'standard') as client:
                await client.list_tables()
        """,
    ),
    (
        "a-factory-returning-the-call-hands-back-the-context",
        """\
        def make(patched_session):
            return patched_session.create_client('ddb')


        def test_make(patched_session):
            client = make(patched_session)
            client.list_tables()
        """,
        {},
        """\
        def make(patched_session):
            return patched_session.create_client('ddb')


        async def test_make(patched_session):
            async with make(patched_session) as client:
                await client.list_tables()
        """,
    ),
    (
        "the-mirrors-async-helpers-are-entered-and-awaited",
        """\
        def test_retry(patched_session):
            client = patched_session.create_client('ddb')
            with will_retry(client, 2):
                client.list_tables()
            features(client)
        """,
        {"will_retry": "async context", "features": "coroutine"},
        """\
        async def test_retry(patched_session):
            async with patched_session.create_client('ddb') as client:
                async with will_retry(client, 2):
                    await client.list_tables()
                await features(client)
        """,
    ),
    (
        "a-patch-of-time-sleep-patches-asyncio-sleep",
        """\
        def test_sleep():
            with mock.patch('time.sleep'):
                pass
        """,
        {},
        """\
        def test_sleep():
            with mock.patch('asyncio.sleep', new_callable=mock.AsyncMock):
                pass
        """,
    ),
]


@pytest.mark.parametrize(
    "source, kinds, expected", [c[1:] for c in CONVERTED], ids=[c[0] for c in CONVERTED]
)
def test_conversion_of_lifted_session_tests(
    source: str, kinds: dict[str, str], expected: str
) -> None:
    head = "from tests import mock\n\n\n"
    aio = dialect(SESSION_FILES)
    result = convert_module(head + textwrap.dedent(source), aio, (), FIXTURES, kinds)
    assert result.left == {}
    assert result.text == head + textwrap.dedent(expected)


def test_helper_kinds_read_the_mirror() -> None:
    mirror = (
        "import contextlib\n\n\n@contextlib.asynccontextmanager\nasync def ctx():\n    yield\n\n\n"
        "async def coro():\n    pass\n\n\ndef plain():\n    pass\n"
    )
    assert helper_kinds(mirror) == {"ctx": "async context", "coro": "coroutine"}


UNIT_CONFTEST = "tests/botocore_tests/unit/conftest.py"
COPIED_FIXTURE = (
    "@pytest.fixture()\ndef patched_session(monkeypatch):\n    session = create_session()\n"
    "    return session\n"
)
SHARED = [
    # (the unit section's conftest.py (None: none), what it becomes (None: not written))
    pytest.param(
        None,
        "import pytest\n\nfrom tests.botocore_tests import create_session\n\n\n" + COPIED_FIXTURE,
        id="created",
    ),
    pytest.param(
        "import pytest\n\n\n@pytest.fixture\ndef other():\n    return 1\n",
        "import pytest\n\nfrom tests.botocore_tests import create_session\n\n\n@pytest.fixture\n"
        "def other():\n    return 1\n\n\n" + COPIED_FIXTURE,
        id="added after its fixtures, with the import it lacks",
    ),
]


def _session_plan(extra: dict[str, str]) -> TestPortPlan:
    """The plan for one new session test in a functional and in a unit file of botocore."""
    source = HEAD + (
        "class TestS3(BaseSessionTest):\n    def test_list(self):\n"
        "        client = self.session.create_client('s3')\n        client.list_buckets()\n"
    )
    functional, unit = "tests/functional/test_s3.py", "tests/unit/test_s3.py"
    tests = DictTests(
        {
            "1.0.0": {"tests/__init__.py": PACKAGE},
            "1.0.1": {"tests/__init__.py": PACKAGE, functional: source, unit: source},
        }
    )
    mirrors = {
        "tests/botocore_tests/functional/test_s3.py": "",
        "tests/botocore_tests/unit/test_s3.py": "",
    }
    tree = MemoryTree({**SESSION_FILES, **mirrors, **extra})
    report = PortReport("1.0.0", "1.0.1", [], [])
    return plan_test_port(report, read_registries(tree), tree, tests)


WRITTEN_TEST = (
    "async def test_list(patched_session):\n"
    "    async with patched_session.create_client('s3') as client:\n"
    "        await client.list_buckets()\n"
)


@pytest.mark.parametrize(("conftest", "expected"), SHARED)
def test_a_unit_session_test_gets_the_functional_fixture_copied_into_its_section(
    conftest: str | None, expected: str
) -> None:
    """A session test of ``unit/`` (no session fixture there) is lifted over the fixture of
    ``functional/conftest.py``, copied with its imports into ``unit/conftest.py``."""
    plan = _session_plan({UNIT_CONFTEST: conftest} if conftest is not None else {})
    outcomes = {o.test: (o.status, o.why) for o in plan.outcomes}
    for section in ("functional", "unit"):
        assert outcomes[f"tests/botocore_tests/{section}/test_s3.py::test_list"] == ("written", "")
        assert plan.writes[f"tests/botocore_tests/{section}/test_s3.py"].endswith(WRITTEN_TEST)
    assert plan.writes[UNIT_CONFTEST] == expected
    assert "tests/botocore_tests/functional/conftest.py" not in plan.writes


@pytest.mark.parametrize(
    "unit_conftest",
    [
        pytest.param("import pytest\n\n\ndef patched_session():\n    pass\n", id="name taken"),
        pytest.param("def broken(:\n", id="does not parse"),
    ],
)
def test_no_copy_where_the_section_conftest_cannot_take_it(unit_conftest: str) -> None:
    """A unit conftest that binds the fixture's name already (another fixture), or does not
    parse, gets no copy: the unit test is left with the reason, the functional one written."""
    plan = _session_plan({UNIT_CONFTEST: unit_conftest})
    outcomes = {o.test: (o.status, o.why) for o in plan.outcomes}
    assert outcomes["tests/botocore_tests/functional/test_s3.py::test_list"] == ("written", "")
    unit = [why for test, (status, why) in outcomes.items() if "/unit/" in test]
    assert unit and all(why for why in unit)
    assert UNIT_CONFTEST not in plan.writes


def test_no_section_with_the_fixture_leaves_the_session_tests() -> None:
    """With no conftest giving ``create_session()`` anywhere, session tests are left with the
    reason and no conftest is written."""
    plan = _session_plan({"tests/botocore_tests/functional/conftest.py": "import pytest\n"})
    outcomes = {o.test: (o.status, o.why) for o in plan.outcomes}
    status, why = outcomes["tests/botocore_tests/unit/test_s3.py::TestS3::test_list"]
    assert status == "left" and "no conftest.py above the mirror" in why
    assert not [path for path in plan.writes if path.endswith("conftest.py")]


def test_a_test_calling_a_helper_the_mirror_defines_otherwise_is_left() -> None:
    """A written test calls the mirror's helper of that name: with other parameters than
    botocore's it would call it wrongly."""
    from botoport.testport.mirror_fit import helpers_kept_otherwise

    ours = "def headers(session, config):\n    pass\n\n\ndef test_a():\n    headers(1, 2)\n"
    same = "async def headers(session, config):\n    pass\n"
    other = "def headers(config, responses, session):\n    pass\n"
    assert helpers_kept_otherwise(["test_a"], ours, same) == {}
    assert helpers_kept_otherwise(["test_a"], ours, other) == {
        "test_a": "calls headers, which the mirror defines with other parameters "
        "(config, responses, session)"
    }


def test_a_patch_that_would_miss_aiobotocore_s_callers_leaves_the_test() -> None:
    """botocore's tests patch ``botocore.credentials.create_credential_resolver``, which
    botocore's session calls through the module; aiobotocore's session imports its override
    by name, so a patch of ``aiobotocore.credentials.create_credential_resolver`` would not
    reach it: the test is left (an IMDS credentials test would see the environment's)."""
    files = {
        **AIO,
        "aiobotocore/credentials.py": AIO["aiobotocore/credentials.py"]
        + "\n\ndef create_credential_resolver(session):\n    return None\n",
        "aiobotocore/session.py": "from .credentials import create_credential_resolver\n"
        + AIO["aiobotocore/session.py"],
    }
    source = (
        "from tests import mock\n\n\n"
        "@mock.patch('botocore.credentials.create_credential_resolver')\n"
        "def test_imds(resolver):\n    pass\n\n\n"
        "@mock.patch('botocore.credentials.create_refresher')\n"
        "def test_other(refresher):\n    pass\n"
    )
    result = convert_module(source, dialect(files))
    assert result.left == {
        "test_imds": "patches aiobotocore.credentials.create_credential_resolver, which "
        "aiobotocore.session imports by name: the patch would not reach aiobotocore's calls of it"
    }
    assert "@mock.patch('aiobotocore.credentials.create_refresher')" in result.text


def test_a_conftest_that_does_not_parse_leaves_the_file_with_the_reason() -> None:
    """Its fixtures type the tests (``patched_session``): unread, the file is not converted."""
    source = HEAD + "def test_a():\n    pass\n"
    path = "tests/functional/test_s3.py"
    tests = DictTests({"1.0.0": {}, "1.0.1": {path: source}})
    conftest = "tests/botocore_tests/functional/conftest.py"
    mirror = {"tests/botocore_tests/functional/test_s3.py": ""}
    tree = MemoryTree({**SESSION_FILES, **mirror, conftest: "def broken(:\n"})
    plan = plan_test_port(PortReport("1.0.0", "1.0.1", [], []), read_registries(tree), tree, tests)
    assert [(o.test, o.status, o.why) for o in plan.outcomes] == [
        (
            "tests/botocore_tests/functional/test_s3.py",
            "left",
            f"{conftest} does not parse (SyntaxError at line 1); fix it first",
        )
    ]
    assert plan.writes == {}


def test_a_mirror_whose_botocore_file_the_range_deleted_is_reported_not_removed() -> None:
    """botocore 1.44 deleted ``unit/retries/test_standard_retry_v2_1.py``; aiobotocore's
    mirror of it still tests the removed legacy path. The plan says so, and writes nothing."""
    path = "tests/unit/retries/test_gone.py"
    tests = DictTests({"1.0.0": {path: "def test_a():\n    pass\n"}, "1.0.1": {}})
    target = "tests/botocore_tests/unit/retries/test_gone.py"
    tree = MemoryTree({**AIO, target: "def test_a():\n    pass\n"})
    plan = plan_test_port(PortReport("1.0.0", "1.0.1", [], []), read_registries(tree), tree, tests)
    [outcome] = plan.outcomes
    assert (outcome.test, outcome.status) == (target, "orphaned")
    assert outcome.why.startswith(f"botocore deleted {path} in the range")
    assert plan.writes == {}
    unmirrored = MemoryTree(dict(AIO))  # no mirror: nothing to say
    assert not plan_test_port(
        PortReport("1.0.0", "1.0.1", [], []), read_registries(unmirrored), unmirrored, tests
    ).outcomes


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        ("@mock.patch('botocore.retries.standard.NEW_RETRIES_ENABLED', True)\ndef test_a():",
         "@mock.patch('botocore.retries.standard.NEW_RETRIES_ENABLED', True)\n"
         "@mock.patch('aiobotocore.retries.standard.NEW_RETRIES_ENABLED', True)\ndef test_a():"),
        ("def test_a():\n    with mock.patch('botocore.retries.standard.NEW_RETRIES_ENABLED'):",
         "left: patches botocore.retries.standard.NEW_RETRIES_ENABLED, which "
         "aiobotocore.retries.standard imports by name, in a form that cannot patch that copy too"),
        ("@mock.patch('botocore.retries.standard.OTHER', True)\ndef test_a():",
         "@mock.patch('botocore.retries.standard.OTHER', True)\ndef test_a():"),
    ],
    ids=["a-value-patch-patches-the-copy-too", "another-form-is-left", "a-name-nobody-copies"],
)  # fmt: skip
def test_a_patched_botocore_name_that_aiobotocore_copies(patch: str, expected: str) -> None:
    """``aiobotocore.retries.standard`` imports ``NEW_RETRIES_ENABLED`` and reads its own copy
    (the maintainers patch both in 3.9.1): a value patch gets its twin; another form leaves."""
    body = "\n        pass\n" if patch.endswith(":") and "with" in patch else "\n    pass\n"
    result = convert_module("from tests import mock\n\n\n" + patch + body, dialect())
    if expected.startswith("left: "):
        assert result.left == {"test_a": expected.removeprefix("left: ")}
    else:
        assert result.left == {} and expected in result.text


def test_a_session_test_whose_base_lives_elsewhere_moves_to_that_module_s_mirror() -> None:
    """botocore 1.43.75's ``unit/retries/test_standard_retry_v2_1.py`` takes ``BaseRetryTest``
    from ``tests.functional.test_retry``; only ``functional/`` has a fixture giving botocore's
    session, so its session tests go to ``functional/test_retry.py`` (as the maintainers wrote
    them), the base's set-up and helpers with them; a test not using the session stays."""
    retry = HEAD + (
        "class BaseRetryTest(BaseSessionTest):\n    def setUp(self):\n        super().setUp()\n"
        "        self.region = 'us-west-2'\n\n"
        "    def make(self):\n        return self.session.create_client('ddb', self.region)\n"
    )
    unit = (
        "from tests import mock\nfrom tests.functional.test_retry import BaseRetryTest\n\n\n"
        "class TestMax(BaseRetryTest):\n    def test_header(self):\n        client = self.make()\n"
        "        client.list_tables()\n\n"
        "    def test_seeder(self):\n        self.assertEqual(1, 1)\n"
    )
    unit_path, retry_path = "tests/unit/test_max.py", "tests/functional/test_retry.py"
    both = {"tests/__init__.py": PACKAGE, retry_path: retry}
    tests = DictTests({"1.0.0": both, "1.0.1": {**both, unit_path: unit}})
    mirror = {"tests/botocore_tests/unit/test_max.py": "import unittest\n"}
    tree = MemoryTree({**SESSION_FILES, **mirror})
    plan = plan_test_port(PortReport("1.0.0", "1.0.1", [], []), read_registries(tree), tree, tests)
    assert {(o.test, o.status) for o in plan.outcomes} == {
        ("tests/botocore_tests/functional/test_retry.py::test_header", "written"),
        ("tests/botocore_tests/unit/test_max.py::test_seeder", "written"),
    }
    moved = plan.writes["tests/botocore_tests/functional/test_retry.py"]
    assert "def make(patched_session):\n" in moved  # the base's helper came along
    assert "async def test_header(patched_session):\n" in moved
    assert "    async with make(patched_session) as client:\n" in moved
    compile(moved, "test_retry.py", "exec")


def test_a_moved_test_and_the_base_module_s_own_changes_both_land() -> None:
    """The base's module changes in the range too, and is planned after the file whose tests
    move into its mirror: its plan starts from what the move wrote."""
    base = HEAD + (
        "class BaseRetryTest(BaseSessionTest):\n    def setUp(self):\n        super().setUp()\n"
    )
    own = base + (
        "\n\nclass TestOwn(BaseRetryTest):\n    def test_own(self):\n"
        "        self.assertTrue(self.session)\n"
    )
    unit = (
        "from tests.unit.zed.test_base import BaseRetryTest\n\n\n"
        "class TestMoved(BaseRetryTest):\n    def test_moved(self):\n"
        "        self.assertTrue(self.session)\n"
    )
    # Planned in this order: test_moved.py, then zed/test_base.py (only zed/ has the fixture).
    unit_path, base_path = "tests/unit/test_moved.py", "tests/unit/zed/test_base.py"
    tests = DictTests(
        {
            "1.0.0": {"tests/__init__.py": PACKAGE, base_path: base},
            "1.0.1": {"tests/__init__.py": PACKAGE, base_path: own, unit_path: unit},
        }
    )
    conftest = SESSION_FILES["tests/botocore_tests/functional/conftest.py"]
    mirrors = {
        "tests/botocore_tests/unit/test_moved.py": "",
        "tests/botocore_tests/unit/zed/test_base.py": "",
        "tests/botocore_tests/unit/zed/conftest.py": conftest,
    }
    tree = MemoryTree({**SESSION_FILES, **mirrors})
    plan = plan_test_port(PortReport("1.0.0", "1.0.1", [], []), read_registries(tree), tree, tests)
    written = plan.writes["tests/botocore_tests/unit/zed/test_base.py"]
    assert "def test_moved(patched_session):" in written
    assert "def test_own(patched_session):" in written


def test_no_move_into_a_module_that_does_not_parse() -> None:
    from botoport.testport.relocate import relocations

    unit = (
        "from tests.functional.test_retry import BaseRetryTest\n\n\n"
        "class TestMoved(BaseRetryTest):\n    def test_moved(self):\n        self.session\n"
    )
    modules = {"tests/functional/test_retry.py": "class BaseRetryTest(:\n"}
    fixtures = {"tests/functional/test_retry.py": "patched_session"}
    moved = relocations(
        "tests/unit/test_moved.py", unit, ["TestMoved.test_moved"], modules.get, BASES,
        fixtures.get,
    )  # fmt: skip
    assert moved == []


def test_no_move_into_a_mirror_that_does_not_parse() -> None:
    """The base module's mirror is broken: the session test stays in its own file, left there
    with the reason it always had, and nothing crashes."""
    retry = HEAD + "class BaseRetryTest(BaseSessionTest):\n    pass\n"
    unit = (
        "from tests.functional.test_retry import BaseRetryTest\n\n\n"
        "class TestMax(BaseRetryTest):\n    def test_header(self):\n        self.session\n"
    )
    unit_path, retry_path = "tests/unit/test_max.py", "tests/functional/test_retry.py"
    both = {"tests/__init__.py": PACKAGE, retry_path: retry}
    tests = DictTests({"1.0.0": both, "1.0.1": {**both, unit_path: unit}})
    mirrors = {
        "tests/botocore_tests/unit/test_max.py": "",
        "tests/botocore_tests/functional/test_retry.py": "def broken(:\n",
    }
    tree = MemoryTree({**SESSION_FILES, **mirrors})
    plan = plan_test_port(PortReport("1.0.0", "1.0.1", [], []), read_registries(tree), tree, tests)
    [outcome] = plan.outcomes
    assert outcome.test == "tests/botocore_tests/unit/test_max.py::TestMax::test_header"
    assert outcome.status == "left"
