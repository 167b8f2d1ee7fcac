"""What ``botoport port`` plans and writes (port_plan.py): merged overrides, new overrides
and their test_patches.py entries, awaited callers, imports, removals."""

from __future__ import annotations

import pytest


def test_port_command_writes_the_port_and_check_then_finds_it_covered(clone, aio_repo) -> None:
    import json

    from tests.runners import botoport

    pyproject = aio_repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("< 1.0.2", "< 1.0.3"))  # TO 1.0.2
    args = ("--botocore-clone", clone, "--aiobotocore-root", aio_repo)
    dry = botoport("port", *args)
    assert dry.returncode == 0, dry.stderr
    assert "written: RetryPolicy.should_retry -> aiobotocore/retries/standard.py:5" in dry.stdout
    assert "would write aiobotocore/retries/standard.py (pass --write)" in dry.stderr
    done = botoport("port", "--write", *args)
    assert done.returncode == 0
    override = (aio_repo / "aiobotocore/retries/standard.py").read_text()
    assert "    async def should_retry(self, context):\n        return context.attempt < 3\n" in (
        override
    )
    check = botoport("check", "--from", "1.0.1", "--to", "1.0.2", "--format", "json", *args)
    [port] = [f for f in json.loads(check.stdout)["functions"] if f["verdict"] == "port-required"]
    assert port["coverage"]["covered"]
    drift = botoport("drift", "--botocore-version", "1.0.2", *args)
    assert drift.stdout.endswith("OVERRIDE_DRIFT: clean\n")


def test_port_that_does_not_merge_is_left_and_nothing_written(clone, aio_repo) -> None:
    from tests.runners import botoport

    pyproject = aio_repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("< 1.0.2", "< 1.0.3"))
    standard = aio_repo / "aiobotocore/retries/standard.py"
    standard.write_text(standard.read_text().replace("return False", "return self._aio_only()"))
    before = standard.read_text()
    done = botoport("port", "--write", "--botocore-clone", clone, "--aiobotocore-root", aio_repo)
    assert done.returncode == 1
    assert "left: RetryPolicy.should_retry" in done.stdout
    assert "    +        return context.attempt < 3" in done.stdout
    assert standard.read_text() == before


def plan_of(
    old: str, new: str, aio: str, overrides: tuple[str, ...] = (), patches: str | None = None
):
    """The port plan of a one-module change against a one-module aiobotocore tree
    (``patches``: its tests/test_patches.py, else one tracking ``overrides``)."""
    from botoport import MemoryTree, read_registries
    from botoport.port_plan import plan_port

    from tests.snippets import classify, patches_source

    report = classify(old, new, aio=aio, overrides=overrides)
    if patches is None:
        patches = patches_source(list(overrides))
    tree = MemoryTree({"aiobotocore/mod.py": aio, "tests/test_patches.py": patches})
    return plan_port(report, read_registries(tree), tree)


def test_port_makes_the_override_async_and_awaits_its_two_callers() -> None:
    old = "import requests\nclass Client:\n    def fetch(self, u):\n        return u\n"
    new = old.replace("return u", "return requests.get(u)")
    aio = (
        "import requests\nfrom botocore.mod import Client\n\nclass AioClient(Client):\n"
        "    def fetch(self, u):\n        return u\n\n"
        "    async def caller(self, u):\n        return self.fetch(u)\n\n"
        "    async def other(self, u):\n        x = self.fetch(u)\n        return x\n"
    )
    plan = plan_of(old, new, aio)
    assert [o.status for o in plan.outcomes] == ["written"]
    assert plan.writes["aiobotocore/mod.py"] == aio.replace(
        "    def fetch(self, u):\n        return u\n",
        "    async def fetch(self, u):\n        return requests.get(u)\n",
    ).replace("return self.fetch(u)", "return await self.fetch(u)").replace(
        "x = self.fetch(u)", "x = await self.fetch(u)"
    )


