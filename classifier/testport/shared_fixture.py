"""A session fixture of one mirror section, shared with a section that has none.

aiobotocore's functional mirrors give botocore's session through a fixture of their
``conftest.py`` (``patched_session`` returns ``create_session()``); its unit mirrors have none,
so a botocore session test of ``tests/unit`` has nothing to be lifted over. When another section
of the mirror has such a fixture, it is copied — with the imports it uses — into the
``conftest.py`` of the section that needs it (created when there is none). Pure: texts in, text
out; the plan writes the copy only with a test that takes the fixture.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from botoport.mirror.trees import SourceTree
from botoport.port.imports import add_imports, missing_imports
from botoport.syntax.functions import module_imports
from botoport.testport.dialect import fixture_returns, top_function, top_level_names
from botoport.testport.files import TEST_SECTIONS
from botoport.testport.place import import_block

_CONFTEST = "conftest.py"


@dataclass(frozen=True)
class FixtureCopy:
    """The fixture ``name`` copied into ``conftest`` (a mirror section's): its text with it."""

    conftest: str
    name: str
    text: str


def section_conftest(root: str, target: str) -> str:
    """The ``conftest.py`` of the mirror section (``unit``, ``functional``) holding the mirror
    file ``target``; the mirror root's own for a file directly in it."""
    parts = target.removeprefix(f"{root}/").split("/")
    return "/".join([root, *parts[:1], _CONFTEST] if len(parts) > 1 else [root, _CONFTEST])


def shared_fixture(tree: SourceTree, root: str, target: str, function: str) -> FixtureCopy | None:
    """A fixture returning a call of ``function`` from another section's ``conftest.py``,
    copied into the section conftest of ``target``; None when no section has one, or when that
    conftest binds the name already (it would not be the same fixture) or does not parse."""
    conftest = section_conftest(root, target)
    for section in TEST_SECTIONS:
        source = f"{root}/{section}/{_CONFTEST}"
        if source == conftest:
            continue
        found = _fixture_returning(tree.read(source) or "", function)
        if found is not None:
            return _copied(tree.read(conftest), conftest, *found)
    return None


def _fixture_returning(text: str, function: str) -> tuple[str, str, dict[str, str]] | None:
    """The first fixture of ``text`` returning a call of ``function``: (its name, its source
    with its decorators, the module's imports)."""
    name = next((f for f, calls in fixture_returns(text).items() if function in calls), None)
    if name is None:  # none, or a text that does not parse
        return None
    module = ast.parse(text)
    node = top_function(module, name)
    assert node is not None  # fixture_returns read it there
    decorators = [f"@{ast.get_source_segment(text, d)}\n" for d in node.decorator_list]
    source = "".join(decorators) + (ast.get_source_segment(text, node) or "") + "\n"
    return node.name, source, module_imports(module)


def _copied(
    text: str | None, conftest: str, name: str, source: str, imports: dict[str, str]
) -> FixtureCopy | None:
    """``conftest`` (``text``; None: it does not exist) with the fixture ``source`` after
    its last item and the imports it uses."""
    try:
        ast.parse(text or "")
    except SyntaxError:
        return None
    if name in top_level_names(text or ""):
        return None
    statements = sorted(missing_imports(source, imports, text or ""))
    if text is None or not text.strip():
        block = import_block(statements)
        return FixtureCopy(conftest, name, (block + "\n\n" if block else "") + source)
    with_imports = add_imports(text, statements) if statements else text
    return FixtureCopy(conftest, name, with_imports.rstrip("\n") + "\n\n\n" + source)
