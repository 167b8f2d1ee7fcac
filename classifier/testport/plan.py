"""``port --tests`` for a range: which of botocore's tests aiobotocore gets, converted and
placed, with every test left out and why. Pure: sources in, texts and outcomes out.

Which files: botocore's ``tests/unit`` and ``tests/functional`` modules the range changed that
aiobotocore mirrors, and those that name what the port changes (a port-required function, or a
class whose Aio twin it changes) — only these get a new mirror, besides a mirror ``backfill``
names. Which tests: those the range added or changed (``backfill``: every test of botocore's
file the mirror lacks — all of them for a mirror not written yet), with the helpers they use
that the mirror lacks. A test the mirror already has is never rewritten."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from botoport.mirror.trees import SourceTree
from botoport.port.classify import PortReport
from botoport.port.registries import Registries
from botoport.port.rules import Signal, Verdict
from botoport.port.soundness import problems_added
from botoport.testport.class_names import with_twin_class_names
from botoport.testport.convert import Converted, convert_module, helper_kinds
from botoport.testport.dialect import AioDialect
from botoport.testport.files import (
    TestFiles,
    data_files_named,
    is_test_module,
    mirror_path,
    mirror_root,
)
from botoport.testport.items import Item, changed_tests, read_items, with_helpers
from botoport.testport.mirror_fit import misfits
from botoport.testport.place import licence_header, placed
from botoport.testport.pytest_style import adapt_to_pytest_classes, lift_to_functions
from botoport.testport.relocate import relocations
from botoport.testport.session_tests import SessionLift, lift_session_tests, session_bases
from botoport.testport.shared_fixture import FixtureCopy, section_conftest, shared_fixture

_PACKAGE = "tests/__init__.py"
_MAX_ROUNDS = 20  # a test left out per round at most; more problems than this: the file is left


@dataclass(frozen=True)
class TestOutcome:
    """One botocore test: ``written`` to its mirror, ``left`` out (``why``), ``covered`` (the
    mirror has it as botoport writes it) or ``kept`` (the mirror has its own version, which
    botoport does not rewrite); or a mirror file ``orphaned`` by botocore deleting its
    original (the test id is the file)."""

    test: str  # the mirror's pytest id: tests/botocore_tests/unit/test_x.py::TestY::test_z
    status: str
    why: str = ""


@dataclass(frozen=True)
class TestPackage:
    """What botocore's test package (``tests/__init__.py``) gives its tests: the names of its
    ``unittest.TestCase`` classes, and its session classes with the function making their
    ``self.session`` (``BaseSessionTest`` -> ``create_session``)."""

    unittest_bases: list[str]
    session_bases: dict[str, str]

    @classmethod
    def read(cls, text: str) -> TestPackage:
        """The package's facts from its text."""
        return cls(testcase_bases(text), session_bases(text))


@dataclass
class TestPortPlan:
    """The outcome of each test and the text of each mirror file to write."""

    outcomes: list[TestOutcome] = field(default_factory=list)
    writes: dict[str, str] = field(default_factory=dict)
    data_files: list[str] = field(default_factory=list)  # fixtures copied beside the tests

    def with_status(self, status: str) -> list[TestOutcome]:
        """The outcomes of one status, in order."""
        return [o for o in self.outcomes if o.status == status]


