"""botocore's unittest methods written into a mirror class that aiobotocore keeps in pytest
style (no ``TestCase`` base; its set-up is fixtures), as the maintainers write them there:

- ``self.x`` that botocore's ``setUp`` gives becomes the class's fixture ``x``, taken as a
  parameter (in the order the class defines its fixtures);
- ``self._make_x(...)`` — a helper whose whole body is ``self.x = ...`` — becomes
  ``x = make_x(...)`` where the class has a ``make_x`` fixture (a factory), and ``self.x`` after
  it the local ``x``;
- ``self.assertEqual(a, b)`` becomes ``assert a == b`` (and the other assert methods alike);
  ``with self.assertRaises(E):`` becomes ``with pytest.raises(E):``.

A method using a ``self`` attribute the mirror class has no fixture or method for, or an
assert method with no plain ``assert`` form, is left out with the reason. Pure: texts in.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import libcst as cst
from botoport.syntax.functions import is_docstring
from botoport.syntax.layout import code_of
from botoport.syntax.receivers import self_attribute
from botoport.testport.patching import patches_a_value

# assert method -> the assert statement's test, over the call's positional arguments.
_ASSERTS = {
    "assertEqual": "{0} == {1}",
    "assertEquals": "{0} == {1}",
    "assertDictEqual": "{0} == {1}",
    "assertListEqual": "{0} == {1}",
    "assertTupleEqual": "{0} == {1}",
    "assertSetEqual": "{0} == {1}",
    "assertNotEqual": "{0} != {1}",
    "assertTrue": "{0}",
    "assertFalse": "not {0}",
    "assertIs": "{0} is {1}",
    "assertIsNot": "{0} is not {1}",
    "assertIsNone": "{0} is None",
    "assertIsNotNone": "{0} is not None",
    "assertIn": "{0} in {1}",
    "assertNotIn": "{0} not in {1}",
    "assertIsInstance": "isinstance({0}, {1})",
    "assertNotIsInstance": "not isinstance({0}, {1})",
    "assertGreater": "{0} > {1}",
    "assertGreaterEqual": "{0} >= {1}",
    "assertLess": "{0} < {1}",
    "assertLessEqual": "{0} <= {1}",
}
_RAISES = {"assertRaises": False, "assertRaisesRegex": True}
# Operands that need parentheses inside a comparison.
_LOOSE = (cst.BooleanOperation, cst.IfExp, cst.Lambda, cst.NamedExpr, cst.Comparison)
# Expressions whose lines break inside their own brackets.
_BRACKETED = (
    cst.Call, cst.List, cst.Dict, cst.Set, cst.Subscript, cst.ListComp, cst.DictComp,
    cst.SetComp, cst.GeneratorExp,
)  # fmt: skip


@dataclass
class PytestClass:
    """A mirror class in pytest style: its fixtures in definition order, its other methods."""

    fixtures: list[str]
    methods: set[str]


@dataclass
class Adapted:
    """The converted module with the methods adapted, those left out (``{qualname: why}``)
    and whether ``pytest`` is now used."""

    text: str
    left: dict[str, str] = field(default_factory=dict)
    uses_pytest: bool = False


def pytest_classes(mirror: str) -> dict[str, PytestClass]:
    """The mirror's classes that have no base (pytest style), with their fixtures."""
    found: dict[str, PytestClass] = {}
    for node in ast.parse(mirror).body:
        if isinstance(node, ast.ClassDef) and not node.bases:
            fixtures, methods = [], set()
            for inner in node.body:
                if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                    if any("fixture" in ast.unparse(d) for d in inner.decorator_list):
                        fixtures.append(inner.name)
                    else:
                        methods.add(inner.name)
            found[node.name] = PytestClass(fixtures, methods)
    return found