def test_a_new_override_is_written_into_the_aio_class() -> None:
    old = "import requests\nclass Client:\n    def run(self, r):\n        return r\n"
    new = old + "    def fetch(self, u):\n        self._send(u)\n        return requests.get(u)\n"
    aio = (
        "from botocore.mod import Client\n\nclass AioClient(Client):\n"
        "    async def _send(self, u):\n        return u\n"
    )
    from botoport.patches.compute import digest_of

    from tests.snippets import patches_source

    patches = patches_source(["Client.run"]).replace(
        "from botocore import", "from botocore.mod import Client\nfrom botocore import"
    )
    plan = plan_of(old, new, aio, patches=patches)
    [outcome] = plan.outcomes
    verdict = outcome.verdict
    assert (verdict.qualname, verdict.signal.value) == ("Client.fetch", "self-async-call")
    assert outcome.status == "written"
    assert outcome.where == "aiobotocore/mod.py:7 AioClient.fetch (new)"
    fetch = "    def fetch(self, u):\n        self._send(u)\n        return requests.get(u)\n"
    digest = digest_of(fetch)
    assert outcome.notes[0] == f"adds (Client.fetch, {{'{digest}'}}) to tests/test_patches.py"
    assert f"        (Client.fetch, {{'{digest}'}}),\n" in plan.writes["tests/test_patches.py"]
    [by_hand] = plan_of(old, new, aio, patches="x = {}\n").outcomes
    assert by_hand.notes[0] == (
        f"add (Client.fetch, {{'{digest}'}}) to tests/test_patches.py by hand "
        "(tests/test_patches.py has no list of (symbol, digests) entries)"
    )
    # isort order: a plain import goes before the from-imports of its section
    with_import = aio.replace("from botocore.mod", "import requests\nfrom botocore.mod")
    assert plan.writes["aiobotocore/mod.py"] == with_import + (
        "\n    async def fetch(self, u):\n        await self._send(u)\n"
        "        return requests.get(u)\n"
    )
    assert outcome.notes[-1] == "adds to aiobotocore/mod.py: import requests"


def test_a_port_merged_where_a_thin_override_hands_its_work() -> None:
    """``AioSession.create_client`` returns a context around ``_create_client``, which holds
    botocore's body: the port goes there."""
    old = "class Session:\n    def create_client(self, name):\n"
    old += "        c = make(name)\n        return c\n"
    new = old.replace("        return c", "        c.ready()\n        return c")
    aio = (
        "from botocore.mod import Session\n\nclass AioSession(Session):\n"
        "    def create_client(self, *args):\n        return Ctx(self._create_client(*args))\n\n"
        "    async def _create_client(self, name):\n        c = make(name)\n        return c\n"
    )
    [outcome] = plan_of(old, new, aio, ("Session.create_client",)).outcomes
    assert (outcome.status, outcome.written) == ("written", "AioSession._create_client")
    assert "hands its work to AioSession._create_client" in outcome.notes[0]


@pytest.mark.parametrize("decorator", ["property", "CachedProperty"])
def test_a_port_awaits_what_the_same_port_makes_async_and_leaves_a_property_that_awaits(
    decorator: str,
) -> None:
    """The dsql functions of botocore 1.35.74 call one another; a property cannot be async, so
    one that must await is left for a person rather than written as code that cannot compile."""
    old = "import requests\nclass Client:\n    def run(self):\n        return 1\n"
    new = old + (
        "    def _fetch(self, u):\n        return requests.get(u)\n\n"
        "    def fetch(self, u):\n        return self._fetch(u)\n\n"
        f"    @{decorator}\n    def token(self):\n        return self._fetch('t')\n"
    )
    aio = "from botocore.mod import Client\n\nclass AioClient(Client):\n    pass\n"
    plan = plan_of(old, new, aio)
    written = plan.writes["aiobotocore/mod.py"]
    assert "    async def fetch(self, u):\n        return await self._fetch(u)\n" in written
    assert "def token" not in written
    token = next(o for o in plan.outcomes if o.verdict.qualname == "Client.token")
    assert token.status == "left"
    assert token.notes[-1].startswith("not written: aiobotocore/mod.py would not compile")
    assert token.notes[-1].endswith("'await' outside async function)")


