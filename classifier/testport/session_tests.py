"""botocore's session tests as module functions over the mirror folder's session fixture.

botocore writes a test that needs a real session as a method of a class based on its test
package's ``BaseSessionTest`` (its ``setUp``: a credentials-only environment and ``self.session
= create_session()``), often through a base of the module (``BaseRetryTest``: ``self.region``,
a patch started in ``setUp``, helper methods). aiobotocore's mirror package has no such class;
its functional mirrors write these tests as module functions taking a fixture that returns the
same ``create_session()`` (``patched_session``). Where the mirror's folder has that fixture, a
wanted method of such a class is lifted to that form before the conversion to the async
dialect:

- ``self.session`` -> the fixture, taken as the function's first parameter;
- ``self.x`` that a set-up of the class or its bases assigns a constant -> the constant;
- a patch a set-up starts (``self.p = mock.patch(t)``, ``self.p.start()``) -> ``with
  mock.patch(t):`` around the test's body; the class's own decorators that patch a value stay
  on each test;
- environment a set-up hands ``BaseSessionTest`` (``super().setUp(AWS_RETRY_MODE='legacy')``)
  -> ``monkeypatch.setenv(...)`` first in the test;
- ``self.helper(...)`` -> a module function ``helper(...)`` lifted with it (taking the fixture
  when it uses the session); ``self.assertEqual(a, b)`` -> ``assert a == b``.

A set-up doing anything else, or a ``self.x`` none of these give, keeps the class's tests out,
with the reason. Pure: texts in, text out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import libcst as cst
from botoport.syntax.functions import is_docstring, module_imports
from botoport.syntax.receivers import self_attribute, self_reads
from botoport.testport.items import bound_names, parsed
from botoport.testport.patching import patches_a_value
from botoport.testport.pytest_style import (
    PytestClass,
    Unsupported,
    functions_after_classes,
    rewrite_asserts,
)

_SET_UP, _TEAR_DOWN = "setUp", "tearDown"
_LIFECYCLE = {"setUpClass", "tearDownClass", "asyncSetUp", "asyncTearDown"}


def session_bases(package: str) -> dict[str, str]:
    """The classes of botocore's test package whose ``setUp`` makes ``self.session`` by a call
    of a package function: ``{class: function}`` (``BaseSessionTest`` -> ``create_session``)."""
    try:
        tree = ast.parse(package)
    except SyntaxError:
        return {}
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for statement in ast.walk(_method(node, _SET_UP) or ast.Pass()):
            if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
                func = statement.value.func
                targets = [self_attribute(t) for t in statement.targets]
                if "session" in targets and isinstance(func, ast.Name):
                    found[node.name] = func.id
    return found


@dataclass
class SessionLift:
    """The module with session tests lifted (``{old qualname: new}``), those of them that take
    the fixture (they use the session), the wanted tests of session classes that could not be
    (``{qualname: why}``), and whether ``pytest`` is now used."""

    text: str
    lifted: dict[str, str] = field(default_factory=dict)
    left: dict[str, str] = field(default_factory=dict)
    uses_pytest: bool = False
    with_fixture: set[str] = field(default_factory=set)


@dataclass
class _SetUp:
    """What a session class's set-ups give besides the session."""

    constants: dict[str, str] = field(default_factory=dict)  # attribute -> its constant's code
    patches: list[str] = field(default_factory=list)  # the patch calls set-ups start
    environ: dict[str, str] = field(default_factory=dict)  # variable -> its value's code


def lift_session_tests(
    text: str, wanted: Iterable[str], bases: Mapping[str, str], fixture: str | None
) -> SessionLift:
    """``text`` (a botocore test module) with the wanted methods of its session classes —
    classes deriving, through the module, from one of ``bases`` — lifted to module functions
    taking ``fixture``; None: no fixture in reach, and those tests are left with why."""
    tree = ast.parse(text)
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    by_class: dict[str, list[str]] = {}
    for qualname in wanted:
        owner, _, name = qualname.partition(".")
        if name and "." not in name and session_chain(owner, classes, bases) is not None:
            by_class.setdefault(owner, []).append(name)
    result = SessionLift(text)
    if not by_class:
        return result
    if fixture is None:
        for owner, names in by_class.items():
            why = _no_fixture(owner, classes, bases)
            result.left.update({f"{owner}.{n}": why for n in names})
        return result
    module = cst.parse_module(text)
    lifter = _Lifter(fixture, classes, bases, module)
    for owner, names in by_class.items():
        lifter.lift_class(owner, names, result)
    if lifter.functions:
        result.text = _inserted(module, lifter).code
    result.uses_pytest = lifter.uses_pytest
    return result