def plan_test_port(
    report: PortReport,
    registries: Registries,
    tree: SourceTree,
    tests: TestFiles,
    backfill: Sequence[str] = (),
) -> TestPortPlan:
    """Convert and place the tests ``report``'s range calls for (nothing is written here).
    ``backfill``: mirror paths whose missing tests are wanted too."""
    from_v, to_v = report.from_version, report.to_version
    root = mirror_root(tree)
    dialect = AioDialect(registries, tree, root)
    package = TestPackage.read(tests.read(to_v, _PACKAGE) or "")
    touched = port_names(report)
    filled = {f"tests/{p.removeprefix(root + '/')}": p for p in backfill}
    plan = TestPortPlan()
    parallel = {v.qualname.split(".")[0] for v in report.verdicts if v.signal is Signal.PARALLEL}
    changed = [p for p in tests.changed_files(from_v, to_v) if is_test_module(p)]
    context = _Context(dialect, package)
    read = functools.partial(tests.read, to_v)

    def fixture_of(botocore_path: str) -> str | None:  # in reach: a move goes where one is
        return _session_fixture(context, mirror_path(root, botocore_path), copied=False)

    for path in sorted(set(changed) | set(filled)):
        after = tests.read(to_v, path)
        target = mirror_path(root, path)
        mirror = _current(plan, tree, target)
        if after is None:
            if mirror is not None and tests.read(from_v, path) is not None:
                plan.outcomes.append(_orphaned(target, path))
            elif path in filled:
                why = f"botocore {to_v} has no {path} to mirror"
                plan.outcomes.append(TestOutcome(target, "left", why))
            continue
        if mirror is None and path not in filled and not names_any(after, touched):
            continue
        before = tests.read(from_v, path)
        broken = _parse_problem(target, mirror) or _parse_problem(f"{path}@{to_v}", after)
        broken = broken or _parse_problem(f"{path}@{from_v}", before)
        broken = broken or _conftest_problem(tree, target)
        if broken:  # the whole file is left, the others go on
            plan.outcomes.append(TestOutcome(target, "left", broken))
            continue
        wanted = changed_tests(before, after)
        if path in filled:  # and every test the mirror lacks
            present = read_items(mirror or "")
            wanted += [q for q, i in read_items(after).items() if i.is_test and q not in present]
            wanted = list(dict.fromkeys(wanted))
        moved = relocations(path, after, wanted, read, package.session_bases, fixture_of)
        moved = [r for r in moved if not _unreadable(plan, tree, mirror_path(root, r.module))]
        wanted = [q for q in wanted if not any(q in r.tests for r in moved)]
        first = len(plan.outcomes)
        placed_items = _plan_file(plan, context, _MirrorFile(target, mirror, after), wanted)
        _with_shared_fixture(plan, context, target)
        for relocation in moved:  # after the file: the base module's mirror may be written
            moved_to = mirror_path(root, relocation.module)
            file = _MirrorFile(moved_to, _current(plan, tree, moved_to), relocation.text)
            placed_items += _plan_file(plan, context, file, relocation.tests)
            _with_shared_fixture(plan, context, moved_to)
        _note_parallel(plan, first, read_items(after), parallel)
        for data in sorted(data_files_named(placed_items, path)):
            _with_data_file(plan, tree, tests.read(to_v, data), mirror_path(root, data))
    return plan


def _unreadable(plan: TestPortPlan, tree: SourceTree, target: str) -> str:
    """Why tests cannot move into the mirror ``target`` ("" when they can): it, or a
    ``conftest.py`` above it, does not parse."""
    return _parse_problem(target, _current(plan, tree, target)) or _conftest_problem(tree, target)


def _current(plan: TestPortPlan, tree: SourceTree, target: str) -> str | None:
    """The mirror file ``target`` as this plan leaves it so far: what it already writes there
    (tests moved in from another file) comes before the tree's text."""
    return plan.writes[target] if target in plan.writes else tree.read(target)


def _session_fixture(context: _Context, target: str, copied: bool = True) -> str | None:
    """The fixture in reach of the mirror file ``target`` that gives botocore's session; else
    (``copied``) the one another section's conftest has, to be copied into the section of
    ``target``."""
    function = next(iter(context.package.session_bases.values()), "")
    in_reach = context.dialect.fixture_returning(target, function)
    if in_reach is not None or not function or not copied:
        return in_reach
    copy = _shared_copy(context, target, function)
    return copy.name if copy is not None else None


def _shared_copy(context: _Context, target: str, function: str) -> FixtureCopy | None:
    """The session fixture copied into the section conftest of ``target`` (once per section;
    None when no section has one, or the copy would not run)."""
    dialect = context.dialect
    conftest = section_conftest(dialect.mirror_root, target)
    if conftest not in context.shared:
        copy = shared_fixture(dialect.tree, dialect.mirror_root, target, function)
        before = dialect.tree.read(conftest) or ""
        if copy is not None and problems_added(before, copy.text, conftest):
            copy = None
        context.shared[conftest] = copy
    return context.shared[conftest]


def _with_shared_fixture(plan: TestPortPlan, context: _Context, target: str) -> None:
    """The section conftest with the copied session fixture, when the tests written to
    ``target`` take it."""
    copy = context.shared.get(section_conftest(context.dialect.mirror_root, target))
    written = plan.writes.get(target)
    if copy is not None and written is not None and names_any(written, [copy.name]):
        plan.writes.setdefault(copy.conftest, copy.text)


def _orphaned(target: str, path: str) -> TestOutcome:
    """A mirror whose botocore file the range deleted: its botocore tests test what botocore
    no longer has (or now tests elsewhere). Never removed here: the mirror may hold
    aiobotocore's own tests too."""
    why = (
        f"botocore deleted {path} in the range: remove the tests it mirrors (or move them "
        "where botocore moved them) by hand"
    )
    return TestOutcome(target, "orphaned", why)


