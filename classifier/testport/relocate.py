"""Session tests whose base lives in another botocore test module, moved to that module's
mirror when only there a fixture gives botocore's session.

botocore 1.43.75 adds ``TestMaxAttemptsInRequestHeader(BaseRetryTest)`` to
``unit/retries/test_standard_retry_v2_1.py``, importing ``BaseRetryTest`` from
``tests.functional.test_retry``. Its tests need the session ``BaseSessionTest`` gives; aiobotocore's
``unit/`` has no fixture for it, its ``functional/`` has ``patched_session``. The maintainers wrote
them into ``functional/test_retry.py`` (botocore itself moved the class there in 1.44). So does
this: the class (and its module bases) joins the base's module, where the session lift
(``session_tests``) writes the tests that use the session as functions over the fixture. The
tests that do not use the session stay where they are. Pure: texts in.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from botoport.syntax.functions import first_line, module_imports
from botoport.testport.items import parsed
from botoport.testport.session_tests import lift_session_tests, session_chain

_PACKAGE = "tests"


@dataclass(frozen=True)
class Relocation:
    """Tests moved to the mirror of ``module`` (a botocore test path): ``text`` is that module
    at TO with the moved classes appended."""

    module: str
    text: str
    tests: list[str]


def relocations(
    path: str,
    text: str,
    wanted: Iterable[str],
    read_module: Callable[[str], str | None],
    bases: Mapping[str, str],
    fixture_of: Callable[[str], str | None],
) -> list[Relocation]:
    """The wanted session tests of ``path`` (its text) that move to the module their base
    comes from: ``fixture_of(path)`` (the session fixture in reach of a botocore test path's
    mirror) has none for ``path`` and one for that module."""
    if fixture_of(path) is not None:
        return []
    tree = parsed(text)
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    imports = module_imports(tree)
    by_module: dict[str, tuple[list[str], list[str]]] = {}  # module -> (classes, tests)
    for qualname in wanted:
        owner, _, name = qualname.partition(".")
        found = _base_elsewhere(owner, classes, imports)
        if not name or found is None:
            continue
        module, chain = found
        moved, tests = by_module.setdefault(module, ([], []))
        moved += [c for c in chain if c not in moved]
        tests.append(qualname)
    found_all = []
    for module, (moved, tests) in by_module.items():
        relocation = _relocation(module, text, moved, tests, read_module, bases, fixture_of)
        if relocation is not None:
            found_all.append(relocation)
    return found_all


def _base_elsewhere(
    owner: str, classes: dict[str, ast.ClassDef], imports: dict[str, str]
) -> tuple[str, list[str]] | None:
    """(the botocore test path, the module's classes from ``owner`` to it) when ``owner``
    derives, through classes of its module, from a class imported from another test module."""
    chain, name = [], owner
    while name in classes and name not in chain:
        chain.append(name)
        parents = [ast.unparse(b) for b in classes[name].bases]
        if len(parents) != 1:
            return None
        name = parents[0]
    origin = imports.get(name, "")
    module = origin.rpartition(".")[0]
    if not chain or not module.startswith(f"{_PACKAGE}.") or name in classes:
        return None
    return module.replace(".", "/") + ".py", chain


def _relocation(
    module: str,
    text: str,
    moved: list[str],
    tests: list[str],
    read_module: Callable[[str], str | None],
    bases: Mapping[str, str],
    fixture_of: Callable[[str], str | None],
) -> Relocation | None:
    """The relocation to ``module``, keeping the tests its session lift writes over the
    fixture; None when there is none, or when the moved code would clash with the module."""
    target, fixture = read_module(module), fixture_of(module)
    if target is None or fixture is None:
        return None
    try:
        combined = _combined(target, text, moved)
    except SyntaxError:  # the base's module does not parse: the tests stay, left there
        return None
    if combined is None:
        return None
    classes = {n.name: n for n in ast.parse(combined).body if isinstance(n, ast.ClassDef)}
    if any(session_chain(c, classes, bases) is None for c in moved[:1]):
        return None
    lift = lift_session_tests(combined, tests, bases, fixture)
    kept = [q for q in tests if q in lift.with_fixture]
    return Relocation(module, combined, kept) if kept else None


def _combined(target: str, text: str, moved: list[str]) -> str | None:
    """``target`` with ``moved`` (classes of ``text``) appended after ``text``'s imports the
    target lacks; None when a name would clash."""
    source = parsed(text)
    theirs = module_imports(parsed(target))
    bound = set(theirs) | {
        n.name for n in parsed(target).body if isinstance(n, ast.ClassDef | ast.FunctionDef)
    }
    if bound & set(moved):
        return None
    lines = text.splitlines(keepends=True)
    imports = []
    for node in source.body:
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        names = module_imports(ast.Module(body=[node], type_ignores=[]))
        if any(theirs.get(n, origin) != origin for n, origin in names.items()):
            return None  # the target binds one of these names to something else
        if set(names) - set(theirs):
            imports.append("".join(lines[node.lineno - 1 : node.end_lineno]))
    blocks = [
        "".join(lines[first_line(n) - 1 : n.end_lineno])
        for n in source.body
        if isinstance(n, ast.ClassDef) and n.name in moved
    ]
    return target.rstrip("\n") + "\n\n\n" + "".join(imports) + "\n\n" + "\n\n".join(blocks)
