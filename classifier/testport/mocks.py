"""Mocks in the async dialect: a ``Mock()`` handed to a parameter an Aio class awaits itself
(``sleep=``) becomes ``AsyncMock()``; a mock handed to an Aio class or aiobotocore function that
awaits methods of what it is given leaves the test, unless it is specced by an Aio class that
has those methods as coroutines (``Mock(spec=RetryPolicy)`` specs ``AioRetryPolicy`` once
converted: ``unittest.mock`` makes an ``AsyncMock`` of each). A mixin of the conversion's
rewriter (``convert._Rewriter``), which gives the state it reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import libcst as cst
from botoport.syntax.layout import code_of
from botoport.testport.dialect import AioDialect
from libcst.helpers import get_full_name_for_node


class MockRules:
    """The mock rules of one conversion round."""

    dialect: AioDialect
    found_mocks: set[str]  # ``f.x`` locals handed to a parameter an Aio class awaits
    awaited_mocks: set[str]  # those of an earlier round: made ``AsyncMock`` where assigned
    # ``f.x`` locals holding a Mock(): the Aio class it is specced by, else ""
    mock_locals: dict[str, str]

    def _leave_out(self, why: str) -> None:
        raise NotImplementedError  # the rewriter's

    def _function_path(self) -> str | None:
        raise NotImplementedError  # the rewriter's

    def _class(self) -> str | None:
        raise NotImplementedError  # the rewriter's

    def _made_by(self, callee: str) -> str | None:
        """The Aio class a call of ``callee`` (as botocore's test writes it) makes."""
        raise NotImplementedError  # the rewriter's

    def _imported_from(self, name: str) -> str:
        """The dotted origin of a name the module imports ("" for any other)."""
        raise NotImplementedError  # the rewriter's

    def _awaitable_arguments(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """Arguments an Aio class awaits (``sleep=``) given as a mock become ``AsyncMock``."""
        callee = get_full_name_for_node(original.func)
        aio = self._made_by(callee) if callee else None
        awaited = self.dialect.awaited_parameters(aio) if aio else set()
        through = self.dialect.awaits_through_attributes(aio) if aio else {}
        self._check_function_arguments(original)
        abstract = self.dialect.awaited_abstract(aio) if aio else None
        if abstract is not None:
            self._leave_out(
                f"constructs {aio}, which awaits self.{abstract} that only its subclasses make "
                "a coroutine"
            )
        handed = _handed_through(original.args, through, awaited)
        if any(self._unfit_mock(arg.value, needed) for arg, needed in handed):
            self._leave_out(
                f"hands a mock to {aio}, which awaits methods of what it is given "
                f"({', '.join(f'self.{a}' for a in sorted(through))})"
            )
        args = list(updated.args)
        for index, arg in enumerate(args):
            keyword = _keyword(arg)
            if keyword not in awaited:
                continue
            value = arg.value
            if isinstance(value, cst.Call) and _is_mock(value):
                args[index] = arg.with_changes(value=_as_async_mock(value))
            elif isinstance(value, cst.Name):
                self.found_mocks.add(f"{self._function_path()}.{value.value}")
            else:
                self._leave_out(f"passes {code_of(value)} for {keyword}, which {aio} awaits")
        return updated.with_changes(args=args)

    def _check_function_arguments(self, call: cst.Call) -> None:
        """A mock handed to an aiobotocore function that awaits what it is given leaves the
        test out (the mock's methods are not coroutines)."""
        origin = self._imported_from(code_of(call.func))
        if not origin.startswith("aiobotocore."):
            return
        through = self.dialect.awaits_through_parameters(origin)
        if through and any(self._unfit_mock(a.value, None) for a in call.args):
            self._leave_out(
                f"hands a mock to {code_of(call.func)}, which awaits what it is given "
                f"({', '.join(sorted(through))})"
            )

    def _unfit_mock(self, value: cst.BaseExpression, awaited: set[str] | None) -> bool:
        """``value`` is a mock that cannot serve where the methods ``awaited`` (None: any) are
        awaited on it: a plain ``Mock()``'s are not coroutines; one specced by an Aio class
        (``Mock(spec=RetryPolicy)`` specs ``AioRetryPolicy`` once converted) has an
        ``AsyncMock`` for each coroutine of the class, as ``unittest.mock`` makes them."""
        if isinstance(value, cst.List | cst.Tuple | cst.Set):  # ``[fake_provider]``
            return any(self._unfit_mock(e.value, awaited) for e in value.elements)
        if isinstance(value, cst.Call):
            spec = self._mock_spec(value)
        else:
            spec = self.mock_locals.get(self._mock_key(code_of(value)))
        if spec is None:
            return False
        return not spec or awaited is None or not awaited <= self.dialect.async_methods(spec)

    def _mock_spec(self, call: cst.Call) -> str | None:
        """The Aio class a ``Mock(...)`` is specced by; "" for a mock of anything else; None
        for a call that makes no mock."""
        if not _is_mock(call):
            return None
        spec = next((a.value for a in call.args if _keyword(a) in ("spec", "spec_set")), None)
        if spec is None and call.args and call.args[0].keyword is None:
            spec = call.args[0].value
        callee = get_full_name_for_node(spec) if spec is not None else None
        return (self._made_by(callee) if callee else None) or ""

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        target = original.targets[0].target if len(original.targets) == 1 else None
        name = f"{self._function_path()}.{target.value}" if isinstance(target, cst.Name) else ""
        if name not in self.awaited_mocks:
            return updated
        if isinstance(updated.value, cst.Call) and _is_mock(updated.value):
            return updated.with_changes(value=_as_async_mock(updated.value))
        self._leave_out(f"hands {code_of(original.value)} to a parameter an Aio class awaits")
        return updated

    def _mock_key(self, written: str) -> str:
        """Where a mock is known: ``f.x`` for a local, ``C.self.x`` for an attribute."""
        if written.startswith("self.") and self._class() is not None:
            return f"{self._class()}.{written}"
        return f"{self._function_path()}.{written}"


def _handed_through(
    args: Sequence[cst.Arg], through: Mapping[str, set[str]], awaited: set[str]
) -> list[tuple[cst.Arg, set[str]]]:
    """The arguments that may become an attribute the class awaits methods of, each with
    the methods awaited on it: when each such ``self._x`` has its keyword ``x=`` in the call,
    those, with ``_x``'s methods; else every argument, with all of them, but the ones for a
    parameter the class awaits itself (they become ``AsyncMock``)."""
    if not through:
        return []
    keywords = {_keyword(a) for a in args}
    by_keyword = {attribute.lstrip("_"): methods for attribute, methods in through.items()}
    if by_keyword.keys() <= keywords:
        return [(a, by_keyword[k]) for a in args if (k := _keyword(a) or "") in by_keyword]
    every = set().union(*through.values())
    return [(a, every) for a in args if _keyword(a) not in awaited]


def _keyword(arg: cst.Arg) -> str | None:
    return arg.keyword.value if arg.keyword is not None else None


def _is_mock(call: cst.Call) -> bool:
    name = get_full_name_for_node(call.func) or ""
    return name.rpartition(".")[2] in ("Mock", "MagicMock")


def _as_async_mock(call: cst.Call) -> cst.Call:
    func = call.func
    if isinstance(func, cst.Attribute):
        return call.with_changes(func=func.with_changes(attr=cst.Name("AsyncMock")))
    return call.with_changes(func=cst.Name("AsyncMock"))