def _already_there(
    target: str, qualname: str, ours: dict[str, Item], theirs: dict[str, Item]
) -> TestOutcome:
    """A wanted test the mirror has: as botoport writes it (``covered``: a second run), or
    its own version, which botoport never rewrites (``kept``)."""
    test = _test_id(target, qualname)
    if qualname in ours and ours[qualname].shape == theirs[qualname].shape:
        return TestOutcome(test, "covered", "the mirror has it as botoport writes it")
    return TestOutcome(test, "kept", "the mirror has its own version; botocore changed it")


def _parse_problem(name: str, text: str | None) -> str:
    """Why ``text`` cannot be read as Python ("" when it can, or when there is none)."""
    try:
        read_items(text or "")  # parsed once: the plan reads the same items next
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        return f"{name} does not parse ({exc.__class__.__name__} at line {line}); fix it first"
    return ""


def _conftest_problem(tree: SourceTree, target: str) -> str:
    """Why a ``conftest.py`` above the mirror file cannot be read ("" when each can): its
    fixtures, which the conversion types by, would be unknown."""
    parts = target.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        path = "/".join([*parts[:depth], "conftest.py"])
        problem = _parse_problem(path, tree.read(path))
        if problem:
            return problem
    return ""


def _note_parallel(
    plan: TestPortPlan, first: int, items: dict[str, Item], parallel: set[str]
) -> None:
    """A written test of a class aiobotocore re-implements in parallel (the port leaves that
    change as a note) fails until a person ports it: its outcome says so."""
    for index in range(first, len(plan.outcomes)):
        outcome = plan.outcomes[index]
        qualname = outcome.test.partition("::")[2].replace("::", ".")
        item = items.get(qualname)
        if outcome.status != "written" or item is None:
            continue
        body = ast.unparse(item.node)  # or its class is named after it: TestStreamingBody
        named = sorted(n for n in parallel if names_any(body, [n]) or n in (item.owner or ""))
        if named:
            why = f"fails until the parallel implementation of {named[0]} is ported by hand"
            plan.outcomes[index] = TestOutcome(outcome.test, "written", why)


def _with_data_file(plan: TestPortPlan, tree: SourceTree, text: str | None, target: str) -> None:
    """A data file the written tests load, copied beside them unless the mirror has it."""
    if text is not None and tree.read(target) is None and target not in plan.writes:
        plan.writes[target] = text
        plan.data_files.append(target)


def port_names(report: PortReport) -> set[str]:
    """The functions the port changes and the classes they belong to (bare names)."""
    found: set[str] = set()
    for verdict in report.verdicts:
        if verdict.verdict is Verdict.PORT_REQUIRED:
            found.update(part for part in verdict.qualname.split(".") if part)
    return found


def names_any(text: str, names: Iterable[str]) -> bool:
    """``text`` names one of ``names`` as a word."""
    wanted = "|".join(map(re.escape, sorted(set(names))))
    return bool(wanted) and re.search(rf"\b(?:{wanted})\b", text) is not None


def testcase_bases(package: str) -> list[str]:
    """The classes of botocore's test package deriving from ``unittest.TestCase``."""
    try:
        tree = ast.parse(package)
    except SyntaxError:
        return []
    found = {"TestCase", "unittest.TestCase"}
    for _ in range(len(tree.body)):
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and any(ast.unparse(b) in found for b in node.bases):
                found.add(node.name)
    return sorted(found)


@dataclass(frozen=True)
class _MirrorFile:
    """One mirror file being planned: its path, its text (None: it does not exist yet) and
    the botocore module it mirrors, at TO."""

    target: str
    mirror: str | None
    after: str

    @property
    def header(self) -> str:
        """The licence header a new mirror opens with ("" for an existing one)."""
        return licence_header(self.after) if self.mirror is None else ""


@dataclass(frozen=True)
class _Context:
    """What every file of the plan is converted with."""

    dialect: AioDialect
    package: TestPackage
    # section conftest -> the session fixture copied into it (None: none to copy)
    shared: dict[str, FixtureCopy | None] = field(default_factory=dict)