@pytest.mark.parametrize(
    ("line", "imports", "module", "expected"),
    [
        ("x = dateutil.parser.parse(t)", {"dateutil": "dateutil"}, "", ["import dateutil.parser"]),
        ("x = total_seconds(t)", {"total_seconds": "botocore.utils.total_seconds"}, "",
         ["from botocore.utils import total_seconds"]),
        ("x = ET.fromstring(t)", {"ET": "xml.etree.ElementTree"}, "",
         ["from xml.etree import ElementTree as ET"]),
        ("x = json.dumps(t)", {"json": "json"}, "import json\n", []),
        ("x = helper(t)", {"helper": "botocore.mod.helper"}, "def helper(t):\n    pass\n", []),
    ],
    ids=["a-module-used-by-its-path", "a-name-from-a-module", "a-renamed-import",
         "already-imported", "defined-in-the-module"],
)  # fmt: skip
def test_the_imports_a_written_port_needs(line, imports, module, expected) -> None:
    from botoport.port.imports import add_imports, missing_imports

    function = f"def f(t):\n    {line}\n    return x\n"
    needed = missing_imports(function, imports, module)
    assert needed == expected
    text = add_imports('"""doc."""\nimport os\n\nX = 1\n', needed)
    assert text.startswith('"""doc."""\nimport os\n')  # in its isort section, after os
    assert all(f"\n{s}\n" in text for s in needed) and text.endswith("\nX = 1\n")


REMOVED_OLD = (
    "class Signer:\n    def sign(self, r):\n        self._feature(r)\n        return r\n\n"
    "    def _feature(self, r):\n        return r\n"
)
REMOVED_NEW = "class Signer:\n    def sign(self, r):\n        return r\n"
REMOVED_AIO = (
    "from botocore.mod import Signer\n\nclass AioSigner(Signer):\n"
    "    async def sign(self, r):\n        self._feature(r)\n        return r\n"
)


@pytest.mark.parametrize(
    ("overrides", "status", "note"),
    [
        (("Signer.sign",), "written", "no reference left once the other ports are written"),
        ((), "left", "still named at aiobotocore/mod.py:5"),
    ],
    ids=["its-last-call-goes-with-the-callers-port", "a-call-the-port-does-not-touch-stays"],
)
def test_a_deleted_function_follows_botocore(overrides, status, note) -> None:
    plan = plan_of(REMOVED_OLD, REMOVED_NEW, REMOVED_AIO, overrides)
    removal = next(o for o in plan.outcomes if o.verdict.qualname == "Signer._feature")
    assert removal.status == status
    assert note in removal.notes[0]


def test_a_deleted_function_with_an_override_loses_it() -> None:
    aio = REMOVED_AIO + "\n    async def _feature(self, r):\n        return r\n"
    plan = plan_of(REMOVED_OLD, REMOVED_NEW, aio, ("Signer.sign", "Signer._feature"))
    assert "_feature" not in plan.writes["aiobotocore/mod.py"]


def test_a_renamed_function_renames_its_override() -> None:
    old = "class Client:\n    def _old_name(self, r):\n        x = r + 1\n        return x\n"
    new = old.replace("_old_name", "_new_name")
    aio = (
        "from botocore.mod import Client\n\nclass AioClient(Client):\n"
        "    async def _old_name(self, r):\n        x = r + 1\n        return x\n"
    )
    plan = plan_of(old, new, aio, ("Client._old_name",))
    [outcome] = plan.outcomes
    assert outcome.status == "written"
    assert "    async def _new_name(self, r):\n" in plan.writes["aiobotocore/mod.py"]


def test_a_port_builds_on_what_the_sync_writes() -> None:
    """``sync --write --port``: the new override's entry lands in the test_patches.py the sync
    has already given its digests, not in the file as it was."""
    from botoport import MemoryTree, read_registries
    from botoport.mirror.trees import OverlayTree
    from botoport.port_plan import plan_port

    from tests.snippets import classify, patches_source

    old = "import requests\nclass Client:\n    def run(self, r):\n        return r\n"
    new = old + "    def fetch(self, u):\n        return requests.get(u)\n"
    aio = "from botocore.mod import Client\n\nclass AioClient(Client):\n    pass\n"
    patches = patches_source(["Client.run"]).replace(
        "from botocore import", "from botocore.mod import Client\nfrom botocore import"
    )
    synced = patches.replace("'0000", "'1111")  # the digests the sync added
    tree = MemoryTree({"aiobotocore/mod.py": aio, "tests/test_patches.py": patches})
    report = classify(old, new, aio=aio)
    planned = OverlayTree(tree, {"tests/test_patches.py": synced})
    written = plan_port(report, read_registries(tree), planned).writes["tests/test_patches.py"]
    assert "'1111" in written and "(Client.fetch, {'" in written


