"""Where botocore's tests come from — the clone when one is configured, else each release's
sdist on the package index (wheels carry no tests) — and where aiobotocore mirrors them."""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from botoport.mirror.trees import SourceTree

if TYPE_CHECKING:  # GitPython is imported only by a run that reads a clone
    from botoport.sources.git import GitSource

# aiobotocore's mirrors of botocore's ``tests/`` (older trees: ``tests/boto_tests``).
MIRROR_ROOTS = ("tests/botocore_tests", "tests/boto_tests")
_DATA_SUFFIXES = (".json", ".yaml", ".yml", ".txt", ".xml", ".ini", ".cfg")
# The sections of botocore's tests aiobotocore mirrors (its integration tests call AWS).
TEST_SECTIONS = ("unit", "functional")
_TEST_MODULE = re.compile(rf"^tests/({'|'.join(TEST_SECTIONS)})/(.+/)?test_[^/]+\.py$")


class TestFiles(Protocol):
    """botocore's test files by release."""

    def changed_files(self, from_version: str, to_version: str) -> list[str]:
        """Paths under ``tests/`` whose contents differ between the two releases."""
        ...

    def read(self, version: str, path: str) -> str | None:
        """A file's text at a release, or None."""
        ...


class CloneTests:
    """botocore's tests read from a git clone (the source ``--botocore-clone`` names)."""

    def __init__(self, clone: GitSource) -> None:
        self.clone = clone

    def changed_files(self, from_version: str, to_version: str) -> list[str]:
        """Files under ``tests/unit`` and ``tests/functional`` that differ between the tags."""
        return self.clone.changed_tests(from_version, to_version)

    def read(self, version: str, path: str) -> str | None:
        """A file's text at a tag, or None."""
        return self.clone.read(version, path)


def is_test_module(path: str) -> bool:
    """``tests/unit/**/test_*.py`` or ``tests/functional/**/test_*.py``."""
    return _TEST_MODULE.match(path) is not None


def mirror_root(tree: SourceTree) -> str:
    """The folder of ``tree`` that mirrors botocore's ``tests/`` (the newer name when neither
    exists yet)."""
    for root in MIRROR_ROOTS:
        if tree.read(f"{root}/__init__.py") is not None:
            return root
    return MIRROR_ROOTS[0]


def mirror_path(root: str, botocore_path: str) -> str:
    """aiobotocore's mirror of a botocore test file: the same path under ``root``."""
    return f"{root}/{botocore_path.removeprefix('tests/')}"


def mirror_modules(root: str, dotted: str) -> list[str]:
    """Where the mirror of botocore's test module or package ``dotted`` may sit
    (``tests.unit`` -> ``tests/botocore_tests/unit.py``, ``.../unit/__init__.py``); nothing
    for a module outside ``tests``."""
    if dotted != "tests" and not dotted.startswith("tests."):
        return []
    inner = "/".join([root, *dotted.split(".")[1:]])
    return [f"{inner}.py", f"{inner}/__init__.py"]


def mirror_dotted(root: str, dotted: str) -> str:
    """The dotted name of the mirror of botocore's test module ``dotted``."""
    return root.replace("/", ".") + dotted.removeprefix("tests")


def data_files_named(nodes: Iterable[ast.AST], test_path: str) -> set[str]:
    """The data files (JSON, YAML, …) beside botocore test file ``test_path`` that ``nodes``
    name: a string ``'x.json'``, or the strings of a path join
    (``os.path.join(os.path.dirname(__file__), 'login', 'cases.json')``), as paths of
    botocore's tree."""
    found: set[str] = set()
    folder = posixpath.dirname(test_path)
    for node in nodes:
        for inner in ast.walk(node):
            parts: list[str] = []
            if isinstance(inner, ast.Call) and dotted_tail(inner.func) == "join":
                parts = [text for text in map(_string, inner.args) if text is not None]
            elif _string(inner) is not None:
                parts = [_string(inner) or ""]
            if parts and parts[-1].endswith(_DATA_SUFFIXES) and "\n" not in parts[-1]:
                found.add(posixpath.normpath(posixpath.join(folder, *parts)))
    return {path for path in found if path.startswith(f"{folder}/")}


def dotted_tail(node: ast.expr) -> str | None:
    """The last name of ``a.b.c`` (``c``), or of a bare name."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
