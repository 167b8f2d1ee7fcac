"""Whether a converted test fits the mirror as aiobotocore keeps it: a name the mirror binds
to another module, a base class the mirror keeps in another form (pytest fixtures, a
synchronous case, missing helpers), a set-up attribute the mirror gives otherwise. Each check
returns the tests that do not fit, with why. Pure: texts in."""

from __future__ import annotations

import ast

from botoport.syntax.functions import module_imports
from botoport.syntax.receivers import self_attribute, self_reads
from botoport.testport.convert import Converted
from botoport.testport.items import Item, parsed, read_items, used_by, with_helpers


def misfits(
    wanted: list[str],
    items: dict[str, Item],
    converted: Converted,
    mirror: str | None,
    present: set[str],
) -> dict[str, str]:
    """The wanted tests that do not fit the mirror, each with the first reason found."""
    found = name_clashes(wanted, items, converted, mirror, present)
    for check in (sync_bases, set_up_elsewhere, bases_kept_otherwise, helpers_kept_otherwise):
        for qualname, why in check(wanted, converted.text, mirror).items():
            found.setdefault(qualname, why)
    return found


def name_clashes(
    wanted: list[str],
    items: dict[str, Item],
    converted: Converted,
    mirror: str | None,
    present: set[str],
) -> dict[str, str]:
    """Tests using a name the mirror binds to another module (botocore's ``credentials``
    where the mirror imports aiobotocore's): ``{qualname: why}``."""
    if mirror is None:
        return {}
    bound = module_imports(parsed(mirror))
    clashes = {
        name: (origin, bound[name])
        for name, origin in converted.imports.items()
        if name in bound and bound[name] != origin and _is_boto(origin) and _is_boto(bound[name])
    }
    found = {}
    for qualname in wanted:
        used = set().union(*(used_by(items[q]) for q in with_helpers([qualname], items, present)))
        for name in sorted(used & clashes.keys()):
            ours, theirs = clashes[name]
            found[qualname] = f"uses {name} ({ours}), which the mirror binds to {theirs}"
            break
    return found


def sync_bases(wanted: list[str], text: str, mirror: str | None) -> dict[str, str]:
    """Tests of a class whose base the conversion made an ``IsolatedAsyncioTestCase`` while
    the mirror keeps its own, synchronous, version of that base (its async tests would never
    be awaited)."""
    if mirror is None:
        return {}
    ours, theirs = _async_cases(text), _async_cases(mirror)
    sync_in_mirror = {name for name, is_async in ours.items() if is_async and name in theirs}
    sync_in_mirror -= {name for name, is_async in theirs.items() if is_async}
    bases = {
        node.name: {ast.unparse(b) for b in node.bases}
        for node in parsed(text).body
        if isinstance(node, ast.ClassDef)
    }
    found = {}
    for qualname in wanted:
        owner = qualname.rpartition(".")[0]
        for base in sorted(bases.get(owner, set()) & sync_in_mirror):
            found[qualname] = (
                f"needs {base} as an IsolatedAsyncioTestCase; the mirror's {base} is not one"
            )
    return found


def bases_kept_otherwise(wanted: list[str], text: str, mirror: str | None) -> dict[str, str]:
    """Tests of a new class deriving (through the module) from a class the mirror keeps in
    another form: botocore's unittest base that the mirror writes in pytest style (fixtures
    for set-up, no assert methods), or whose methods the mirror does not have."""
    if mirror is None:
        return {}
    ours, theirs = _classes(text), _classes(mirror)
    found = {}
    for qualname in wanted:
        owner = qualname.rpartition(".")[0]
        if not owner or owner in theirs:
            continue
        for base in _module_bases(owner, ours):
            mine, kept = ours[base], theirs.get(base)
            if kept is None:
                continue
            if mine.bases and not kept.bases:
                found[qualname] = f"derives from {base}, which the mirror keeps as a pytest class"
            elif _members(mine) - _members(kept) - _FIXTURE_METHODS:
                missing = sorted(_members(mine) - _members(kept) - _FIXTURE_METHODS)[0]
                found[qualname] = f"derives from {base}, whose {missing} the mirror does not have"
            if qualname in found:
                break
    return found


def helpers_kept_otherwise(wanted: list[str], text: str, mirror: str | None) -> dict[str, str]:
    """Tests calling a module function the mirror has (a written test calls the mirror's)
    with other parameters than botocore's."""
    if mirror is None:
        return {}
    ours, theirs = _functions(text), _functions(mirror)
    differing = {
        n for n in ours.keys() & theirs.keys() if _parameters(ours[n]) != _parameters(theirs[n])
    }
    found = {}
    items = read_items(text)
    for qualname in wanted:
        item = items.get(qualname)
        for name in sorted(used_by(item) & differing if item is not None else ()):
            found[qualname] = (
                f"calls {name}, which the mirror defines with other parameters "
                f"({', '.join(_parameters(theirs[name]))})"
            )
            break
    return found