def adapt_to_pytest_classes(text: str, mirror: str, wanted: Iterable[str]) -> Adapted:
    """``text`` (a converted botocore module) with each wanted method of a unittest class
    whose mirror class is in pytest style rewritten for that class."""
    styles = pytest_classes(mirror)
    tree = ast.parse(text)
    targets: dict[str, set[str]] = {}
    makers: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.bases and node.name in styles:
            targets[node.name] = {
                q.partition(".")[2] for q in wanted if q.startswith(f"{node.name}.")
            }
            makers[node.name] = _makers(node)
    if not any(targets.values()):
        return Adapted(text)
    rewriter = _ClassRewriter(styles, targets, makers)
    code = cst.parse_module(text).visit(rewriter).code
    return Adapted(code, rewriter.left, rewriter.uses_pytest)


def _makers(cls: ast.ClassDef) -> dict[str, str]:
    """The class's helpers whose whole body is ``self.x = ...``: ``{helper: x}``."""
    found = {}
    for inner in cls.body:
        if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
            body = [s for s in inner.body if not is_docstring(s)]
            if len(body) == 1 and isinstance(body[0], ast.Assign) and len(body[0].targets) == 1:
                attr = self_attribute(body[0].targets[0])
                if attr is not None:
                    found[inner.name] = attr
    return found


class Unsupported(Exception):
    """A method this rewriting cannot carry over; the message says why."""


def rewrite_asserts(function: cst.FunctionDef, style: PytestClass) -> tuple[cst.FunctionDef, bool]:
    """``function`` (a method) with its assert methods as ``assert`` statements and its
    ``self`` uses as ``style``'s fixtures; whether it now uses ``pytest``. ``Unsupported``
    when a ``self`` use has no such form."""
    method = _MethodRewriter(style, {})
    rewritten = function.visit(method)
    assert isinstance(rewritten, cst.FunctionDef)
    return rewritten, method.uses_pytest


class _ClassRewriter(cst.CSTTransformer):
    def __init__(
        self,
        styles: dict[str, PytestClass],
        targets: dict[str, set[str]],
        makers: dict[str, dict[str, str]],
    ) -> None:
        self.styles, self.targets, self.makers = styles, targets, makers
        self.left: dict[str, str] = {}
        self.uses_pytest = False
        self.owner: str | None = None

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.owner = node.name.value if node.name.value in self.targets else None
        return self.owner is not None

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        self.owner = None
        return updated

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        owner = self.owner
        if owner is None or original.name.value not in self.targets[owner]:
            return updated
        method = _MethodRewriter(self.styles[owner], self.makers[owner])
        try:
            rewritten = updated.visit(method)
        except Unsupported as exc:
            self.left[f"{owner}.{original.name.value}"] = (
                f"{exc} (the mirror's {owner} is a pytest class: its set-up is fixtures)"
            )
            return updated
        assert isinstance(rewritten, cst.FunctionDef)
        self.uses_pytest |= method.uses_pytest
        return _with_parameters(rewritten, self.styles[owner].fixtures, method.taken)


def _with_parameters(
    function: cst.FunctionDef, fixtures: list[str], taken: set[str]
) -> cst.FunctionDef:
    """``function`` taking the fixtures it now uses, after its own parameters, in the order
    the class defines them."""
    params = list(function.params.params)
    have = {p.name.value for p in params}
    added = [cst.Param(cst.Name(name)) for name in fixtures if name in taken and name not in have]
    if not added:
        return function
    params = [p.with_changes(comma=cst.MaybeSentinel.DEFAULT) for p in params]
    return function.with_changes(params=function.params.with_changes(params=params + added))