def _plan_file(
    plan: TestPortPlan, context: _Context, file: _MirrorFile, wanted: list[str]
) -> list[ast.AST]:
    """Plan one mirror file; the botocore items it places (their nodes), none if nothing."""
    theirs = read_items(file.mirror) if file.mirror is not None else {}
    present = set(theirs)
    if not wanted:
        return []
    converted, wanted, left = _converted(context, file, wanted, present)
    items = read_items(converted.text)
    for qualname in [q for q in wanted if q in present]:
        plan.outcomes.append(_already_there(file.target, qualname, items, theirs))
    wanted = [q for q in wanted if q not in present]
    if not wanted:
        return []
    for qualname, why in misfits(wanted, items, converted, file.mirror, present).items():
        left.setdefault(qualname, why)
    placed_items = _place_sound(plan, context.dialect, file, converted, wanted, left)
    for qualname in wanted:
        status, why = ("left", left[qualname]) if qualname in left else ("written", "")
        plan.outcomes.append(TestOutcome(_test_id(file.target, qualname), status, why))
    return placed_items


def _converted(
    context: _Context, file: _MirrorFile, wanted: list[str], present: set[str]
) -> tuple[Converted, list[str], dict[str, str]]:
    """botocore's module converted for the wanted tests: the conversion, the wanted tests
    under their names in it (a lifted method is a function now) and those left, with why."""
    dialect = context.dialect
    # Everything the wanted tests use, the mirror's own versions included (set-ups compared).
    source = _reduced(file.after, with_helpers(wanted, read_items(file.after), set()))
    session = _lift_sessions(context, file, source, wanted, present)
    wanted = [session.lifted.get(q, q) for q in wanted]
    fixtures = dialect.fixture_types(file.target)
    copy = context.shared.get(section_conftest(dialect.mirror_root, file.target))
    if copy is not None:  # the session fixture this file's tests will find there
        fixtures = {**dialect.fixture_types_in(copy.text), **fixtures}
    kinds = helper_kinds(file.mirror) if file.mirror is not None else {}
    bases = context.package.unittest_bases
    text = with_twin_class_names(session.text, dialect.registered_twin)
    converted = convert_module(text, dialect, bases, fixtures, kinds)
    converted.left = {**converted.left, **session.left}  # why it is not a function wins
    if session.uses_pytest:
        converted.imports.setdefault("pytest", "pytest")
    if file.mirror is not None:
        _adapt_to_pytest_classes(converted, file.mirror, wanted)
    items = read_items(converted.text)
    left = {q: _why_left(q, items, converted, present) for q in wanted}
    left = {q: why for q, why in left.items() if why}
    lifted = _lift(converted, dialect, [q for q in left if _class_left(q, converted, present)])
    wanted = [lifted.get(q, q) for q in wanted]
    return converted, wanted, {q: why for q, why in left.items() if q not in lifted}


def _lift_sessions(
    context: _Context, file: _MirrorFile, source: str, wanted: list[str], present: set[str]
) -> SessionLift:
    """The wanted session tests of classes the mirror does not keep, lifted to functions over
    the fixture in reach that gives botocore's session."""
    sessions = context.package.session_bases
    fixture = _session_fixture(context, file.target)
    classes_kept = {q.rpartition(".")[0] for q in present}  # the mirror's own classes stay
    liftable = [q for q in wanted if q.partition(".")[0] not in classes_kept]
    return lift_session_tests(source, liftable, sessions, fixture)


def _place_sound(
    plan: TestPortPlan,
    dialect: AioDialect,
    file: _MirrorFile,
    converted: Converted,
    wanted: list[str],
    left: dict[str, str],
) -> list[ast.AST]:
    """Place the tests not left and keep the file only if it runs; a test behind a problem is
    left with it, the file planned again without it. The botocore items placed (their
    nodes)."""
    mirror, target = file.mirror, file.target
    items = read_items(converted.text)
    present = set(read_items(mirror)) if mirror is not None else set()
    for _ in range(_MAX_ROUNDS):
        keep = [q for q in wanted if q not in left]
        if not keep:
            return []
        needed = with_helpers(keep, items, present)
        text = placed(mirror, converted, needed, file.header)
        problems = problems_added(mirror or "", text, target)
        if not problems:
            plan.writes[target] = text
            if mirror is None:
                _with_packages(plan, dialect.tree, target)
            return [items[q].node for q in needed if q in items]
        culprit = _holding(text, problems[0].line, keep)
        why = f"what it writes would not run: {problems[0].text.partition(': ')[2]}"
        for qualname in culprit or keep:
            left[qualname] = why
    for qualname in wanted:  # still problems after every round: nothing of the file is written
        left.setdefault(qualname, f"the file would not run after {_MAX_ROUNDS} attempts")
    return []


