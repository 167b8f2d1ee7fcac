"""``tests/test_patches.py`` read: its entries (the symbols aiobotocore overrides, with the
digests of botocore's source they were ported from) and what it imports from botocore.
Pure: text in, data out."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from botoport.errors import BotoportError
from botoport.mirror.paths import module_file
from botoport.mirror.trees import PATCHES_PATH
from botoport.syntax.functions import ParseFailure, parse_module

_ACCESSORS = {"fget": "", "fset": ".setter", "fdel": ".deleter"}
_DICT_ITEM = re.compile(r"\.__dict__\[(['\"])(?P<name>\w+)\1\]")


@dataclass(frozen=True)
class OverrideEntry:
    """One symbol tracked in ``test_patches.py``.

    ``qualname`` is the name as the function table spells it (``__wrapped__`` and property
    accessors resolved); ``module`` is the botocore module path for module-qualified entries
    (``retryhandler.RetryHandler.__call__`` -> ``botocore/retryhandler.py``), else None.
    """

    raw: str
    qualname: str
    module: str | None
    digests: frozenset[str]
    line: int
    dict_key: bool = False  # an entry of the legacy ``{symbol: {digests}}`` form


def read_overrides(patches_source: str) -> list[OverrideEntry]:
    """Entries of ``test_patches.py``: ``(symbol, {digests})`` tuples or ``{symbol: {digests}}``."""
    return overrides_of(parse_patches(patches_source))


def parse_patches(patches_source: str) -> ast.Module:
    """``test_patches.py``'s syntax tree; a BotoportError naming the file when it does not parse."""
    try:
        return parse_module(patches_source, PATCHES_PATH)
    except ParseFailure as exc:
        raise BotoportError(f"{PATCHES_PATH} does not parse: {exc}") from None


def overrides_of(tree: ast.Module) -> list[OverrideEntry]:
    """``read_overrides`` of a test_patches.py already parsed."""
    modules = _imported_modules(tree)
    entries: list[OverrideEntry] = []
    for node in ast.walk(tree):
        for symbol, digests in _entry_pairs(node):
            raw = ast.unparse(symbol)
            qualname, module = _normalise(raw, modules)
            keyed = isinstance(node, ast.Dict)
            entries.append(OverrideEntry(raw, qualname, module, digests, symbol.lineno, keyed))
    return entries


def _entry_pairs(node: ast.AST) -> list[tuple[ast.expr, frozenset[str]]]:
    if isinstance(node, ast.Tuple) and len(node.elts) == 2:
        digests = _digest_set(node.elts[1])
        return [] if digests is None else [(node.elts[0], digests)]
    if isinstance(node, ast.Dict):
        pairs = []
        for key, value in zip(node.keys, node.values, strict=True):
            digests = _digest_set(value)
            if key is not None and digests is not None:
                pairs.append((key, digests))
        return pairs
    return []


def _digest_set(node: ast.expr) -> frozenset[str] | None:
    if not isinstance(node, ast.Set):
        return None
    values = [
        e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
    ]
    if len(values) != len(node.elts):
        return None
    return frozenset(values)


def patches_imports(tree: ast.Module) -> dict[str, tuple[str, str]]:
    """What test_patches.py imports from botocore: ``{name: (module, attribute)}``, the
    attribute empty for ``import botocore.x as name`` (the name is then a module)."""
    found: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "botocore":
            for alias in node.names:
                found[alias.asname or alias.name] = (node.module or "", alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "botocore" and alias.asname:
                    found[alias.asname] = (alias.name, "")
    return found


def _imported_modules(tree: ast.Module) -> dict[str, str]:
    """Names in test_patches.py that are botocore modules, mapped to their file paths: a
    lowercase name imported from a ``botocore`` package (``from botocore import stub``) or a
    module imported under an alias."""
    return {
        name: module_file(f"{module}.{attr}" if attr else module)
        for name, (module, attr) in patches_imports(tree).items()
        if not attr or attr[:1].islower()
    }


def _normalise(raw: str, modules: dict[str, str]) -> tuple[str, str | None]:
    name = _DICT_ITEM.sub(lambda m: "." + m.group("name"), raw)
    parts = name.split(".")
    suffix = ""
    if parts[-1] in _ACCESSORS:
        suffix = _ACCESSORS[parts.pop()]
    while parts and parts[-1] == "__wrapped__":
        parts.pop()
    module = None
    if len(parts) > 1 and parts[0] in modules:
        module = modules[parts.pop(0)]
    return ".".join(parts) + suffix, module