def _no_fixture(owner: str, classes: dict[str, ast.ClassDef], bases: Mapping[str, str]) -> str:
    chain = session_chain(owner, classes, bases) or []
    base = next(iter(_bases(classes[chain[-1]]) & set(bases)))
    return (
        f"{owner} is a session test ({base}); no conftest.py above the mirror has a fixture "
        f"returning {bases[base]}()"
    )


def session_chain(
    name: str, classes: dict[str, ast.ClassDef], bases: Mapping[str, str]
) -> list[str] | None:
    """The class and its module bases, nearest first, when the last derives from a session
    base (and each from one class only); else None."""
    chain: list[str] = []
    while name in classes and name not in chain:
        chain.append(name)
        parents = _bases(classes[name])
        if parents & set(bases):
            return chain if len(parents) == 1 else None
        if len(parents) != 1:
            return None
        name = next(iter(parents))
    return None


def _bases(node: ast.ClassDef) -> set[str]:
    return {ast.unparse(b) for b in node.bases}


def _method(node: ast.ClassDef, name: str) -> ast.FunctionDef | None:
    for inner in node.body:
        if isinstance(inner, ast.FunctionDef) and inner.name == name:
            return inner
    return None


def _set_up(chain: list[str], classes: dict[str, ast.ClassDef]) -> _SetUp:
    """What the set-ups of ``chain`` give (the farthest base first: a nearer one overrides),
    or ``Unsupported`` when one does more than a session test's set-up."""
    given = _SetUp()
    for name in reversed(chain):
        cls = classes[name]
        for member in cls.body:
            if isinstance(member, ast.FunctionDef) and member.name in _LIFECYCLE:
                raise Unsupported(f"{name} has a {member.name}")
        started = _read_set_up(name, _method(cls, _SET_UP), given)
        _read_tear_down(name, _method(cls, _TEAR_DOWN), started)
    return given


def _read_set_up(owner: str, set_up: ast.FunctionDef | None, given: _SetUp) -> set[str]:
    """Record what one ``setUp`` gives; the attributes holding the patches it starts."""
    patchers: dict[str, str] = {}
    started: set[str] = set()
    for statement in set_up.body if set_up is not None else []:
        if is_docstring(statement):
            continue
        call = statement.value if isinstance(statement, ast.Expr) else None
        if isinstance(call, ast.Call) and _is_super_call(call, _SET_UP):
            given.environ.update(
                {k.arg: ast.unparse(k.value) for k in call.keywords if k.arg is not None}
            )
            continue
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            holder = self_attribute(call.func.value)
            if call.func.attr == "start" and holder in patchers and not call.args:
                given.patches.append(patchers.pop(holder))
                started.add(holder)
                continue
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            attr = self_attribute(statement.targets[0])
            value = statement.value
            if attr is not None and _is_constant(value):
                given.constants[attr] = ast.unparse(value)
                continue
            if attr is not None and isinstance(value, ast.Call) and _is_patch(value):
                patchers[attr] = ast.unparse(value)
                continue
        raise Unsupported(f"{owner}.setUp does more than give constants and start patches")
    if patchers:
        raise Unsupported(f"{owner}.setUp makes a patch it does not start")
    return started


def _read_tear_down(owner: str, tear_down: ast.FunctionDef | None, started: set[str]) -> None:
    """A ``tearDown`` may only stop the patches its ``setUp`` started."""
    for statement in tear_down.body if tear_down is not None else []:
        call = statement.value if isinstance(statement, ast.Expr) else None
        if isinstance(call, ast.Call) and _is_super_call(call, _TEAR_DOWN):
            continue
        if _stops_one_of(call, started):
            continue
        if not is_docstring(statement):
            raise Unsupported(f"{owner}.tearDown does more than stop its patches")


def _stops_one_of(call: ast.expr | None, patchers: set[str]) -> bool:
    """``self.p.stop()`` for one of ``patchers``."""
    func = call.func if isinstance(call, ast.Call) else None
    holder = self_attribute(func.value) if isinstance(func, ast.Attribute) else None
    return holder in patchers and func.attr == "stop"  # type: ignore[union-attr]


def _is_super_call(call: ast.Call, method: str) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == method
        and isinstance(func.value, ast.Call)
        and ast.unparse(func.value.func) == "super"
    )


def _is_constant(node: ast.expr) -> bool:
    """An immutable literal: inlined at each use, it reads the same (a list would not)."""
    if isinstance(node, ast.Tuple):
        return all(_is_constant(e) for e in node.elts)
    return isinstance(node, ast.Constant)


