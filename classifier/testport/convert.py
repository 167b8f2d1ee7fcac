"""A botocore test module in aiobotocore's async dialect.

What changes, as aiobotocore's mirrors do it:

- a botocore class with an Aio twin is used as the twin (``Config`` -> ``AioConfig``,
  ``standard.RetryHandler`` -> ``aio_standard.AioRetryHandler``), a function aiobotocore
  overrides is taken from aiobotocore, and ``from tests import ...`` from the mirror package;
- a call of a coroutine — an async method of an Aio-typed receiver (``handler =
  AioRetryHandler(...)``, ``self.handler`` set in ``setUp``), an async aiobotocore function, a
  helper this conversion made async — is awaited, and the function holding it becomes
  ``async def`` (with the tree's async mark where pytest needs one; a ``unittest`` class gets
  ``IsolatedAsyncioTestCase``);
- ``client = session.create_client(...)`` on an AioSession opens the client with
  ``async with`` around the rest of the block;
- ``mock.patch('botocore.m.Name...')`` patches aiobotocore's twin or override, with
  ``new_callable=mock.AsyncMock`` for a coroutine; ``mock.patch.object(obj, 'method')`` of a
  coroutine method gets ``AsyncMock`` too.

What the source cannot settle leaves the test out, with the reason: a name the mirror package
does not provide, a coroutine called inside a nested function or lambda or handed on as a
callable, a client created on a receiver of unknown type, a ``setUp`` that would have to await.
Pure: texts in, text and reasons out.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import libcst as cst
from botoport.syntax.functions import module_imports
from botoport.syntax.layout import code_of
from botoport.syntax.receivers import dotted_name
from botoport.testport.clients import ClientRules, client_factories, opens_client
from botoport.testport.dialect import AioDialect
from botoport.testport.mocks import MockRules
from botoport.testport.patching import PatchRules
from libcst.helpers import get_full_name_for_node

# The type given to a client an AioSession creates: its operations are coroutines, and these
# few methods are not (they hand back paginators and waiters, or answer from the model).
CLIENT = "<client>"
SYNC = "<botocore class>"  # an object of a botocore class aiobotocore does not re-implement
# A helper's parameter that calls hand objects of several known types (``_verify_retryable``
# gets sync checkers and ``AioStandardRetryConditions``): ``<one of>:A|B``. A method that is a
# coroutine of one of them is awaited through aiobotocore's ``resolve_awaitable``.
ONE_OF = "<one of>:"
RESOLVE_AWAITABLE = "aiobotocore._helpers.resolve_awaitable"
_SYNC_CLIENT_METHODS = frozenset({"can_paginate", "get_paginator", "get_waiter"})
_TESTCASES = {"TestCase", "unittest.TestCase"}
_SETUPS = {"setUp": "asyncSetUp", "tearDown": "asyncTearDown"}
_PROTOCOL_CALLS = {"next": "__next__", "iter": "__iter__", "list": "__iter__", "tuple": "__iter__"}
_MAX_ROUNDS = 6  # a helper made async makes its callers async: a few rounds settle any module


@dataclass
class Converted:
    """The converted module, the names it may need imported (``{name: dotted origin}``), the
    items left out (``{qualname: why}``) and the functions made async."""

    text: str
    imports: dict[str, str]
    left: dict[str, str] = field(default_factory=dict)
    made_async: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)  # what ``import a.b`` may name

    def import_statement(self, statement: str) -> str:
        """``import a.b.c`` as the module really imported (``import pytest``, never
        ``import pytest.mark``): the longest prefix the module imports, else the top name."""
        if not statement.startswith("import ") or " as " in statement:
            return statement
        dotted = statement.removeprefix("import ").strip()
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            if ".".join(parts[:cut]) in self.modules:
                return f"import {'.'.join(parts[:cut])}"
        return f"import {parts[0]}"


@dataclass
class _Names:
    """How the module's names read in aiobotocore's dialect."""

    renames: dict[str, str] = field(default_factory=dict)  # ``Config`` -> ``AioConfig``
    modules: dict[str, tuple[str, str]] = field(default_factory=dict)  # ``standard`` -> alias
    imports: dict[str, str] = field(default_factory=dict)  # name -> origin, after conversion
    missing: dict[str, str] = field(default_factory=dict)  # test-package names not mirrored
    types: dict[str, str] = field(default_factory=dict)  # module-level name -> Aio class


def convert_module(
    text: str,
    dialect: AioDialect,
    unittest_bases: Sequence[str] = (),
    fixtures: Mapping[str, str] | None = None,
    mirror_helpers: Mapping[str, str] | None = None,
) -> Converted:
    """``text`` (a botocore test module) in aiobotocore's dialect. ``unittest_bases``: names of
    the test package's ``unittest.TestCase`` subclasses (``BaseSessionTest``); ``fixtures``:
    the Aio class each of the mirror's pytest fixtures gives (``patched_session``);
    ``mirror_helpers``: the mirror's module functions a written test calls instead of
    botocore's, by kind (``coroutine``, ``async context``: see ``helper_kinds``)."""
    tree = ast.parse(text)
    facts = _facts(tree, dialect, unittest_bases, fixtures or {}, mirror_helpers or {})
    module = cst.parse_module(text)
    made_async: set[str] = set()
    awaited_mocks: set[str] = set()
    for _ in range(_MAX_ROUNDS):
        rewriter = _Rewriter(dialect, facts, made_async, awaited_mocks)
        converted = module.visit(rewriter)
        if rewriter.made_async <= made_async and rewriter.found_mocks <= awaited_mocks:
            break
        made_async |= rewriter.made_async
        awaited_mocks |= rewriter.found_mocks
    left = dict(rewriter.left)
    for qualname, reason in _using_missing(tree, facts.names.missing).items():
        left.setdefault(qualname, reason)
    imports = {**facts.names.imports, **rewriter.added_imports}
    modules = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= rewriter.aio_modules
    return Converted(converted.code, imports, left, made_async, modules)


