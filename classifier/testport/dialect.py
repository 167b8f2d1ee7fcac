"""What converting a botocore test needs to know of aiobotocore: the Aio class that stands
for a botocore class, the module functions aiobotocore overrides (and which are coroutines),
the async methods of each Aio class, what its test package provides, and the pytest mark its
async tests carry. Read statically from the tree; nothing is imported."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from botoport.mirror.paths import dotted_module, module_files
from botoport.mirror.trees import PYPROJECT_PATH, SourceTree
from botoport.port.registries import AioClass, Registries
from botoport.syntax.functions import module_imports
from botoport.syntax.receivers import dotted_name, self_attribute
from botoport.testport.files import mirror_dotted, mirror_modules
from botoport.testport.items import bound_names

# botocore names whose aiobotocore counterpart is not a subclass of the same name.
_RETURNS = {"botocore.session.get_session": "AioSession"}
_EXCEPTION_SUFFIXES = ("Error", "Exception", "Warning")
_RESOLVE_DEPTH = 2  # fixture -> test-package factory -> constructor
_AUTO_MODE = re.compile(r"^\s*(anyio|asyncio)_mode\s*=\s*[\"']auto[\"']", re.MULTILINE)


@dataclass
class AioDialect:
    """aiobotocore's side of a test conversion."""

    registries: Registries
    tree: SourceTree
    mirror_root: str

    def aio_module(self, botocore_module: str) -> str | None:
        """``botocore.retries.standard`` -> ``aiobotocore.retries.standard`` when the tree has
        that module."""
        if botocore_module != "botocore" and not botocore_module.startswith("botocore."):
            return None
        aio = f"aio{botocore_module}"
        return aio if self._module_text(aio) is not None else None

    def class_twin(self, origin: str) -> str | None:
        """The dotted Aio class standing for botocore class ``origin``
        (``botocore.config.Config`` -> ``aiobotocore.config.AioConfig``)."""
        module, _, name = origin.rpartition(".")
        if not module.startswith("botocore") or not name[:1].isupper():
            return None
        if name.endswith(_EXCEPTION_SUFFIXES):  # botocore's class catches the Aio one too
            return None
        twins = self.registries.aio_twins(name)
        if not twins:
            return None
        home = module_files(f"aio{module}")[0]
        twins.sort(key=lambda aio: aio.path != home)
        return f"{dotted_module(twins[0].path)}.{twins[0].name}"

    def function_override(self, origin: str) -> str | None:
        """aiobotocore's module function in place of botocore's ``origin``, if it has one."""
        module, _, name = origin.rpartition(".")
        aio = self.aio_module(module)
        if aio is None:
            return None
        functions = self.registries.module_functions.get(module_files(aio)[0], {})
        return f"{aio}.{name}" if name in functions else None

    def importers(self, aio_origin: str) -> list[str]:
        """The other aiobotocore modules that import ``aio_origin`` (a module function) by its
        name (``aiobotocore.session`` imports ``create_credential_resolver``): they call their
        own binding, which a patch of ``aio_origin`` does not reach."""
        module, _, name = aio_origin.rpartition(".")
        found = []
        for path in sorted(self.registries.module_functions):
            importer = dotted_module(path)
            if importer != module and module in _from_imports(self.tree.read(path), importer, name):
                found.append(importer)
        return found

    def is_coroutine_function(self, aio_origin: str) -> bool:
        """``aio_origin`` is an ``async def`` at the top of its aiobotocore module."""
        module, _, name = aio_origin.rpartition(".")
        return name in self.registries.async_module_functions(module_files(module)[0])

    def binds(self, aio_module: str, name: str) -> bool:
        """The aiobotocore module defines or imports ``name`` at its top level."""
        return name in top_level_names(self._module_text(aio_module) or "")

    def returns(self, origin: str) -> str | None:
        """The Aio class a botocore factory function's aiobotocore counterpart returns."""
        aio = _RETURNS.get(origin)
        return aio if aio and self._named(aio) else None

    def async_methods(self, aio_class: str) -> set[str]:
        """The awaited methods of an Aio class (its own and its Aio bases'); of two classes
        of that name, those both await."""
        found = self._coroutine_sets(aio_class)
        return found[0].intersection(*found[1:]) if found else set()

    def uncertain_methods(self, aio_class: str) -> set[str]:
        """Methods one class of that name awaits and another does not (``AioRetryHandler``
        of ``retries/standard.py`` and of ``retryhandler.py``): awaiting them is a guess."""
        return self.any_awaits(aio_class) - self.async_methods(aio_class)

    def any_awaits(self, aio_class: str) -> set[str]:
        """The awaited methods of any class of that name."""
        return set().union(*self._coroutine_sets(aio_class))

    def _coroutine_sets(self, aio_class: str) -> list[set[str]]:
        generators = self.registries.async_generators
        return [self.registries.async_methods_of(a) - generators for a in self._named(aio_class)]

    def _named(self, aio_class: str) -> list[AioClass]:
        """The Aio classes ``aio_class`` names: by its bare name (every class of that name),
        or dotted (``aiobotocore.retries.standard.AioRetryHandler``: that one)."""
        if "." in aio_class:
            return [a for a in self.registries.aio_classes if _dotted(a) == aio_class]
        return [a for a in self.registries.aio_classes if a.name == aio_class]

    def type_name(self, dotted: str) -> str:
        """How a conversion names the type of an object of the Aio class ``dotted``: its bare
        name, or the dotted one when two modules define a class of that name (they may await
        different methods)."""
        bare = dotted.rpartition(".")[2]
        return dotted if len(self._named(bare)) > 1 else bare

    def awaited_parameters(self, aio_class: str) -> set[str]:
        """The constructor parameters of an Aio class whose value its methods await
        (``sleep``: ``AioRetryHandler`` awaits ``self._sleep(...)``): a test must pass an
        awaitable there. Read from the class's source; an attribute ``self._x`` is taken to
        hold parameter ``x`` unless the class's own ``__init__`` says otherwise."""
        for aio in self._named(aio_class):
            return set(_awaited_parameters(self.tree.read(aio.path) or "", aio.name))
        return set()

    def refused_attributes(self, aio_class: str) -> set[str]:
        """Methods and properties of an Aio class (or its Aio bases) that start by raising
        ``NotImplementedError`` or ``TypeError`` (``AioRefreshableCredentials.access_key``:
        aiobotocore reads it through a coroutine; ``AioStreamingBodyBase.__iter__``: it is
        iterated with ``async for``)."""
        return self._class_facts(aio_class, _refused_members)

    def awaited_abstract(self, aio_class: str) -> str | None:
        """A method the Aio class awaits on ``self`` that it has no coroutine for (its
        subclasses make it one: ``AioStreamingBodyBase`` awaits ``self.read``, which
        ``AioStreamingBody`` implements); None when it has none — it can be constructed."""
        coroutines = self.any_awaits(aio_class) | self.async_generators(aio_class)
        awaited = self._class_facts(aio_class, _awaited_self_calls)
        # A private name may be an attribute holding a callable (``self._sleep``), not a method.
        missing = sorted(m for m in awaited - coroutines if not m.startswith("_"))
        return missing[0] if missing else None

    def async_generators(self, aio_class: str) -> set[str]:
        """The async generator methods of an Aio class (``iter_lines``): used by ``async
        for`` only."""
        for aio in self._named(aio_class):
            return self.registries.async_methods_of(aio) & self.registries.async_generators
        return set()

    def awaits_through_attributes(self, aio_class: str) -> dict[str, set[str]]:
        """``self._x`` attributes an Aio class awaits methods of, with those methods (``await
        self._role_fetcher.retrieve_iam_role_credentials()``): what it is handed for them
        must have them as coroutines."""
        found: dict[str, set[str]] = {}
        for pair in self._class_facts(aio_class, _awaited_attribute_calls):
            attribute, _, method = pair.partition(".")
            found.setdefault(attribute, set()).add(method)
        return found

    def awaits_through_parameters(self, aio_origin: str) -> set[str]:
        """Parameters an aiobotocore module function awaits methods of, or enters with
        ``async with``, itself or in a function it defines (``create_assume_role_refresher``
        opens ``client`` in its inner ``refresh``): a mock handed there cannot serve."""
        module, _, name = aio_origin.rpartition(".")
        return set(_awaited_parameters_of(self._module_text(module) or "", name))

    def _class_facts(self, aio_class: str, read: Callable[[str, str], frozenset[str]]) -> set[str]:
        """``read`` over the Aio class and its Aio bases. Two modules may define a class of
        the same name (``AioRetryHandler`` in ``retries/standard.py`` and ``retryhandler.py``):
        named bare, the facts of both count, so what makes a test be left errs on leaving it;
        named dotted, those of that one."""
        found: set[str] = set()
        stack, seen = [aio_class], set()
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            for aio in self._named(name):
                found |= read(self.tree.read(aio.path) or "", aio.name)
                stack.extend(aio.bases)
        return found

    def event_emitter(self) -> str | None:
        """The Aio class of a session's event emitter (a client's ``meta.events``): the twin
        of botocore's ``HierarchicalEmitter``, whose ``emit`` hands back a coroutine."""
        twins = self.registries.aio_twins("HierarchicalEmitter")
        return twins[0].name if twins else None

    def registered_twin(self, botocore_class: str) -> str | None:
        """The name of the Aio class aiobotocore uses in place of a botocore class (one deriving
        from it; two of one name are one answer); None when it has none, or several names."""
        names = {aio.name for aio in self.registries.aio_subclasses(botocore_class)}
        return names.pop() if len(names) == 1 else None

    def is_aio_class(self, name: str) -> bool:
        """``name`` is one of aiobotocore's Aio classes."""
        return bool(self._named(name))

    def test_origin(self, dotted: str, name: str) -> str | None:
        """Where the mirror package provides what botocore's ``from tests... import name``
        imports, or None when it does not."""
        for path in mirror_modules(self.mirror_root, dotted):
            text = self.tree.read(path)
            if text is not None and name in top_level_names(text):
                return f"{mirror_dotted(self.mirror_root, dotted)}.{name}"
        return None

    def fixture_types(self, test_path: str) -> dict[str, str]:
        """The Aio class each pytest fixture a test at ``test_path`` can use gives, read from
        the ``conftest.py`` of each folder above it (``patched_session`` -> ``AioSession``:
        it returns ``create_session()``, which returns ``AioSession(...)``)."""
        parts = test_path.split("/")[:-1]
        found: dict[str, str] = {}
        for depth in range(1, len(parts) + 1):  # outer folders first: an inner one overrides
            text = self.tree.read("/".join([*parts[:depth], "conftest.py"]))
            if text is not None:
                found.update(self.fixture_types_in(text))
        return found

    def fixture_returning(self, test_path: str, function: str) -> str | None:
        """The pytest fixture in reach of a test at ``test_path`` (the nearest folder's first)
        that returns a call of the mirror package's ``function`` (``patched_session`` returns
        ``create_session()``): the fixture standing for a botocore set-up making that call."""
        parts = test_path.split("/")[:-1]
        for depth in range(len(parts), 0, -1):
            text = self.tree.read("/".join([*parts[:depth], "conftest.py"]))
            for name, returned in fixture_returns(text or "").items():
                if function in returned:
                    return name
        return None

    def fixture_types_in(self, text: str) -> dict[str, str]:
        """The Aio class each pytest fixture of a ``conftest.py`` text gives."""
        tree = _parsed(text)
        imports = module_imports(tree)
        found = {}
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if any("fixture" in ast.unparse(d) for d in node.decorator_list):
                aio = self._returned_class(node, imports, _RESOLVE_DEPTH)
                if aio is not None:
                    found[node.name] = aio
        return found

    def _returned_class(
        self, function: ast.FunctionDef | ast.AsyncFunctionDef, imports: dict[str, str], depth: int
    ) -> str | None:
        """The Aio class ``function`` returns (or yields): a constructor call, or a call of a
        test-package function that returns one, directly or through a local."""
        calls: dict[str, ast.Call] = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                calls.update({t.id: node.value for t in node.targets if isinstance(t, ast.Name)})
        for node in ast.walk(function):
            value = node.value if isinstance(node, ast.Return | ast.Yield) else None
            if isinstance(value, ast.Name):
                value = calls.get(value.id)
            if isinstance(value, ast.Call):
                aio = self._called_class(value.func, imports, depth)
                if aio is not None:
                    return aio
        return None

    def _called_class(self, func: ast.expr, imports: dict[str, str], depth: int) -> str | None:
        written = dotted_name(func)
        if written is None:
            return None
        head, _, rest = written.partition(".")
        origin = ".".join(p for p in (imports.get(head, head), rest) if p)
        module, _, name = origin.rpartition(".")
        if origin.startswith("aiobotocore.") and self.is_aio_class(name):
            return name
        if depth == 0 or not (module == "tests" or module.startswith("tests.")):
            return None
        tree = _parsed(self._module_text(module) or "")
        function = top_function(tree, name)
        if function is None:
            return None
        return self._returned_class(function, module_imports(tree), depth - 1)

    @functools.cached_property
    def async_mark(self) -> str | None:
        """The mark an async test needs: none where pytest runs them unasked (``anyio_mode``
        or ``asyncio_mode = "auto"``), else the one the tree uses."""
        pyproject = self.tree.read(PYPROJECT_PATH) or ""
        if _AUTO_MODE.search(pyproject):
            return None
        return "pytest.mark.asyncio" if "pytest-asyncio" in pyproject else "pytest.mark.anyio"

    def _module_text(self, dotted: str) -> str | None:
        for path in module_files(dotted):
            text = self.tree.read(path)
            if text is not None:
                return text
        return None