def _is_patch(call: ast.Call) -> bool:
    return ast.unparse(call.func).endswith(("patch", "patch.object", "patch.dict"))


class _Lifter:
    """Plans and writes the lifted functions, class by class; ``_Inserter`` places them."""

    def __init__(
        self,
        fixture: str,
        classes: dict[str, ast.ClassDef],
        bases: Mapping[str, str],
        module: cst.Module,
    ) -> None:
        self.fixture, self.classes, self.bases = fixture, classes, bases
        tree = parsed(module.code)
        self.taken = dict.fromkeys(
            [*module_imports(tree), *(n for s in tree.body for n in bound_names(s))], ""
        )
        self.cst_classes = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef)}
        self.definitions = _definitions(module)
        self.functions: dict[str, list[cst.FunctionDef]] = {}  # class -> what follows it
        self.tests: dict[str, set[str]] = {}  # class -> its methods lifted out
        self.written: set[str] = set()  # source qualnames already lifted (a shared helper)
        self.uses_pytest = False

    def lift_class(self, owner: str, names: list[str], result: SessionLift) -> None:
        """Lift ``owner``'s wanted methods (and the helpers they call), or record why not."""
        chain = session_chain(owner, self.classes, self.bases)
        assert chain is not None
        try:
            set_up = _set_up(chain, self.classes)
            if any(not patches_a_value(d.decorator) for d in self.cst_classes[owner].decorators):
                raise Unsupported(f"{owner} has a decorator that hands its tests an argument")
            helpers = self._helpers(chain, names)
            tests = [f"{owner}.{n}" for n in names]
            session = self._needing_session(chain, [*helpers, *tests])
            calls = {q.rpartition(".")[2]: q in session for q in helpers}
            self._claim([*helpers, *tests])
            new = [q for q in helpers if q not in self.written]
            functions = [self._lifted(q, set_up, calls, q in session, False) for q in new]
            functions += [self._lifted(q, set_up, calls, q in session, True) for q in tests]
        except Unsupported as exc:
            why = f"{exc} (lifting a session test to a module function over the fixture)"
            result.left.update({f"{owner}.{n}": why for n in names})
            return
        self.taken.update({q.rpartition(".")[2]: q for q in [*helpers, *tests]})
        self.written.update(new)
        self.functions.setdefault(owner, []).extend(functions)
        self.tests.setdefault(owner, set()).update(names)
        result.lifted.update({f"{owner}.{n}": n for n in names})
        result.with_fixture |= {q for q in tests if q in session}

    def _defining(self, chain: list[str], name: str) -> str | None:
        """The qualname of the nearest definition of method ``name`` in ``chain``."""
        for owner in chain:
            if _method(self.classes[owner], name) is not None:
                return f"{owner}.{name}"
        return None

    def _helpers(self, chain: list[str], names: list[str]) -> list[str]:
        """The chain's methods the tests call on ``self``, and theirs (as qualnames)."""
        found: list[str] = []
        stack = [f"{chain[0]}.{n}" for n in names]
        seen = set(stack)
        while stack:
            for attr in sorted(self_reads(self._node(stack.pop()))):
                qualname = self._defining(chain, attr)
                if qualname is None or qualname in seen:
                    continue
                if attr in (_SET_UP, _TEAR_DOWN):
                    raise Unsupported(f"a test calls self.{attr}")
                seen.add(qualname)
                found.append(qualname)
                stack.append(qualname)
        return found

    def _needing_session(self, chain: list[str], qualnames: list[str]) -> set[str]:
        """The lifted functions that take the fixture: they read ``self.session``, or call a
        helper that does."""
        reads = {q: self_reads(self._node(q)) for q in qualnames}
        needing = {q for q in qualnames if "session" in reads[q]}
        for _ in qualnames:
            for qualname in qualnames:
                if any(self._defining(chain, a) in needing for a in reads[qualname]):
                    needing.add(qualname)
        return needing

    def _claim(self, qualnames: list[str]) -> None:
        """Refuse a lifted function whose module-level name another item has."""
        for qualname in qualnames:
            name = qualname.rpartition(".")[2]
            holder = self.taken.get(name)
            if holder is not None and holder != qualname:
                raise Unsupported(f"{qualname} would clash with the module's {name}")

    def _node(self, qualname: str) -> ast.FunctionDef:
        owner, _, name = qualname.partition(".")
        node = _method(self.classes[owner], name)
        plain = node is not None and [a.arg for a in node.args.args][:1] == ["self"]
        if node is None or not plain or qualname not in self.definitions:
            raise Unsupported(f"{qualname} is not a plain method")
        return node

    def _lifted(
        self, qualname: str, set_up: _SetUp, calls: dict[str, bool], session: bool, test: bool
    ) -> cst.FunctionDef:
        """One method as a module function."""
        cls, method = self.definitions[qualname]
        rewritten = method.visit(_SelfRewriter(self.fixture, set_up.constants, calls))
        assert isinstance(rewritten, cst.FunctionDef)
        rewritten, uses_pytest = rewrite_asserts(rewritten, PytestClass([], set()))
        self.uses_pytest |= uses_pytest
        taken = [self.fixture] if session else []
        decorators = list(rewritten.decorators)
        if test:
            taken += ["monkeypatch"] if set_up.environ else []
            decorators = [*cls.decorators, *decorators]
            rewritten = _with_set_up(rewritten, set_up)
        return rewritten.with_changes(
            params=rewritten.params.with_changes(params=_instead_of_self(method, taken)),
            decorators=decorators,
            leading_lines=[cst.EmptyLine(indent=False)] * 2,
        )