ASYNC_CONTEXT, COROUTINE = "async context", "coroutine"


def helper_kinds(mirror: str) -> dict[str, str]:
    """The mirror's module functions a caller must await (``coroutine``) or enter with ``async
    with`` (``async context``: an ``asynccontextmanager``)."""
    found = {}
    for node in ast.parse(mirror).body:
        if isinstance(node, ast.AsyncFunctionDef):
            decorators = {ast.unparse(d).rpartition(".")[2] for d in node.decorator_list}
            found[node.name] = ASYNC_CONTEXT if "asynccontextmanager" in decorators else COROUTINE
    return found


@dataclass
class _Facts:
    """What the conversion knows of the module before rewriting it."""

    names: _Names
    types: dict[str, str]  # ``scope.name`` -> Aio class (``_local_types``)
    testcases: set[str]  # classes that are ``unittest`` cases
    helpers: dict[str, list[str]]  # the module's functions and methods -> their parameters
    coroutine_names: dict[str, str]  # method -> an Aio class the module uses that awaits it
    refused: dict[str, str]  # property that raises -> an Aio class the module uses
    module_classes: set[str]
    factories: set[str]  # module functions that return a client they create (``_factories``)
    mirror_helpers: Mapping[str, str]


def _facts(
    tree: ast.Module,
    dialect: AioDialect,
    unittest_bases: Sequence[str],
    fixtures: Mapping[str, str],
    mirror_helpers: Mapping[str, str],
) -> _Facts:
    names = _read_names(module_imports(tree), dialect)
    types = _local_types(tree, names, dialect, fixtures)
    factories = client_factories(tree, types)
    if factories:  # what they return is a client too
        types = _local_types(tree, names, dialect, fixtures, factories)
    used = _used_classes(tree, names, types, dialect)
    return _Facts(
        names=names,
        types=types,
        testcases=_testcase_classes(tree, names, set(unittest_bases)),
        helpers={scope: [a.arg for a in f.args.args] for scope, f in _scopes(tree)},
        coroutine_names=_by_member(used, dialect.async_methods),
        refused=_by_member(used, dialect.refused_attributes),
        module_classes={n.name for n in tree.body if isinstance(n, ast.ClassDef)},
        factories=factories,
        mirror_helpers=mirror_helpers,
    )


def _read_names(imports: dict[str, str], dialect: AioDialect) -> _Names:
    names = _Names()
    for name, origin in imports.items():
        names.imports[name] = origin
        if origin.startswith("tests.") or origin == "tests":
            module, _, bare = origin.rpartition(".")
            found = dialect.test_origin(module, bare)
            if found is None:
                names.missing[name] = origin
                del names.imports[name]
            else:
                names.imports[name] = found
            continue
        twin = dialect.class_twin(origin)
        if twin is not None:
            new = twin.rpartition(".")[2]
            names.renames[name] = new
            names.imports[new] = twin
            continue
        override = dialect.function_override(origin)
        if override is not None:
            names.imports[name] = override
            continue
        aio = dialect.aio_module(origin)
        if aio is not None and origin != "botocore":
            alias = f"aio_{name}"
            names.modules[name] = (alias, aio)
            names.imports[alias] = aio
    return names