class _MethodRewriter(cst.CSTTransformer):
    """One method's ``self`` uses and assert calls, for a pytest class."""

    def __init__(self, style: PytestClass, makers: dict[str, str]) -> None:
        self.style, self.makers = style, makers
        self.taken: set[str] = set()  # fixtures the method now takes
        self.locals: set[str] = set()  # ``self.x`` a factory fixture made local
        self.uses_pytest = False
        self.handled: set[int] = set()  # ``self.assert*`` callees rewritten by their statement
        self.raised: set[str] = set()  # ``with self.assertRaises(E) as e``: ``e``

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        small = node.body[0] if len(node.body) == 1 else None
        call = small.value if isinstance(small, cst.Expr) else None
        if isinstance(call, cst.Call) and _self_method(call.func) in {*_ASSERTS, *self.makers}:
            self.handled.add(id(call.func))

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if isinstance(node.item, cst.Call) and _self_method(node.item.func) in _RAISES:
            self.handled.add(id(node.item.func))

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement:
        if len(updated.body) != 1 or not isinstance(updated.body[0], cst.Expr):
            return updated
        call = updated.body[0].value
        if not isinstance(call, cst.Call):
            return updated
        method = _self_method(call.func)
        if method in _ASSERTS:
            return _assert_statement(updated, method, call)
        if method in self.makers:
            return self._made(updated, method, call)
        return updated

    def _made(
        self, line: cst.SimpleStatementLine, method: str, call: cst.Call
    ) -> cst.SimpleStatementLine:
        attribute = self.makers[method]
        factory = next(
            (f for f in (f"make_{attribute}", method.lstrip("_")) if f in self.style.fixtures),
            None,
        )
        if factory is None:
            raise Unsupported(f"calls self.{method}, which sets self.{attribute}")
        self.taken.add(factory)
        self.locals.add(attribute)
        assign = cst.Assign(
            targets=[cst.AssignTarget(cst.Name(attribute))],
            value=call.with_changes(func=cst.Name(factory)),
        )
        return line.with_changes(body=[assign])

    def leave_WithItem(self, original: cst.WithItem, updated: cst.WithItem) -> cst.WithItem:
        call = updated.item
        method = _self_method(call.func) if isinstance(call, cst.Call) else None
        if method not in _RAISES or not isinstance(call, cst.Call):
            return updated
        args = list(call.args)
        if _RAISES[method] and len(args) >= 2:
            args[1] = args[1].with_changes(keyword=cst.Name("match"), equal=_EQUAL)
        self.uses_pytest = True
        if updated.asname is not None and isinstance(updated.asname.name, cst.Name):
            self.raised.add(updated.asname.name.value)  # its ``.exception`` is ``.value`` now
        return updated.with_changes(
            item=call.with_changes(func=_dotted("pytest.raises"), args=args)
        )

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        holder = updated.value.value if isinstance(updated.value, cst.Name) else None
        if holder in self.raised and updated.attr.value == "exception":
            return updated.with_changes(attr=cst.Name("value"))
        if holder != "self":
            return updated
        name = updated.attr.value
        if name in self.locals:
            return cst.Name(name)
        if name in self.style.fixtures:
            self.taken.add(name)
            return cst.Name(name)
        if name in self.style.methods or id(original) in self.handled:
            return updated  # a method of the mirror class; an assert rewritten by its statement
        raise Unsupported(f"uses self.{name}, which the mirror's class has no fixture for")


_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


def _self_method(func: cst.BaseExpression) -> str | None:
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
        return func.attr.value if func.value.value == "self" else None
    return None


def _assert_statement(
    line: cst.SimpleStatementLine, method: str, call: cst.Call
) -> cst.SimpleStatementLine:
    """``self.assertEqual(a, b[, msg])`` as ``assert a == b[, msg]``."""
    template = _ASSERTS[method]
    operands = template.count("{")
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
    if len(positional) < operands or set(keywords) - {"msg"}:
        raise Unsupported(f"calls self.{method} in a form with no plain assert")
    message = keywords.get("msg") or (positional[operands] if len(positional) > operands else None)
    texts = [_operand(node) for node in positional[:operands]]
    test = template.format(*texts)
    code = f"assert {test}" + (f", {_operand(message)}" if message is not None else "")
    statement = cst.parse_statement(code)
    assert isinstance(statement, cst.SimpleStatementLine)
    return line.with_changes(body=statement.body)


def _operand(node: cst.BaseExpression) -> str:
    """An operand's code, parenthesised where it would not stand alone in an ``assert``: a
    loose expression, or one spanning lines (strings joined across lines)."""
    text = code_of(node)
    spans = "\n" in text and not node.lpar and not isinstance(node, _BRACKETED)
    bare = isinstance(node, _LOOSE) or spans
    return f"({text})" if bare else text