def _functions(text: str) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {
        n.name: n
        for n in parsed(text).body
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    arguments = function.args
    return [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]


def _module_bases(name: str, classes: dict[str, ast.ClassDef]) -> list[str]:
    """The classes of the module ``name`` derives from, nearest first."""
    found: list[str] = []
    stack = [ast.unparse(b) for b in classes[name].bases] if name in classes else []
    while stack:
        base = stack.pop(0)
        if base in classes and base not in found:
            found.append(base)
            stack += [ast.unparse(b) for b in classes[base].bases]
    return found


_SET_UPS = ("setUp", "asyncSetUp")
# Set-up and tear-down: compared by what they give (``_set_up_elsewhere``), not by name.
_FIXTURE_METHODS = {"setUp", "asyncSetUp", "tearDown", "asyncTearDown", "setUpClass"}


def set_up_elsewhere(wanted: list[str], text: str, mirror: str | None) -> dict[str, str]:
    """Tests using a ``self.x`` that botocore's set-up gives and the mirror's does not, or
    gives otherwise (the mirror keeps its own ``setUp`` of the class or of a base)."""
    if mirror is None:
        return {}
    ours, theirs = _classes(text), _classes(mirror)
    found = {}
    for qualname in wanted:
        owner, _, name = qualname.rpartition(".")
        test = _method(ours.get(owner), name)
        if test is None or owner not in ours:
            continue
        botocore_gives, _, _ = _given(owner, ours, {})
        mirror_gives, members, complete = _given(owner, ours, theirs)
        members |= _members(ours[owner])  # its helpers come along with the test
        assigned = {a for a, _ in _self_assignments(test)}
        for attr in sorted(self_reads(test) - assigned - members):
            if attr not in botocore_gives:
                continue
            if attr not in mirror_gives and complete:
                found[qualname] = f"uses self.{attr}, which the mirror's set-up does not give"
            elif attr in mirror_gives and mirror_gives[attr] != botocore_gives[attr]:
                found[qualname] = f"uses self.{attr}, which the mirror sets up otherwise"
    return found


def _classes(text: str) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in parsed(text).body if isinstance(n, ast.ClassDef)}


def _method(cls: ast.ClassDef | None, name: str) -> ast.AST | None:
    for node in cls.body if cls is not None else []:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            return node
    return None


def _given(
    name: str, ours: dict[str, ast.ClassDef], theirs: dict[str, ast.ClassDef]
) -> tuple[dict[str, str], set[str], bool]:
    """What the set-ups of class ``name`` and its bases give (``{attr: value shape}``) and
    what they define, the mirror's version of a class standing where it has one; and whether
    every base was read."""
    given: dict[str, str] = {}
    members: set[str] = set()
    complete, stack, seen = True, [name], set()
    while stack:
        current = stack.pop(0)
        cls = theirs.get(current) or ours.get(current)
        if cls is None or current in seen:
            complete &= current in seen or current.rpartition(".")[2] in _CASE_BASES
            continue
        seen.add(current)
        for set_up in _SET_UPS:
            for attr, shape in _self_assignments(_method(cls, set_up)):
                given.setdefault(attr, shape)
        members |= _members(cls)
        stack += [ast.unparse(b) for b in cls.bases]
    return given, members, complete


_CASE_BASES = ("TestCase", "IsolatedAsyncioTestCase", "object")


def _members(cls: ast.ClassDef) -> set[str]:
    """The methods and class attributes a class defines."""
    found = set()
    for node in cls.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.add(node.name)
        elif isinstance(node, ast.Assign):
            found |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return found


def _self_assignments(function: ast.AST | None) -> list[tuple[str, str]]:
    """``self.x = value`` in ``function``: (x, the value's shape)."""
    found = []
    for node in ast.walk(function) if function is not None else []:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                attr = self_attribute(target)
                if attr is not None:
                    found.append((attr, ast.dump(node.value)))
    return found


def _async_cases(text: str) -> dict[str, bool]:
    """Each class of a module: whether it derives from ``IsolatedAsyncioTestCase`` (directly,
    or through a class of the module)."""
    classes = [n for n in parsed(text).body if isinstance(n, ast.ClassDef)]
    found: dict[str, bool] = {}
    for node in classes:
        names = [ast.unparse(b) for b in node.bases]
        found[node.name] = any(
            n.endswith("IsolatedAsyncioTestCase") or found.get(n, False) for n in names
        )
    return found


def _is_boto(origin: str) -> bool:
    return origin.split(".", 1)[0] in ("botocore", "aiobotocore")
