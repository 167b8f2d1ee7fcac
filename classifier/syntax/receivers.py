"""What a receiver is, read from the code (SPEC, "Receivers are resolved"): the class of
``self.attr`` from what any method of the class assigns to it, the class of a local name
from its assignment or its parameter's default or annotation, and the class whose ``self``
a module function receives when botocore attaches it to that class. Only constructor calls
``C(...)`` (a capitalised name) and annotations naming a class count; anything else stays
unknown."""

from __future__ import annotations

import ast

from botoport.syntax.walk import walk_statements

_FunctionNode = (ast.FunctionDef, ast.AsyncFunctionDef)
# The keyword of botocore's ``creating-client-class`` event: the namespace of the client class
# being built, into which handlers put module functions as methods.
_CLIENT_NAMESPACE = "class_attributes"
CLIENT_CLASS = "BaseClient"


def attached_functions(tree: ast.Module) -> dict[str, str]:
    """``{function: class}`` for the module functions a handler of the module puts on a class:
    ``class_attributes['name'] = function`` attaches ``function`` to the client class."""
    found: dict[str, str] = {}
    for handler in tree.body:
        if not isinstance(handler, _FunctionNode):
            continue
        params = {a.arg for a in (*handler.args.args, *handler.args.kwonlyargs)}
        if _CLIENT_NAMESPACE not in params:
            continue
        for node in ast.walk(handler):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Name)
                and any(_is_namespace_item(target) for target in node.targets)
            ):
                found[node.value.id] = CLIENT_CLASS
    return found


def _is_namespace_item(target: ast.expr) -> bool:
    return (
        isinstance(target, ast.Subscript)
        and isinstance(target.value, ast.Name)
        and target.value.id == _CLIENT_NAMESPACE
    )


def named_after(receiver: str, class_names: list[str]) -> str | None:
    """The one class of ``class_names`` the receiver's last name spells in snake case
    (``self._request_signer`` -> ``RequestSigner``, ``session`` -> ``Session``), else None."""
    spelled = receiver.rsplit(".", 1)[-1].replace("_", "").lower()
    matches = [name for name in class_names if name.lower() == spelled]
    return matches[0] if len(matches) == 1 else None


def attribute_types(cls: ast.ClassDef) -> dict[str, str]:
    """``{attr: class name}`` for ``self.attr = C(...)`` in any method of ``cls`` (also through
    a parameter whose default is ``C(...)`` or whose annotation is ``C``). An attribute given
    two different classes is left out."""
    found: dict[str, set[str]] = {}
    for method in cls.body:
        if not isinstance(method, _FunctionNode):
            continue
        params = _parameter_types(method)
        for node in walk_statements(method.body):
            if not isinstance(node, ast.Assign):
                continue
            kind = _value_type(node.value, params)
            for target in node.targets:
                attr = self_attribute(target)
                if kind and attr is not None:
                    found.setdefault(attr, set()).add(kind)
    return {attr: next(iter(kinds)) for attr, kinds in found.items() if len(kinds) == 1}


def local_types(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, str]:
    """``{name: class name}`` for the function's parameters (default ``C(...)`` or annotation
    ``C``) and locals assigned ``C(...)``; a name given two different classes is left out."""
    found: dict[str, set[str]] = {k: {v} for k, v in _parameter_types(fn).items()}
    for node in walk_statements(fn.body):
        if isinstance(node, ast.Assign):
            kind = _constructed(node.value)
            for target in node.targets:
                if kind and isinstance(target, ast.Name):
                    found.setdefault(target.id, set()).add(kind)
    return {name: next(iter(kinds)) for name, kinds in found.items() if len(kinds) == 1}


def _parameter_types(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, str]:
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += list(args.defaults)
    pairs = [
        *zip(positional, defaults, strict=True),
        *zip(args.kwonlyargs, args.kw_defaults, strict=True),
    ]
    found = {}
    for arg, default in pairs:
        kind = _annotated(arg.annotation) or (_constructed(default) if default else None)
        if kind:
            found[arg.arg] = kind
    return found


def _value_type(value: ast.expr, params: dict[str, str]) -> str | None:
    if isinstance(value, ast.Name):
        return params.get(value.id)
    return _constructed(value)


def constructed_type(value: ast.expr | None, imports: dict[str, str]) -> str | None:
    """The dotted class a constructor call ``C(...)`` builds, its root resolved through the
    module's imports (``BufferedReader(...)`` after ``from io import BufferedReader`` ->
    ``io.BufferedReader``)."""
    name = _constructed(value)
    if name is None:
        return None
    root, _, rest = name.partition(".")
    origin = imports.get(root, root)
    return f"{origin}.{rest}" if rest else origin


def _constructed(value: ast.expr | None) -> str | None:
    """``C`` for a call ``C(...)`` or ``module.C(...)`` of a capitalised name."""
    if not isinstance(value, ast.Call):
        return None
    name = dotted_name(value.func)
    return name if name and name.rsplit(".", 1)[-1][:1].isupper() else None


def _annotated(annotation: ast.expr | None) -> str | None:
    if annotation is None:
        return None
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        text = annotation.value.strip()
        return text if text.replace(".", "").isidentifier() and text[:1].isupper() else None
    name = dotted_name(annotation)
    return name if name and name.rsplit(".", 1)[-1][:1].isupper() else None


def self_reads(node: ast.AST) -> set[str]:
    """Every ``x`` of a ``self.x`` in ``node``."""
    return {attr for inner in ast.walk(node) if (attr := self_attribute(inner))}


def self_attribute(node: ast.AST) -> str | None:
    """``x`` for ``self.x``, else None."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.attr if node.value.id == "self" else None
    return None


def dotted_name(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr}" if base else None
    return None