@functools.lru_cache(maxsize=1024)
def _from_imports(text: str | None, importer: str, name: str) -> frozenset[str]:
    """The modules ``importer`` (its text) takes ``name`` from, relative imports resolved."""
    found = set()
    package = importer.rsplit(".", 1)[0]
    for node in _parsed(text or "").body:
        if not isinstance(node, ast.ImportFrom) or name not in {a.name for a in node.names}:
            continue
        base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
        module = node.module or ""
        found.add(f"{base}.{module}".rstrip(".") if node.level else module)
    return frozenset(found)


def _dotted(aio: AioClass) -> str:
    return f"{dotted_module(aio.path)}.{aio.name}"


@functools.lru_cache(maxsize=64)
def fixture_returns(text: str) -> dict[str, set[str]]:
    """``{fixture: the functions it returns a call of}`` (directly, or through a local)."""
    found: dict[str, set[str]] = {}
    for node in _parsed(text).body if text else []:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if not any("fixture" in ast.unparse(d) for d in node.decorator_list):
            continue
        calls = {
            t.id: inner.value
            for inner in ast.walk(node)
            if isinstance(inner, ast.Assign) and isinstance(inner.value, ast.Call)
            for t in inner.targets
            if isinstance(t, ast.Name)
        }
        for inner in ast.walk(node):
            value = inner.value if isinstance(inner, ast.Return | ast.Yield) else None
            value = calls.get(value.id) if isinstance(value, ast.Name) else value
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
                found.setdefault(node.name, set()).add(value.func.id)
    return found