# botocore's module at TO defines or imports what the port's new lines use.
SOUND_BOTOCORE = (
    "import time\nfrom botocore.exceptions import Boom\n\n_LIMITS = {'s3': 2}\n\n"
    "class Checker:\n    pass\n\n"
    "class Retry:\n    def check(self, r):\n        return r\n"
)
SOUND_AIO = (
    "from botocore.mod import (\n    DEFAULT,\n    Retry,\n    Zeta,\n)\n\n"
    "class AioRetry(Retry):\n    async def check(self, r):\n        return r\n"
)


@pytest.mark.parametrize(
    ("new_line", "status", "expected"),
    [
        ("return Checker()", "written",
         "from botocore.mod import (\n    DEFAULT,\n    Checker,\n    Retry,\n    Zeta,\n)\n"),
        ("return _LIMITS[r]", "written",
         "from botocore.mod import (\n    _LIMITS,\n    DEFAULT,\n    Retry,\n    Zeta,\n)\n"),
        ("raise Boom()", "written", "from botocore.exceptions import Boom\n"),
        ("return Nowhere(r)", "left",
         "not written: uses Nowhere, which neither aiobotocore/mod.py nor botocore's module "
         "defines or imports"),
        ("return [await_me for _ in r]", "left", "uses await_me"),
    ],
    ids=["a-class-of-botocores-module-joins-its-import", "a-constant-joins-in-isort-order",
         "a-name-botocore-imports", "a-name-defined-nowhere-is-left",
         "a-name-in-a-comprehension-is-left"],
)  # fmt: skip
def test_a_port_writes_only_what_can_run(new_line, status, expected) -> None:
    old = SOUND_BOTOCORE
    new = old.replace("        return r\n", f"        {new_line}\n")
    plan = plan_of(old, new, SOUND_AIO, ("Retry.check",))
    [outcome] = plan.outcomes
    assert outcome.status == status
    if status == "written":
        assert expected in plan.writes["aiobotocore/mod.py"]
        assert f"        {new_line}\n" in plan.writes["aiobotocore/mod.py"]
    else:
        assert "aiobotocore/mod.py" not in plan.writes
        assert expected in outcome.notes[-1]


def test_a_port_that_would_not_compile_is_left_and_the_others_written() -> None:
    """``await`` written inside a function that stays sync (an inner ``def``) parses with ast
    but does not compile: that port is left, the other one in the file is still written."""
    old = (
        "class Creds:\n    def refresh(self):\n        return 1\n\n"
        "    def load(self):\n        def inner():\n            return 1\n        return inner\n"
    )
    new = old.replace("return 1\n\n", "return 2\n\n").replace(
        "            return 1", "            return self._fetch()"
    )
    aio = (
        "from botocore.mod import Creds\n\nclass AioCreds(Creds):\n"
        "    async def refresh(self):\n        return 1\n\n"
        "    async def load(self):\n        def inner():\n            return 1\n"
        "        return inner\n\n"
        "    async def _fetch(self):\n        return 3\n"
    )
    plan = plan_of(old, new, aio, ("Creds.refresh", "Creds.load"))
    by_name = {o.verdict.qualname: o for o in plan.outcomes}
    assert by_name["Creds.refresh"].status == "written"
    assert by_name["Creds.load"].status == "left"
    assert "'await' outside async function" in by_name["Creds.load"].notes[-1]
    written = plan.writes["aiobotocore/mod.py"]
    assert "        return 2\n" in written and "self._fetch()" not in written
    compile(written, "mod.py", "exec")