def _testcase_classes(tree: ast.Module, names: _Names, known: set[str]) -> set[str]:
    """Classes of the module deriving (through the module or the test package) from
    ``unittest.TestCase``."""
    found = set(known) | {"TestCase", "unittest.TestCase"}
    changed = True
    while changed:
        changed = False
        for node in tree.body:
            if (
                isinstance(node, ast.ClassDef)
                and node.name not in found
                and any(dotted_name(b) in found for b in node.bases)
            ):
                found.add(node.name)
                changed = True
    return found


def _constructed(node: ast.expr | None, names: _Names, dialect: AioDialect) -> str | None:
    """The Aio class ``node`` (a call) makes, after conversion; ``SYNC`` for a botocore
    class aiobotocore keeps as it is."""
    if not isinstance(node, ast.Call):
        return None
    callee = dotted_name(node.func)
    return _made(callee, names, dialect) if callee else None


def _made(callee: str, names: _Names, dialect: AioDialect) -> str | None:
    """What a call of ``callee`` makes: an Aio class, ``SYNC`` (a botocore class without a
    twin: its methods are plain), or None (not known)."""
    aio = _constructed_by(callee, names, dialect)
    if aio is not None:
        return aio
    origin = _origin(callee, names)
    bare = origin.rpartition(".")[2]
    return SYNC if origin.startswith("botocore.") and bare[:1].isupper() else None


def _constructed_by(callee: str, names: _Names, dialect: AioDialect) -> str | None:
    """The Aio class a call of ``callee`` (as botocore's test writes it) makes."""
    head, _, rest = callee.partition(".")
    if not rest:
        renamed = names.renames.get(head, head)
        if dialect.is_aio_class(renamed):
            return renamed
    origin = _origin(callee, names)
    twin = dialect.class_twin(origin) if rest else None
    return dialect.type_name(twin) if twin else dialect.returns(origin)


def _origin(written: str, names: _Names) -> str:
    """The dotted botocore name ``written`` stands for in the test (``standard.RetryHandler``
    -> ``botocore.retries.standard.RetryHandler``; "" for an unimported bare name)."""
    head, _, rest = written.partition(".")
    if not rest:
        return names.imports.get(head, "")
    if head in names.modules:
        return f"{names.modules[head][1].removeprefix('aio')}.{rest}"
    return f"{names.imports.get(head, head)}.{rest}"