@functools.lru_cache(maxsize=64)
def _awaited_parameters(text: str, class_name: str) -> frozenset[str]:
    stored = _stored_parameters(_class_body(text, class_name))
    awaited = _awaited_self_calls(text, class_name)
    return frozenset(stored.get(attr, attr.lstrip("_")) for attr in awaited)


@functools.lru_cache(maxsize=256)
def _refused_members(text: str, class_name: str) -> frozenset[str]:
    found = set()
    for inner in _class_body(text, class_name):
        if isinstance(inner, ast.FunctionDef):
            body = [s for s in inner.body if not isinstance(s, ast.Expr)]  # what follows is dead
            raised = body[0].exc if body and isinstance(body[0], ast.Raise) else None
            called = raised.func if isinstance(raised, ast.Call) else raised
            if isinstance(called, ast.Name) and called.id in _REFUSALS:
                found.add(inner.name)
        elif isinstance(inner, ast.Assign) and _names_one_of(inner.value, found):
            found |= {t.id for t in inner.targets if isinstance(t, ast.Name)}  # next = __next__
    return frozenset(found)


_REFUSALS = ("NotImplementedError", "TypeError")


def _names_one_of(node: ast.expr, names: set[str]) -> bool:
    return isinstance(node, ast.Name) and node.id in names