@pytest.mark.parametrize(
    ("module", "statement", "expected"),
    [
        ("from a import (\n    B,\n    d,\n)\n", "from a import C",
         "from a import (\n    B,\n    C,\n    d,\n)\n"),
        ("from a import B, d\n", "from a import _X", "from a import _X, B, d\n"),
        ("from a import d, B\n", "from a import C", "from a import d, B, C\n"),
        ("from a.b import C\n", "from a import C", "from a import C\nfrom a.b import C\n"),
        ('"""Doc."""\r\nimport os\r\n\r\nX = 1\r\n', "import json",
         '"""Doc."""\r\nimport json\r\nimport os\r\n\r\nX = 1\r\n'),
        ("import os\nfrom . import rel\n\nX = 1\n", "from a import C",
         "import os\n\nfrom a import C\n\nfrom . import rel\n\nX = 1\n"),
        ("import os\n\nfrom botocore import a\n\nfrom aiobotocore.b import C\n",
         "from botocore.c import D",
         "import os\n\nfrom botocore import a\nfrom botocore.c import D\n\n"
         "from aiobotocore.b import C\n"),
        ("import os\n\nfrom botocore import a\n", "import asyncio",
         "import asyncio\nimport os\n\nfrom botocore import a\n"),
        ("from botocore import a\n", "import asyncio",
         "import asyncio\n\nfrom botocore import a\n"),
        ("import os\n\nfrom botocore import a\n\nX = 1\n",
         "from botocore.utils import B\nfrom botocore.utils import c",
         "import os\n\nfrom botocore import a\nfrom botocore.utils import B, c\n\nX = 1\n"),
        ("import os\n\nfrom botocore import a\n\nX = 1\n", "from aiobotocore.config import C",
         "import os\n\nfrom botocore import a\n\nfrom aiobotocore.config import C\n\nX = 1\n"),
    ],
    ids=["joins-a-parenthesised-list", "constants-first", "an-unsorted-list-gets-it-last",
         "another-module-gets-its-own-line-in-order", "crlf-kept", "before-relative-imports",
         "botocore-before-aiobotocore",
         "the-standard-library-section", "a-standard-library-section-of-its-own",
         "two-names-of-one-module-join", "a-first-party-section-of-its-own"],
)  # fmt: skip
def test_where_an_added_import_goes(module, statement, expected) -> None:
    from botoport.port.imports import add_imports

    assert add_imports(module, statement.split("\n")) == expected


def test_the_transition_goes_up_the_chain_of_sync_callers() -> None:
    """#1420: the port makes ``fetch`` async; ``load`` (a ``def``) awaits it and becomes async,
    and ``run`` (already async) awaits ``load``; a property calling ``load`` cannot become
    async, so the port is left rather than written as code that does not compile."""
    old = "import requests\nclass Client:\n    def fetch(self, u):\n        return u\n"
    new = old.replace("return u", "return requests.get(u)")
    aio = (
        "import requests\nfrom botocore.mod import Client\n\nclass AioClient(Client):\n"
        "    def fetch(self, u):\n        return u\n\n"
        "    def load(self, u):\n        return self.fetch(u)\n\n"
        "    async def run(self, u):\n        return self.load(u)\n"
    )
    [outcome] = (plan := plan_of(old, new, aio)).outcomes
    assert outcome.status == "written"
    assert plan.writes["aiobotocore/mod.py"] == (
        aio.replace("    def fetch(self, u):\n        return u", "    async def fetch(self, u):\n"
                    "        return requests.get(u)")
        .replace("    def load(self, u):\n        return self.fetch(u)",
                 "    async def load(self, u):\n        return await self.fetch(u)")
        .replace("return self.load(u)", "return await self.load(u)")
    )  # fmt: skip
    with_property = aio + "\n    @property\n    def value(self):\n        return self.load(1)\n"
    [left] = plan_of(old, new, with_property).outcomes
    assert left.status == "left"
    assert "'await' outside async function" in left.notes[-1]


@pytest.mark.parametrize(
    ("module", "names", "expected"),
    [
        ("from a import (\n    B,\n    C,\n)\nx = 1\n", ["C"],
         "from a import (\n    B,\n)\nx = 1\n"),
        ("from a import B, C\nx = 1\n", ["C"], "from a import B\nx = 1\n"),
        ("import os\r\nfrom a import B\r\nx = 1\r\n", ["B"], "import os\r\nx = 1\r\n"),
        ("import os.path\nfrom a import b as c\nx = 1\n", ["os", "c"], "x = 1\n"),
    ],
    ids=["from-a-parenthesised-list", "the-last-of-a-one-line-list", "a-whole-statement-crlf",
         "by-the-name-they-bind"],
)  # fmt: skip
def test_removing_the_imports_a_port_left_unused(module, names, expected) -> None:
    from botoport.port.imports import remove_imports

    assert remove_imports(module, names) == expected


