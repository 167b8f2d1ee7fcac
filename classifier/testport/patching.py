"""Patches in the async dialect: ``mock.patch('botocore.m.Name...')`` aimed at aiobotocore's
twin or override (with ``new_callable=mock.AsyncMock`` for a coroutine), ``time.sleep`` at
``asyncio.sleep``, a value patch of a botocore name followed by one of each aiobotocore module's
copy of it; a patch that would miss aiobotocore's callers leaves the test. A mixin of the
conversion's rewriter (``convert._Rewriter``), which gives the state it reads."""

from __future__ import annotations

import libcst as cst
from botoport.syntax.dialect import COROUTINE_TWINS
from botoport.testport.dialect import AioDialect
from libcst.helpers import get_full_name_for_node


class PatchRules:
    """The patch rules of one conversion round."""

    dialect: AioDialect
    added_imports: dict[str, str]
    decorator_calls: set[int]  # ids of the calls decorators make

    def _leave_out(self, why: str) -> None:
        raise NotImplementedError  # the rewriter's

    def _receiver_type(self, receiver: cst.BaseExpression) -> str | None:
        raise NotImplementedError  # the rewriter's

    def _with_copies(self, node: cst.FunctionDef | cst.ClassDef) -> list[cst.Decorator]:
        """The decorators, each value patch of a botocore name followed by the same patch of
        every aiobotocore module's copy of that name (``NEW_RETRIES_ENABLED``, which
        ``aiobotocore.retries.standard`` imports and reads itself)."""
        decorators: list[cst.Decorator] = []
        for decorator in node.decorators:
            decorators.append(decorator)
            call = decorator.decorator
            if not isinstance(call, cst.Call) or not patches_a_value(call):
                continue
            first = call.args[0].value
            target = first.evaluated_value if isinstance(first, cst.SimpleString) else None
            if not isinstance(target, str) or not target.startswith("botocore."):
                continue
            name = target.rpartition(".")[2]
            for importer in self.dialect.importers(target):
                copy = call.args[0].with_changes(value=cst.SimpleString(repr(f"{importer}.{name}")))
                patched = call.with_changes(args=[copy, *call.args[1:]])
                decorators.append(decorator.with_changes(decorator=patched))
        return decorators

    def _patched(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """``mock.patch(...)`` and ``mock.patch.object(...)`` aimed at aiobotocore."""
        callee = get_full_name_for_node(original.func) or ""
        args = list(updated.args)
        given = {a.keyword.value for a in args if a.keyword is not None}
        positional = [a for a in args if a.keyword is None]
        has_new = bool(given & {"new", "new_callable"}) or len(positional) > 1 + (
            callee.endswith(".object")
        )
        mock = self._mock_module(callee.split(".", 1)[0])
        first = positional[0].value if positional else None
        if callee.endswith("patch") and isinstance(first, cst.SimpleString):
            target = first.evaluated_value
            if isinstance(target, str):
                aimed, is_coroutine = self._aimed(target)
                importers = self.dialect.importers(aimed) if aimed != target else []
                if importers:
                    self._leave_out(
                        f"patches {aimed}, which {importers[0]} imports by name: the patch "
                        "would not reach aiobotocore's calls of it"
                    )
                if aimed == target and not self._copies_patched(original, target, has_new):
                    self._leave_out(
                        f"patches {target}, which {self.dialect.importers(target)[0]} imports "
                        "by name, in a form that cannot patch that copy too"
                    )
                if aimed != target:
                    args[args.index(positional[0])] = positional[0].with_changes(
                        value=cst.SimpleString(repr(aimed))
                    )
                if is_coroutine and not has_new:
                    args = _appended(args, _async_mock(mock))
                return updated.with_changes(args=args)
        if callee.endswith("patch.object") and len(positional) >= 2 and not has_new:
            owner, attribute = positional[0].value, positional[1].value
            aio = self._receiver_type(owner) or (
                get_full_name_for_node(owner) if isinstance(owner, cst.Name) else None
            )
            if isinstance(attribute, cst.SimpleString) and aio is not None:
                method = attribute.evaluated_value
                if method in self.dialect.async_methods(aio):
                    return updated.with_changes(args=_appended(args, _async_mock(mock)))
        return updated

    def _copies_patched(self, call: cst.Call, target: str, has_new: bool) -> bool:
        """A patch of a botocore name that aiobotocore modules import by name reaches their
        copies only as a decorator handing the test no argument (``_with_copies`` adds one
        for each copy); True too when no aiobotocore module imports it."""
        if not target.startswith("botocore.") or not self.dialect.importers(target):
            return True
        return id(call) in self.decorator_calls and has_new

    def _mock_module(self, root: str) -> str:
        """The name ``AsyncMock`` is reached through: the module ``patch`` came from."""
        if root != "patch":
            return root
        self.added_imports.setdefault("mock", "unittest.mock")
        return "mock"

    def _aimed(self, target: str) -> tuple[str, bool]:
        """A patch target moved to aiobotocore's twin or override, and whether it names a
        coroutine."""
        if target in COROUTINE_TWINS:
            return COROUTINE_TWINS[target], True
        parts = target.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module, rest = ".".join(parts[:cut]), parts[cut:]
            aio = self.dialect.aio_module(module)
            if aio is None:
                continue
            twin = self.dialect.class_twin(f"{module}.{rest[0]}")
            if twin is not None:
                aio_class = twin.rpartition(".")[2]
                method = rest[1] if len(rest) > 1 else ""
                coroutine = method in self.dialect.async_methods(aio_class)
                return ".".join([twin, *rest[1:]]), coroutine
            override = self.dialect.function_override(f"{module}.{rest[0]}")
            if override is not None and len(rest) == 1:
                return override, self.dialect.is_coroutine_function(override)
            return target, False
        return target, False


def patches_a_value(call: cst.BaseExpression) -> bool:
    """``mock.patch('a.b', value)`` or ``patch('a.b', new=value)``: it hands the test no
    argument, so a function or a class can carry it."""
    if not isinstance(call, cst.Call):
        return False
    callee = get_full_name_for_node(call.func) or ""
    positional = [a for a in call.args if a.keyword is None]
    given = {a.keyword.value for a in call.args if a.keyword is not None}
    return callee.endswith("patch") and (len(positional) >= 2 or "new" in given)


def _appended(args: list[cst.Arg], arg: cst.Arg) -> list[cst.Arg]:
    """``args`` with ``arg`` last, laid out like the call: on the line of the others, or on a
    line of its own with a trailing comma when the call puts each argument on one."""
    last = args[-1]
    if isinstance(last.comma, cst.Comma):
        return [*args, arg.with_changes(comma=last.comma)]
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    return [*args[:-1], last.with_changes(comma=comma), arg]


def _async_mock(mock: str) -> cst.Arg:
    return cst.Arg(
        keyword=cst.Name("new_callable"),
        value=cst.parse_expression(f"{mock}.AsyncMock"),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