@functools.lru_cache(maxsize=256)
def _awaited_attribute_calls(text: str, class_name: str) -> frozenset[str]:
    """``attribute.method`` for each ``await self.attribute.method(...)`` of the class, or
    through a local holding what ``self`` holds: ``fetcher = self._role_fetcher``, ``for
    provider in self._providers``, ``source = self._get_provider(name)`` (a method of the class
    picking one of what it was given: ``_get_provider()``, no parameter's name)."""
    found = set()
    for inner in _class_body(text, class_name):
        aliases = _self_aliases(inner)
        for node in ast.walk(inner):
            call = node.value if isinstance(node, ast.Await) else None
            func = call.func if isinstance(call, ast.Call) else None
            receiver = func.value if isinstance(func, ast.Attribute) else None
            held = self_attribute(receiver) if receiver is not None else None
            if isinstance(receiver, ast.Name) and receiver.id in aliases:
                held = aliases[receiver.id]
            if held is not None and isinstance(func, ast.Attribute):
                found.add(f"{held}.{func.attr}")
    return frozenset(found)


def _self_aliases(function: ast.AST) -> dict[str, str]:
    """The locals of ``function`` holding what ``self`` holds: ``{local: attribute}``."""
    aliases = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            value, targets = node.value, node.targets
        elif isinstance(node, ast.For | ast.AsyncFor):
            value, targets = node.iter, [node.target]
        else:
            continue
        held = self_attribute(value)
        if held is None and isinstance(value, ast.Call):  # ``self._get_provider(name)``
            method = self_attribute(value.func)
            held = f"{method}()" if method is not None else None
        for target in targets:
            if held is not None and isinstance(target, ast.Name):
                aliases[target.id] = held
    return aliases