@pytest.mark.parametrize(
    ("botocore_binds", "dropped"),
    [("FLAG = True\n", True), ("from botocore.other import FLAG  # noqa: F401\n", False)],
    ids=["botocore-defines-it", "botocore-still-imports-it"],
)
def test_a_port_that_takes_the_last_use_of_an_import_drops_it(botocore_binds, dropped) -> None:
    """botocore 1.44 drops `if NEW_RETRIES_ENABLED:`; the import would be left unused (F401).
    Where botocore's module still imports the name (1.44 keeps `NEW_RETRIES_ENABLED` importable
    from `retries/standard.py`), aiobotocore's keeps it too."""
    old = (
        f"{botocore_binds}\nclass Retry:\n    def check(self, r):\n"
        "        if FLAG:\n            return r\n        return None\n"
    )
    new = f"{botocore_binds}\nclass Retry:\n    def check(self, r):\n        return r\n"
    aio = (
        "from botocore.mod import (\n    FLAG,\n    Retry,\n)\n\nclass AioRetry(Retry):\n"
        "    async def check(self, r):\n        if FLAG:\n            return r\n"
        "        return None\n"
    )
    [outcome] = (plan := plan_of(old, new, aio, ("Retry.check",))).outcomes
    assert outcome.status == "written"
    kept = "    FLAG,  # noqa: F401\n" if not dropped else ""  # as botocore marks it
    assert plan.writes["aiobotocore/mod.py"] == (
        f"from botocore.mod import (\n{kept}    Retry,\n)\n\nclass AioRetry(Retry):\n"
        "    async def check(self, r):\n        return r\n"
    )
    assert (outcome.notes[-1:] == ["drops unused imports: FLAG"]) is dropped


def test_port_runs_outside_git_with_from(clone, aio_root) -> None:
    """Where `check` runs, `port` does: a tree outside git names FROM itself."""
    from tests.runners import botoport

    args = ("--botocore-clone", clone, "--aiobotocore-root", aio_root, "--to", "1.0.2")
    refused = botoport("port", *args)
    assert refused.returncode == 3
    assert refused.stderr.endswith("pass --from FROM (HEAD's bounds give it in git)\n")
    done = botoport("port", "--from", "1.0.1", "--write", *args)
    assert done.returncode == 0, done.stderr
    standard = (aio_root / "aiobotocore/retries/standard.py").read_text()
    assert "return context.attempt < 3" in standard


def test_port_reads_an_old_release_s_bounds_from_setup_py(clone, aio_repo) -> None:
    """aiobotocore before 2.13 declares botocore in setup.py: HEAD's bounds come from it."""
    from tests.gitrepos import git
    from tests.runners import botoport

    (aio_repo / "pyproject.toml").unlink()
    setup = aio_repo / "setup.py"
    setup.write_text("setup(install_requires=['botocore>=1.0.0,<1.0.2'])\n")
    git(aio_repo, "add", "-A")
    git(aio_repo, "commit", "-qm", "an old release")
    setup.write_text("setup(install_requires=['botocore>=1.0.0,<1.0.3'])\n")
    done = botoport("port", "--botocore-clone", clone, "--aiobotocore-root", aio_repo)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("botocore 1.0.1 -> 1.0.2: 1 ports\n")


BLOCKING_BOTOCORE = (
    "import time\n\nclass Handler:\n    def __init__(self, sleep=time.sleep):\n"
    "        self._sleep = sleep\n\n    def retry(self, d):\n        return d\n"
)


@pytest.mark.parametrize(
    ("aio_init", "written"),
    [
        ("", "        await asyncio.sleep(d)\n"),
        ("    def __init__(self, *args, sleep=asyncio.sleep, **kwargs):\n"
         "        super().__init__(*args, sleep=sleep, **kwargs)\n\n",
         "        await self._sleep(d)\n"),
    ],
    ids=["time-sleep-held-by-botocore-becomes-asyncio-sleep",
         "the-aio-class-holds-asyncio-sleep-so-it-is-awaited"],
)  # fmt: skip
def test_a_blocking_call_through_an_attribute_is_not_copied(aio_init, written) -> None:
    """1606: botocore's `needs_retry` calls `self._sleep(...)`, which holds `time.sleep`."""
    new = BLOCKING_BOTOCORE.replace(
        "        return d\n", "        self._sleep(d)\n        return d\n"
    )
    aio = (
        "import asyncio\n\nfrom botocore.mod import Handler\n\nclass AioHandler(Handler):\n"
        f"{aio_init}    async def retry(self, d):\n        return d\n"
    )
    [outcome] = (plan := plan_of(BLOCKING_BOTOCORE, new, aio, ("Handler.retry",))).outcomes
    assert outcome.status == "written"
    assert (
        f"    async def retry(self, d):\n{written}        return d\n"
        in (plan.writes["aiobotocore/mod.py"])
    )
    assert outcome.notes[0].startswith("self._sleep holds a blocking call in botocore")