def _reduced(text: str, needed: list[str]) -> str:
    """``text`` without the functions, classes and test methods no wanted test needs (they
    are not converted: a module of hundreds of tests costs only what is ported)."""
    items = read_items(text)
    keep = set(needed) | {q.rpartition(".")[0] for q in needed}
    drop: list[Item] = []
    for qualname, item in items.items():
        definition = isinstance(item.node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        if qualname in keep or not definition:
            continue
        if item.owner is None or (item.is_test and item.owner in keep):
            drop.append(item)
    kept_members = {q.rpartition(".")[0] for q in items if "." in q and items[q] not in drop}
    drop = [i for i in drop if i.owner is None or i.owner in kept_members]  # no empty class
    lines = text.splitlines(keepends=True)
    gone = {n for i in drop for n in range(i.first_line, (i.node.end_lineno or 0) + 1)}
    return "".join(line for number, line in enumerate(lines, 1) if number not in gone)


def _class_left(qualname: str, converted: Converted, present: set[str]) -> bool:
    """A method left out for its class's sake (a base the mirror package lacks), in a class
    the mirror does not have."""
    owner = qualname.rpartition(".")[0]
    reason = converted.left.get(owner) or converted.left.get(f"{owner}.*")
    own = converted.left.get(qualname, reason)  # a reason of its own keeps it out
    return bool(owner) and owner not in present and reason is not None and own == reason


def _lift(converted: Converted, dialect: AioDialect, qualnames: list[str]) -> dict[str, str]:
    """Methods whose class cannot come, written as module functions where they can be:
    ``{old qualname: new}``."""
    if not qualnames:
        return {}
    lifted = lift_to_functions(converted.text, qualnames, dialect.async_mark)
    converted.text = lifted.text
    if lifted.uses_pytest:
        converted.imports.setdefault("pytest", "pytest")
    return lifted.lifted


def _adapt_to_pytest_classes(converted: Converted, mirror: str, wanted: list[str]) -> None:
    """The wanted methods of unittest classes the mirror keeps in pytest style, rewritten for
    the mirror's fixtures (or left out, with why)."""
    adapted = adapt_to_pytest_classes(converted.text, mirror, wanted)
    converted.text = adapted.text
    for qualname, why in adapted.left.items():
        converted.left.setdefault(qualname, why)
    if adapted.uses_pytest:
        converted.imports.setdefault("pytest", "pytest")


def _with_packages(plan: TestPortPlan, tree: SourceTree, target: str) -> None:
    """An empty ``__init__.py`` in each folder a new mirror opens (the mirrors are packages:
    their tests import each other relatively)."""
    parts = target.split("/")[:-1]
    for depth in range(2, len(parts) + 1):
        package = "/".join([*parts[:depth], "__init__.py"])
        if tree.read(package) is None:
            plan.writes.setdefault(package, "")


def _why_left(
    qualname: str, items: dict[str, Item], converted: Converted, present: set[str]
) -> str:
    """Why a test cannot be converted ("" when it can): its own reason, its class's, or a
    helper's it needs."""
    owner = qualname.rpartition(".")[0]
    for key in (qualname, f"{owner}.*", owner):
        if key and key in converted.left:
            return converted.left[key]
    for key, why in converted.left.items():  # the class's set-up and helpers
        if owner and key.startswith(f"{owner}.") and key in items and not items[key].is_test:
            return f"needs {key}, which is left out: {why}"
    for helper in with_helpers([qualname], items, present):
        if helper == qualname:
            continue
        inner = [k for k in converted.left if k.startswith(f"{helper}.")]
        for key in [helper, *inner]:  # a base class comes with its set-up
            is_test = key in items and items[key].is_test  # a set-up may be renamed
            if key in converted.left and (key == helper or not is_test):
                return f"needs {key}, which is left out: {converted.left[key]}"
    return ""


def _holding(text: str, line: int, candidates: list[str]) -> list[str]:
    """The candidates whose definition in ``text`` holds ``line`` (innermost first)."""
    found = []
    for qualname, item in read_items(text).items():
        end = getattr(item.node, "end_lineno", None) or item.node.lineno
        if qualname in candidates and item.first_line <= line <= end:
            found.append(qualname)
    if found:
        return found[-1:]
    owners = {q.rpartition(".")[0] for q in candidates}
    for qualname, item in read_items(text).items():
        end = getattr(item.node, "end_lineno", None) or item.node.lineno
        if qualname in owners and item.first_line <= line <= end:
            return [q for q in candidates if q.startswith(f"{qualname}.")]
    return []


def _test_id(path: str, qualname: str) -> str:
    return f"{path}::{qualname.replace('.', '::')}"