@functools.lru_cache(maxsize=256)
def _awaited_parameters_of(text: str, function_name: str) -> frozenset[str]:
    function = top_function(_parsed(text), function_name)
    if function is None:
        return frozenset()
    params = {a.arg for a in [*function.args.args, *function.args.kwonlyargs]}
    return frozenset(_awaited_names(function) & params)


def _awaited_names(function: ast.AST) -> set[str]:
    """Names ``function`` awaits a method of (``await x.m()``) or enters (``async with x``)."""
    found = set()
    for node in ast.walk(function):
        call = node.value if isinstance(node, ast.Await) else None
        func = call.func if isinstance(call, ast.Call) else None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            found.add(func.value.id)
        if isinstance(node, ast.AsyncWith):
            found |= {i.context_expr.id for i in node.items if isinstance(i.context_expr, ast.Name)}
    return found


@functools.lru_cache(maxsize=256)
def _awaited_self_calls(text: str, class_name: str) -> frozenset[str]:
    found = set()
    for node in ast.walk(ast.Module(body=_class_body(text, class_name), type_ignores=[])):
        call = node.value if isinstance(node, ast.Await) else None
        func = call.func if isinstance(call, ast.Call) else None
        method = self_attribute(func) if func is not None else None
        if method is not None:
            found.add(method)
    return frozenset(found)


@functools.lru_cache(maxsize=64)
def _parsed(text: str) -> ast.Module:
    """A module parsed once for every question asked of it (an empty module when it does not
    parse). Nothing here changes the tree it is given."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return ast.Module(body=[], type_ignores=[])


def top_function(tree: ast.Module, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The module-level function ``name`` of ``tree``, or None."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            return node
    return None


def _class_body(text: str, class_name: str) -> list[ast.stmt]:
    for node in _parsed(text).body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            return node.body
    return []


def _stored_parameters(body: list[ast.stmt]) -> dict[str, str]:
    """``{attribute: parameter}`` for ``self.attribute = parameter`` in a class's __init__."""
    found: dict[str, str] = {}
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "__init__":
            params = {a.arg for a in [*node.args.args, *node.args.kwonlyargs]}
            for inner in ast.walk(node):
                if isinstance(inner, ast.Assign) and isinstance(inner.value, ast.Name):
                    for target in inner.targets:
                        attr = self_attribute(target)
                        if attr is not None and inner.value.id in params:
                            found[attr] = inner.value.id
    return found


@functools.lru_cache(maxsize=64)
def top_level_names(text: str) -> frozenset[str]:
    """The names a module binds at its top level: imports, definitions, assignments."""
    tree = _parsed(text)
    names = set(module_imports(tree))
    for node in tree.body:
        names.update(bound_names(node))
    return frozenset(names)