def test_a_new_override_constructs_aio_twins_and_imports_aiobotocore_s_functions() -> None:
    """1389: botocore's new `_client` builds a `Config` and calls `create_nested_client`;
    aiobotocore has `AioConfig` and its own `create_nested_client`: the port uses them."""
    from botoport import FileSources, MemoryTree, classify_sources, read_registries
    from botoport.port_plan import plan_port

    from tests.snippets import patches_source

    old = (
        "from botocore.config import Config\nfrom botocore.utils import create_nested_client\n\n"
        "class Provider:\n    def load(self):\n        return 1\n"
    )
    new = old + (
        "\n    def client(self):\n        config = Config(region_name='x')\n"
        "        return create_nested_client(self, 'sso', config=config)\n"
    )
    files = {
        "aiobotocore/mod.py": (
            "from botocore.mod import Provider\n\n\nclass AioProvider(Provider):\n    pass\n"
        ),
        "aiobotocore/config.py": (
            "from botocore.config import Config\n\n\nclass AioConfig(Config):\n    pass\n"
        ),
        "aiobotocore/utils.py": "def create_nested_client(session, name, **kwargs):\n    pass\n",
        "tests/test_patches.py": patches_source(["Provider.load"]),
    }
    tree = MemoryTree(files)
    registries = read_registries(tree)
    sources = [FileSources("botocore/mod.py", old, new)]
    report = classify_sources(sources, registries, tree, "1.0.0", "1.0.1")
    [verdict] = report.verdicts
    assert (verdict.qualname, verdict.verdict.value) == ("Provider.client", "port-required")
    [outcome] = (plan := plan_port(report, registries, tree)).outcomes
    assert outcome.status == "written"
    written = plan.writes["aiobotocore/mod.py"]
    assert "        config = AioConfig(region_name='x')\n" in written
    assert "from aiobotocore.config import AioConfig\n" in written
    assert "from aiobotocore.utils import create_nested_client\n" in written
    assert "from botocore.utils import create_nested_client" not in written


CONTEXT_AIO = """\
from botocore.mod import Provider, Session


class ClientCreatorContext:
    async def __aenter__(self):
        return None

    async def __aexit__(self, *exc):
        return None


class AioSession(Session):
    def create_client(self, *args):
        return ClientCreatorContext(self._create_client(*args))

    async def _create_client(self, *args):
        return None


class AioProvider(Provider):
    pass
"""
CONTEXT_OLD = """\
class Session:
    def create_client(self, name):
        return name


class Provider:
    def load(self):
        return 1


def nested(name):
    s = Session()
    return name.upper()
"""


@pytest.mark.parametrize(
    ("nested", "decorator", "status", "note"),
    [
        ("    return s.create_client(name)\n", "property", "written", ""),
        ("    try:\n        return s.create_client(name)\n"
         "    finally:\n        print(name)\n", "property", "left",
         "returns the async context of `s.create_client(...)` from inside try/finally"),
        ("    return s.create_client(name)\n", "CachedProperty", "written",
         "its value is an async context, entered once: written as @property"),
    ],
    ids=["handed-back-unawaited", "inside-try-finally-is-left", "a-cached-one-is-not-cached"],
)  # fmt: skip
def test_an_async_context_is_handed_on_never_awaited(nested, decorator, status, note) -> None:
    """#1389: aiobotocore's ``Session.create_client`` hands back ``ClientCreatorContext``, an
    async context manager; botocore's new ``create_nested_client`` returns it from inside
    ``try``/``finally`` (left: the caller would enter it after the ``finally``); its callers
    hand it on, and a cached property of it becomes a plain property (entered once)."""
    new = CONTEXT_OLD.replace("    return name.upper()\n", nested).replace(
        "        return 1\n",
        f"        return 1\n\n    @{decorator}\n    def client(self):\n"
        "        return nested('sso')\n",
    )
    plan = plan_of(CONTEXT_OLD, new, CONTEXT_AIO)
    outcomes = {o.verdict.qualname: o for o in plan.outcomes}
    assert outcomes["nested"].status == status
    assert {o.verdict.signal.value for o in plan.outcomes} == {"async-context-call"}
    written = plan.writes.get("aiobotocore/mod.py", "")
    assert "await" not in written
    client = outcomes["Provider.client"]
    assert client.status == "written"
    assert "    @property\n    def client(self):\n        return nested('sso')\n" in written
    notes = " | ".join(outcomes["nested"].notes + client.notes)
    assert note in notes
    if status == "left":
        assert "calls botocore's nested until its port (left) is written" in notes
    else:
        assert (
            "def nested(name):\n    s = AioSession()\n    return s.create_client(name)\n" in written
        )