def _local_types(
    tree: ast.Module,
    names: _Names,
    dialect: AioDialect,
    fixtures: Mapping[str, str],
    factories: set[str] | frozenset[str] = frozenset(),
) -> dict[str, str]:
    """``{scope.name: Aio class}`` for names assigned a constructed Aio object, or taking a
    fixture that gives one: ``f.x`` for a local of function ``f``, ``C.self.x`` for an
    attribute any method of ``C`` sets."""
    types: dict[str, str] = {}

    def record(scope: str, function: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for parameter in function.args.args:
            if parameter.arg in fixtures:
                types[f"{scope}.{parameter.arg}"] = fixtures[parameter.arg]
        for node in ast.walk(function):
            value = getattr(node, "value", None)
            targets = node.targets if isinstance(node, ast.Assign) else []
            aio = _constructed(value, names, dialect) if targets else None
            if targets and aio is None and opens_client(value, scope, types, factories):
                aio = CLIENT
            for target in targets if aio else []:
                written = dotted_name(target)
                if written:
                    types[f"{scope}.{written}"] = aio  # type: ignore[assignment]

    for scope, function in _scopes(tree):
        record(scope, function)
        owner = scope.rpartition(".")[0]
        for key, aio in list(types.items()) if owner else []:  # ``self.x`` serves every method
            if key.startswith(f"{scope}.self."):
                types[f"{owner}.self.{key.removeprefix(scope + '.self.')}"] = aio
    _inherit_attributes(tree, types)
    _type_helper_parameters(tree, names, dialect, types)
    return types


def _type_helper_parameters(
    tree: ast.Module, names: _Names, dialect: AioDialect, types: dict[str, str]
) -> None:
    """A module function's parameter gets the type every call of it in the module gives
    (``_verify_retryable(checker, ...)`` called only with botocore checkers)."""
    helpers = {
        n.name: [a.arg for a in n.args.args]
        for n in tree.body
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    seen: dict[str, set[str | None]] = {}
    for scope, function in _scopes(tree):
        for node in ast.walk(function):
            func = node.func if isinstance(node, ast.Call) else None
            callee = func.id if isinstance(func, ast.Name) else ""
            if callee not in helpers:
                continue
            assert isinstance(node, ast.Call)
            params = helpers[callee]
            given = list(zip(params, node.args, strict=False))
            given += [(k.arg, k.value) for k in node.keywords if k.arg in params]
            for param, value in given:
                kind = _constructed(value, names, dialect)
                if kind is None and isinstance(value, ast.Name):
                    kind = types.get(f"{scope}.{value.id}")
                seen.setdefault(f"{callee}.{param}", set()).add(kind)
    for key, kinds in seen.items():
        if None in kinds:  # a call hands something of unknown type: the parameter has none
            continue
        known = sorted(k for k in kinds if k is not None)
        types.setdefault(key, known[0] if len(known) == 1 else ONE_OF + "|".join(known))


def _scopes(tree: ast.Module) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Each function of the module with its scope name (``f``, ``C.m``)."""
    found: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append((node.name, node))
        elif isinstance(node, ast.ClassDef):
            found += [
                (f"{node.name}.{inner.name}", inner)
                for inner in node.body
                if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef)
            ]
    return found


def _by_member(classes: set[str], members: Callable[[str], set[str]]) -> dict[str, str]:
    """``{member: the first class having it}`` over ``classes``."""
    found: dict[str, str] = {}
    for aio in sorted(classes):
        for member in sorted(members(aio)):
            found.setdefault(member, aio)
    return found


def _used_classes(
    tree: ast.Module, names: _Names, types: dict[str, str], dialect: AioDialect
) -> set[str]:
    """The Aio classes the converted module uses: a twin it names or constructs."""
    classes = {*names.renames.values(), *types.values()} - {CLIENT, SYNC}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not isinstance(node.value, ast.Name):
            continue
        if node.value.id in names.modules:
            twin = dialect.class_twin(_origin(f"{node.value.id}.{node.attr}", names))
            if twin is not None:
                classes.add(twin.rpartition(".")[2])
    return classes


def _inherit_attributes(tree: ast.Module, types: dict[str, str]) -> None:
    """A class sees the ``self.x`` types its bases in the module set (``setUp`` of a base)."""
    bases = {
        node.name: [dotted_name(b) for b in node.bases]
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }
    for _ in range(len(bases)):
        for name, parents in bases.items():
            for parent in parents:
                for key, aio in list(types.items()):
                    if parent and key.startswith(f"{parent}.self."):
                        types.setdefault(f"{name}.{key.removeprefix(parent + '.')}", aio)


def _using_missing(tree: ast.Module, missing: dict[str, str]) -> dict[str, str]:
    """Items that use a test-package name the mirror package does not provide."""
    left: dict[str, str] = {}
    for node in tree.body:
        # A class is judged by its bases; each of its members by itself and those bases.
        bases: list[ast.expr] = node.bases if isinstance(node, ast.ClassDef) else []
        members: list[ast.stmt] = node.body if isinstance(node, ast.ClassDef) else []
        for inner in [node, *members]:
            scanned: list[ast.AST] = [*bases] if inner is node and bases else [inner, *bases]
            used = {n.id for part in scanned for n in ast.walk(part) if isinstance(n, ast.Name)}
            gone = sorted(used & set(missing))
            name = getattr(inner, "name", None)
            if gone and name:
                qualname = f"{getattr(node, 'name', '')}.{name}" if inner is not node else name
                left[qualname] = (
                    f"uses {missing[gone[0]]}, which aiobotocore's mirror of botocore's "
                    "test package does not provide"
                )
    return left


class _Rewriter(ClientRules, PatchRules, MockRules, cst.CSTTransformer):
    """One conversion round over the module (see the module's docstring)."""

    def __init__(
        self,
        dialect: AioDialect,
        facts: _Facts,
        known_async: set[str],
        awaited_mocks: set[str],
    ) -> None:
        super().__init__()
        self.dialect, self.facts = dialect, facts
        self.names, self.types, self.testcases = facts.names, facts.types, facts.testcases
        self.helpers, self.refused = facts.helpers, facts.refused
        self.coroutine_names, self.module_classes = facts.coroutine_names, facts.module_classes
        self.known_async = known_async
        # ``f.x`` locals a test hands an Aio class for a parameter it awaits (``sleep=``):
        self.awaited_mocks = awaited_mocks  # known from earlier rounds: made AsyncMock
        self.found_mocks: set[str] = set()
        self.scopes: list[tuple[str, str]] = []  # (kind, name): "class", "def", "lambda"
        self.awaits: list[int] = []  # awaits written in each open function
        self.made_async: set[str] = set()
        self.left: dict[str, str] = {}
        self.added_imports: dict[str, str] = {}
        self.clients: set[int] = set()  # ids of create_client calls to open with async with
        self.returned: set[int] = set()  # ids of create_client calls a factory returns
        self.plain_assigned: set[int] = set()  # ids of values assigned to a bare name
        self.aio_modules: set[str] = set()  # aiobotocore modules named by a converted chain
        self.stores: set[int] = set()  # ids of assignment targets (a setter is not a read)
        # ``f.x`` locals holding a Mock(): the Aio class it is specced by, else ""
        self.mock_locals: dict[str, str] = {}
        self.for_iterables: set[int] = set()  # ids of the iterables of ``for`` loops
        self.decorator_calls: set[int] = set()  # ids of the calls decorators make
        self.returned_values: set[int] = set()  # ids of the values ``return`` hands back

    # --- where we are --------------------------------------------------------------------------

    def _item(self) -> str | None:
        """The item (top-level name, or Class.method) being converted."""
        named = [name for kind, name in self.scopes if kind != "lambda"]
        if not named:
            return None
        if self.scopes[0][0] == "class" and len(named) > 1:
            return f"{named[0]}.{named[1]}"
        return named[0]

    def _function(self) -> str | None:
        """The qualname of the item-level function the cursor is in, if it is directly in it."""
        item = self._item()
        depth = 2 if self.scopes and self.scopes[0][0] == "class" else 1
        if item is None or len(self.scopes) != depth or self.scopes[-1][0] != "def":
            return None
        return item

    def _class(self) -> str | None:
        return self.scopes[0][1] if self.scopes and self.scopes[0][0] == "class" else None

    def _leave_out(self, why: str) -> None:
        item = self._item()
        if item is not None:
            self.left.setdefault(item, why)

    # --- scopes -------------------------------------------------------------------------------

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scopes.append(("class", node.name.value))

    def visit_Decorator(self, node: cst.Decorator) -> None:
        self.decorator_calls.add(id(node.decorator))

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self.returned_values.add(id(node.value))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append(("def", node.name.value))
        self.awaits.append(0)

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.scopes.append(("lambda", ""))

    def leave_Lambda(self, original: cst.Lambda, updated: cst.Lambda) -> cst.BaseExpression:
        self.scopes.pop()
        return updated

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        function = self._function()
        awaited = self.awaits.pop()
        self.scopes.pop()
        updated = updated.with_changes(name=original.name, decorators=self._with_copies(updated))
        if function is None or not (awaited or function in self.known_async):
            return updated
        self.made_async.add(function)
        owner = self._class()
        name = original.name.value
        if name in _SETUPS:
            if owner not in self.testcases:
                self._leave_class(owner, f"its {name} would have to await a coroutine")
                return updated
            updated = updated.with_changes(name=cst.Name(_SETUPS[name]))
        updated = updated.with_changes(asynchronous=cst.Asynchronous())
        mark = self.dialect.async_mark
        if mark and name.startswith("test") and (owner is None or owner not in self.testcases):
            decorator = cst.Decorator(cst.parse_expression(mark))
            self.added_imports.setdefault("pytest", "pytest")
            updated = updated.with_changes(decorators=[*updated.decorators, decorator])
        return updated

    def _leave_class(self, owner: str | None, why: str) -> None:
        if owner is not None:
            self.left.setdefault(f"{owner}.*", why)

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        self.scopes.pop()
        name = original.name.value
        updated = updated.with_changes(name=original.name, decorators=self._with_copies(updated))
        is_async = any(q.startswith(f"{name}.") for q in self.made_async | self.known_async)
        if not is_async or name not in self.testcases:
            return updated
        bases = [get_full_name_for_node(b.value) for b in updated.bases]
        if any(b and b.endswith("IsolatedAsyncioTestCase") for b in bases):
            return updated
        local = [b for b in bases if b in self.testcases and b in self.module_classes]
        if local:  # the module's own base becomes the async case (next round), not this class
            self.made_async |= {f"{b}.<subclass>" for b in local}
            return updated
        unittest = "unittest" if "unittest" in self.names.imports else "_unittest"
        if unittest == "_unittest":
            self.added_imports["_unittest"] = "unittest"
        base = cst.parse_expression(f"{unittest}.IsolatedAsyncioTestCase")
        kept = [b for b in updated.bases if get_full_name_for_node(b.value) not in _TESTCASES]
        if len(kept) < len(updated.bases):  # ``unittest.TestCase`` itself: replaced in place
            first = next(b for b in updated.bases if b not in kept)
            return updated.with_changes(bases=[first.with_changes(value=base), *kept])
        return updated.with_changes(bases=[cst.Arg(base), *updated.bases])

    # --- names --------------------------------------------------------------------------------

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        renamed = self.names.renames.get(original.value)
        return updated.with_changes(value=renamed) if renamed else updated

    def leave_Param(self, original: cst.Param, updated: cst.Param) -> cst.Param:
        return updated.with_changes(name=original.name)

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        if original.keyword is not None:
            updated = updated.with_changes(keyword=original.keyword)
        if isinstance(original.value, cst.Attribute) and self._is_coroutine(original.value):
            self._leave_out(
                f"hands the coroutine method {code_of(original.value)} on as a callable"
            )
        return updated

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        self._check_refused(original)
        updated = updated.with_changes(attr=original.attr)
        if isinstance(updated.value, cst.Await) and not updated.value.lpar:
            updated = updated.with_changes(value=_parenthesized(updated.value))
        head = original.value
        chain = get_full_name_for_node(original) or ""
        if chain.startswith("botocore.") and self.names.imports.get("botocore") == "botocore":
            aio = self.dialect.class_twin(chain) or self.dialect.function_override(chain)
            if aio is not None:
                self.added_imports["aiobotocore"] = "aiobotocore"
                self.aio_modules.add(aio.rpartition(".")[0])
                return cst.parse_expression(aio)
        if isinstance(head, cst.Name) and head.value in self.names.modules:
            alias, aio = self.names.modules[head.value]
            origin = f"{aio.removeprefix('aio')}.{original.attr.value}"
            twin = self.dialect.class_twin(origin)
            override = self.dialect.function_override(origin)
            if twin is not None:
                return cst.Attribute(cst.Name(alias), cst.Name(twin.rpartition(".")[2]))
            if override is not None:
                return cst.Attribute(cst.Name(alias), original.attr)
        return updated

    # --- calls --------------------------------------------------------------------------------

    def _receiver_type(self, receiver: cst.BaseExpression) -> str | None:
        if isinstance(receiver, cst.Call):  # ``AioRetryHandler(...).needs_retry()``
            callee = get_full_name_for_node(receiver.func)
            return _made(callee, self.names, self.dialect) if callee else None
        client = _client_of_events(receiver)
        if client is not None and self._receiver_type(client) == CLIENT:
            return self.dialect.event_emitter()  # the session's, which the client shares
        written = get_full_name_for_node(receiver)
        function, owner = self._function_path(), self._class()
        if written is None:
            return None
        if written.startswith("self.") and owner is not None:
            return self.types.get(f"{owner}.{written}")
        if function is not None:
            return self.types.get(f"{function}.{written}")
        return None

    def _made_by(self, callee: str) -> str | None:
        return _constructed_by(callee, self.names, self.dialect)

    def _imported_from(self, name: str) -> str:
        return self.names.imports.get(name, "")

    def _function_path(self) -> str | None:
        named = [name for kind, name in self.scopes if kind != "lambda"]
        return ".".join(named[:2]) if named else None

    def _is_coroutine(self, func: cst.BaseExpression) -> str | None:
        """The coroutine ``func`` names (``handler.needs_retry``), or None."""
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            receiver = func.value
            aio = self._receiver_type(receiver)
            if aio == CLIENT:
                is_operation = not method.startswith("_") and method not in _SYNC_CLIENT_METHODS
                return f"client.{method}" if is_operation else None
            if aio is not None and method in self.dialect.async_methods(aio):
                return f"{aio}.{method}"
            if aio is not None and aio.startswith(ONE_OF):
                return self._maybe_coroutine(aio, method)
            if aio is not None and method in self.dialect.uncertain_methods(aio):
                self._leave_out(
                    f"calls {code_of(func)}(); two aiobotocore classes are named {aio} and only "
                    f"one awaits {method}"
                )
            owner = self._class()
            if code_of(receiver) == "self" and f"{owner}.{method}" in self.known_async:
                return f"{owner}.{method}"
            if isinstance(receiver, cst.Name) and receiver.value in self.names.modules:
                aio_module = self.names.modules[receiver.value][1]
                if self.dialect.is_coroutine_function(f"{aio_module}.{method}"):
                    return f"{aio_module}.{method}"
            self._untyped(func, receiver, aio)
            return None
        if isinstance(func, cst.Name):
            if func.value in self.known_async:
                return func.value
            if self.facts.mirror_helpers.get(func.value) == COROUTINE:
                return func.value
            origin = self.names.imports.get(func.value, "")
            if origin.startswith("aiobotocore.") and self.dialect.is_coroutine_function(origin):
                return origin
        return None

    # --- iteration and contexts the Aio class makes async ----------------------------------

    def visit_For(self, node: cst.For) -> None:
        self.for_iterables.add(id(node.iter))

    def leave_For(self, original: cst.For, updated: cst.For) -> cst.For:
        iterable = original.iter
        generator = self._async_generator(iterable)
        if generator is not None and original.asynchronous is None:
            if self._function() is None:
                self._leave_out(f"iterates {generator} outside a function of its own")
                return updated
            self.awaits[-1] += 1
            return updated.with_changes(asynchronous=cst.Asynchronous())
        self._check_protocol(iterable, "__iter__", "iterates")
        return updated

    def leave_WithItem(self, original: cst.WithItem, updated: cst.WithItem) -> cst.WithItem:
        self._check_protocol(original.item, "__enter__", "enters")
        return updated

    def leave_With(self, original: cst.With, updated: cst.With) -> cst.With:
        """``with helper(...):`` where the mirror's ``helper`` is an async context manager:
        ``async with``."""
        kinds = [self._helper_kind(item.item) for item in original.items]
        if ASYNC_CONTEXT not in kinds or original.asynchronous is not None:
            return updated
        if len(set(kinds)) > 1 or self._function() is None:
            self._leave_out("enters the mirror's async context helper beside other contexts")
            return updated
        self.awaits[-1] += 1
        return updated.with_changes(asynchronous=cst.Asynchronous())

    def _helper_kind(self, item: cst.BaseExpression) -> str | None:
        func = item.func if isinstance(item, cst.Call) else None
        return self.facts.mirror_helpers.get(func.value) if isinstance(func, cst.Name) else None

    def _async_generator(self, value: cst.BaseExpression) -> str | None:
        """``x.iter_lines(...)`` where ``x`` is an Aio object and ``iter_lines`` one of its
        async generators: ``AioX.iter_lines``."""
        func = value.func if isinstance(value, cst.Call) else None
        if not isinstance(func, cst.Attribute):
            return None
        aio = self._receiver_type(func.value)
        if aio is None or aio == CLIENT:
            return None
        method = func.attr.value
        return f"{aio}.{method}" if method in self.dialect.async_generators(aio) else None

    def _check_protocol(self, value: cst.BaseExpression, dunder: str, verb: str) -> None:
        """Iterating or entering an Aio object whose class refuses it (``__iter__`` raises
        ``TypeError``: it is iterated with ``async for``) leaves the test out."""
        aio = self._receiver_type(value)
        if aio is not None and aio != CLIENT and dunder in self.dialect.refused_attributes(aio):
            self._leave_out(f"{verb} {code_of(value)}; {aio}.{dunder} raises (it is async)")

    def _check_refused(self, attribute: cst.Attribute) -> None:
        """Reading a property an Aio class refuses (it raises ``NotImplementedError``) on a
        receiver of that class, or of unknown type, leaves the test out."""
        holder = self.refused.get(attribute.attr.value)
        if holder is None or id(attribute) in self.stores:
            return
        aio = self._receiver_type(attribute.value)
        head = code_of(attribute.value).split(".", 1)[0].split("(", 1)[0]
        known = head in self.names.imports or head in self.names.modules
        if aio == holder or (aio is None and not known):
            self._leave_out(
                f"reads {code_of(attribute)}; {holder}.{attribute.attr.value} raises "
                "NotImplementedError (aiobotocore reads it through a coroutine)"
            )

    def _untyped(self, func: cst.Attribute, receiver: cst.BaseExpression, aio: str | None) -> None:
        """A method call whose receiver's type is not known, named like a coroutine of an Aio
        class the module uses: whether to await it cannot be told, so the test is left."""
        method = func.attr.value
        holder = self.coroutine_names.get(method)
        head = code_of(receiver).split(".", 1)[0].split("(", 1)[0]
        if holder is None or aio is not None or head in self.names.imports:
            return
        if head in self.names.modules or head in self.names.renames:
            return
        self._leave_out(
            f"calls {code_of(func)}() on a receiver of unknown type; {method} is a coroutine "
            f"of {holder}"
        )

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if isinstance(updated.func, cst.Await) and not updated.func.lpar:
            updated = updated.with_changes(func=_parenthesized(updated.func))
        updated = self._patched(original, updated)
        updated = self._awaitable_arguments(original, updated)
        self._check_helper_arguments(original)
        if _attr(original.func) == "create_client" or self._calls_factory(original):
            self._client(original, updated)
            return updated
        self._check_iteration_calls(original)
        coroutine = self._is_coroutine(original.func)
        if coroutine is None:
            return updated
        if self._function() is None:
            self._leave_out(f"calls the coroutine {coroutine} inside a nested function or lambda")
            return updated
        self.awaits[-1] += 1
        if coroutine.startswith(ONE_OF):  # a coroutine for some of what it is handed
            self.added_imports["resolve_awaitable"] = RESOLVE_AWAITABLE
            updated = cst.Call(cst.Name("resolve_awaitable"), [cst.Arg(updated)])
        return cst.Await(updated)

    def _maybe_coroutine(self, kinds: str, method: str) -> str | None:
        """``method`` on a parameter of several types: a coroutine of some of them is awaited
        through ``resolve_awaitable`` (the tree must have it, else the test is left)."""
        classes = kinds.removeprefix(ONE_OF).split("|")
        holders = [c for c in classes if method in self.dialect.any_awaits(c)]
        if not holders:
            return None
        module, _, name = RESOLVE_AWAITABLE.rpartition(".")
        if not self.dialect.binds(module, name):
            self._leave_out(
                f"calls .{method}() on a parameter handed {' and '.join(classes)}; only some "
                f"await it, and the tree has no {RESOLVE_AWAITABLE}"
            )
            return None
        return f"{kinds}.{method}"

    def _check_iteration_calls(self, call: cst.Call) -> None:
        """An async generator called other than as a ``for`` loop's iterable, and ``next()``,
        ``iter()``, ``list()`` on an Aio object that refuses them, leave the test out."""
        generator = self._async_generator(call)
        if generator is not None and id(call) not in self.for_iterables:
            self._leave_out(
                f"calls {code_of(call.func)}(), an async generator ({generator}) used other "
                "than by a for loop"
            )
        name = call.func.value if isinstance(call.func, cst.Name) else ""
        if name in _PROTOCOL_CALLS and call.args:
            self._check_protocol(call.args[0].value, _PROTOCOL_CALLS[name], f"calls {name}() on")

    def _check_helper_arguments(self, call: cst.Call) -> None:
        """A test handing an object with coroutine methods to a helper of the module cannot
        be converted: the helper's calls on it are not typed, so not awaited."""
        func = call.func
        owner = self._class()
        helper = None
        if isinstance(func, cst.Name) and func.value in self.helpers:
            helper = func.value
        elif code_of(func).startswith("self.") and f"{owner}.{_attr(func)}" in self.helpers:
            helper = f"{owner}.{_attr(func)}"
        if helper is None:
            return
        params = self.helpers[helper][1 if "." in helper else 0 :]  # a method's self aside
        for index, arg in enumerate(call.args):
            aio = self._receiver_type(arg.value)
            if aio is None and isinstance(arg.value, cst.Call):
                callee = get_full_name_for_node(arg.value.func)
                aio = _constructed_by(callee, self.names, self.dialect) if callee else None
            param = arg.keyword.value if arg.keyword else (params[index:] or [""])[0]
            typed = self.types.get(f"{helper}.{param}", "")
            if aio is not None and aio in typed.removeprefix(ONE_OF).split("|"):
                continue  # every call hands it a known type: its calls on it are typed
            if aio is not None and (aio == CLIENT or self.dialect.async_methods(aio)):
                self._leave_out(
                    f"hands an {aio} (its methods are coroutines) to {helper}, whose calls "
                    "on it cannot be typed"
                )

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        assign = node.body[0] if len(node.body) == 1 else None
        targets = assign.targets if isinstance(assign, cst.Assign) else ()
        if len(targets) == 1 and isinstance(targets[0].target, cst.Name):
            assert isinstance(assign, cst.Assign)
            self.plain_assigned.add(id(assign.value))
        if len(targets) == 1 and isinstance(assign, cst.Assign):
            value, written = assign.value, code_of(targets[0].target)
            spec = self._mock_spec(value) if isinstance(value, cst.Call) else None
            if spec is not None:
                self.mock_locals[self._mock_key(written)] = spec

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self.stores.add(id(node.target))

    def _assigned_to_name(self, call: cst.Call) -> bool:
        return id(call) in self.plain_assigned


def _attr(func: cst.BaseExpression) -> str | None:
    return func.attr.value if isinstance(func, cst.Attribute) else None


def _client_of_events(receiver: cst.BaseExpression) -> cst.BaseExpression | None:
    """``client`` of ``client.meta.events``, else None."""
    if isinstance(receiver, cst.Attribute) and receiver.attr.value == "events":
        meta = receiver.value
        if isinstance(meta, cst.Attribute) and meta.attr.value == "meta":
            return meta.value
    return None


def _parenthesized(node: cst.Await) -> cst.Await:
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