def _instead_of_self(method: cst.FunctionDef, names: list[str]) -> list[cst.Param]:
    """The method's parameters with ``names`` where ``self`` was (the last taking its place
    and layout), or without ``self``."""
    first, *rest = method.params.params
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    given = [cst.Param(cst.Name(n), comma=comma) for n in names[:-1]]
    given += [first.with_changes(name=cst.Name(n)) for n in names[-1:]]
    if not rest and given:
        given[-1] = given[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return [*given, *rest]


def _definitions(module: cst.Module) -> dict[str, tuple[cst.ClassDef, cst.FunctionDef]]:
    """``{Class.method: (class, method)}`` over the module's classes."""
    found = {}
    for statement in module.body:
        if isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock):
            for inner in statement.body.body:
                if isinstance(inner, cst.FunctionDef):
                    found[f"{statement.name.value}.{inner.name.value}"] = (statement, inner)
    return found


def _inserted(module: cst.Module, lifter: _Lifter) -> cst.Module:
    """Each class without its lifted methods, followed by the lifted functions."""

    def split(cls: cst.ClassDef) -> tuple[cst.ClassDef, list[cst.FunctionDef]]:
        name = cls.name.value
        return _without(cls, lifter.tests[name]), lifter.functions[name]

    return functions_after_classes(module, split, set(lifter.functions))


def _without(cls: cst.ClassDef, names: set[str]) -> cst.ClassDef:
    """The class without the methods lifted out of it (``pass`` if nothing is left)."""
    assert isinstance(cls.body, cst.IndentedBlock)
    kept = [
        s for s in cls.body.body if not (isinstance(s, cst.FunctionDef) and s.name.value in names)
    ]
    kept = kept or [cst.SimpleStatementLine([cst.Pass()])]
    return cls.with_changes(body=cls.body.with_changes(body=kept))


def _with_set_up(function: cst.FunctionDef, set_up: _SetUp) -> cst.FunctionDef:
    """The test's body after the environment its set-up gives, inside the patches it starts."""
    assert isinstance(function.body, cst.IndentedBlock)
    body = list(function.body.body)
    head = body[:1] if function.get_docstring() is not None else []
    body = body[len(head) :]
    if set_up.patches:
        items = [cst.WithItem(cst.parse_expression(p)) for p in set_up.patches]
        items = [
            i.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            for i in items[:-1]
        ] + items[-1:]
        body = [cst.With(items=items, body=cst.IndentedBlock(body=body))]
    environ = [
        cst.parse_statement(f"monkeypatch.setenv({name!r}, {value})")
        for name, value in set_up.environ.items()
    ]
    return function.with_changes(body=function.body.with_changes(body=[*head, *environ, *body]))


class _SelfRewriter(cst.CSTTransformer):
    """``self.session``, set-up constants and helper calls, as the lifted function says them."""

    def __init__(self, fixture: str, constants: dict[str, str], helpers: dict[str, bool]) -> None:
        self.fixture, self.constants, self.helpers = fixture, constants, helpers

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        if not (isinstance(updated.value, cst.Name) and updated.value.value == "self"):
            return updated
        name = updated.attr.value
        if name == "session":
            return cst.Name(self.fixture)
        if name in self.constants:
            return cst.parse_expression(self.constants[name])
        return updated

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)):
            return updated
        if func.value.value != "self" or func.attr.value not in self.helpers:
            return updated
        args = list(updated.args)
        if self.helpers[func.attr.value]:
            comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            args = [
                cst.Arg(cst.Name(self.fixture), comma=comma if args else cst.MaybeSentinel.DEFAULT),
                *args,
            ]
        return updated.with_changes(func=cst.Name(func.attr.value), args=args)