@pytest.mark.parametrize("configured", [True, False], ids=["tool-ruff", "no-ruff-config"])
def test_written_files_follow_the_project_s_ruff(clone, aio_repo, monkeypatch, configured):
    """Where the project configures ruff, what botoport writes passes its ruff check (import
    order) and format; elsewhere the file's own layout is kept."""
    import subprocess
    import sys
    from pathlib import Path

    from tests.gitrepos import git
    from tests.runners import botoport

    pyproject = aio_repo / "pyproject.toml"
    text = pyproject.read_text()
    if configured:
        text += '\n[tool.ruff]\nline-length = 79\n\n[tool.ruff.format]\nquote-style = "single"\n'
    pyproject.write_text(text)
    standard = aio_repo / "aiobotocore/retries/standard.py"
    standard.write_text("import sys\nimport asyncio\n" + standard.read_text())
    git(aio_repo, "commit", "-qam", "unsorted imports")
    pyproject.write_text(text.replace("< 1.0.2", "< 1.0.3"))  # TO 1.0.2
    bin_dir = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    done = botoport("port", "--write", "--botocore-clone", clone, "--aiobotocore-root", aio_repo)
    assert done.returncode == 0, done.stderr
    written = standard.read_text()
    assert "return context.attempt < 3" in written
    ruff = [f"{bin_dir}/ruff", "--quiet"]
    checked = subprocess.run([*ruff, "check", "--select", "I001", str(standard)], cwd=aio_repo)
    formatted = subprocess.run([*ruff, "format", "--check", str(standard)], cwd=aio_repo)
    if configured:
        assert (checked.returncode, formatted.returncode) == (0, 0)
    else:
        assert written.startswith("import sys\nimport asyncio\n")


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("from a import (\n    B,\n    C,\n)\n",
         "from a import (\n    B,\n    C,  # noqa: F401\n)\n"),
        ("from x import Y, C\n", "from x import Y, C  # noqa: F401\n"),
        ("from x import C  # kept\n", "from x import C  # kept\n"),
    ],
    ids=["its-own-line-in-a-parenthesised-list", "a-one-line-statement", "a-comment-is-kept"],
)  # fmt: skip
def test_an_import_kept_for_others_is_marked_as_botocore_marks_it(module, expected) -> None:
    from botoport.port.imports import mark_kept

    assert mark_kept(module, ["C"]) == expected


def test_a_decorated_sync_override_keeps_its_blocking_call() -> None:
    """Only an async override trades botocore's blocking ``self._sleep`` for asyncio's; a
    decorated ``def`` is not async for its decorator."""
    new = BLOCKING_BOTOCORE.replace(
        "        return d\n", "        self._sleep(d)\n        return d\n"
    )
    aio = (
        "import functools\n\nfrom botocore.mod import Handler\n\nclass AioHandler(Handler):\n"
        "    @functools.lru_cache\n    def retry(self, d):\n        return d\n"
    )
    [outcome] = (plan := plan_of(BLOCKING_BOTOCORE, new, aio, ("Handler.retry",))).outcomes
    assert outcome.status == "written" and outcome.notes == []
    written = plan.writes["aiobotocore/mod.py"]
    assert "    def retry(self, d):\n        self._sleep(d)\n        return d\n" in written