def _dotted(name: str) -> cst.BaseExpression:
    return cst.parse_expression(name)


@dataclass
class Lifted:
    """The module with methods lifted out of their class: ``{old qualname: new}``."""

    text: str
    lifted: dict[str, str] = field(default_factory=dict)
    uses_pytest: bool = False


def lift_to_functions(text: str, qualnames: Iterable[str], mark: str | None = None) -> Lifted:
    """Test methods of a class the mirror cannot have (its base is not mirrored) that use
    nothing of ``self`` but its assert methods, as module-level pytest functions after the
    class (``self.assertEqual(a, b)`` -> ``assert a == b``; the class's decorators, patches
    of a value, kept on each; ``mark`` on one that is async)."""
    module = cst.parse_module(text)
    top = {s.name.value for s in module.body if isinstance(s, cst.FunctionDef | cst.ClassDef)}
    wanted: dict[str, set[str]] = {}
    for qualname in qualnames:
        owner, _, name = qualname.partition(".")
        if name and "." not in name and name not in top:
            wanted.setdefault(owner, set()).add(name)
    lifter = _Lifter(wanted, mark)
    code = module.visit(lifter).code
    return Lifted(code, lifter.lifted, lifter.uses_pytest)


class _Lifter(cst.CSTTransformer):
    def __init__(self, wanted: dict[str, set[str]], mark: str | None) -> None:
        self.wanted, self.mark = wanted, mark
        self.lifted: dict[str, str] = {}
        self.uses_pytest = False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        return functions_after_classes(updated, self._split, set(self.wanted))

    def _split(self, cls: cst.ClassDef) -> tuple[cst.ClassDef, list[cst.FunctionDef]]:
        """The class without the methods it lifts, and those methods as functions."""
        if any(not patches_a_value(d.decorator) for d in cls.decorators):
            return cls, []
        assert isinstance(cls.body, cst.IndentedBlock)
        kept: list[cst.BaseStatement] = []
        functions = []
        for statement in cls.body.body:
            function = self._lifted(cls, statement)
            if function is None:
                kept.append(statement)
            else:
                functions.append(function)
        if not kept:
            kept = [cst.SimpleStatementLine([cst.Pass()])]
        return cls.with_changes(body=cls.body.with_changes(body=kept)), functions

    def _lifted(self, cls: cst.ClassDef, statement: cst.BaseStatement) -> cst.FunctionDef | None:
        owner = cls.name.value
        if not isinstance(statement, cst.FunctionDef):
            return None
        name = statement.name.value
        params = statement.params.params
        if name not in self.wanted[owner] or not params or params[0].name.value != "self":
            return None
        try:
            rewritten, uses_pytest = rewrite_asserts(statement, PytestClass([], set()))
        except Unsupported:
            return None
        self.uses_pytest |= uses_pytest
        self.lifted[f"{owner}.{name}"] = name
        rest = [p.with_changes(comma=cst.MaybeSentinel.DEFAULT) for p in params[1:]]
        decorators = [*cls.decorators, *rewritten.decorators]
        if rewritten.asynchronous is not None and self.mark:
            decorators.append(cst.Decorator(cst.parse_expression(self.mark)))
            self.uses_pytest = True
        return rewritten.with_changes(
            params=rewritten.params.with_changes(params=rest),
            decorators=decorators,
            leading_lines=[cst.EmptyLine(indent=False)] * 2,
        )


def functions_after_classes(
    module: cst.Module,
    split: Callable[[cst.ClassDef], tuple[cst.ClassDef, list[cst.FunctionDef]]],
    classes: set[str],
) -> cst.Module:
    """``module`` with each of ``classes`` replaced by what ``split`` makes of it: the class
    (without what it gave up) followed by module functions."""
    body: list[cst.BaseStatement] = []
    for statement in module.body:
        if isinstance(statement, cst.ClassDef) and statement.name.value in classes:
            kept, functions = split(statement)
            body += [kept, *functions]
        else:
            body.append(statement)
    return module.with_changes(body=body)
