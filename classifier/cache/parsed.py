"""Function tables cached on disk by the git blob SHA of the module's text.

A module's table (functions with their lines, source and decorators; classes; imports) is kept
as one JSON file per blob, so the same file at many releases is parsed once, ever. Syntax trees
are not stored: a function's tree is rebuilt from its own source only when its canonical form
is needed, which is for the few functions that differ.

Entries live under ``<cache>/tables/<stamp>/``, where the stamp is botoport's version and the
Python version (``ast`` output differs between Pythons), so an upgrade starts a fresh folder.
Each entry is written to a temporary file and renamed into place: two runs sharing the cache
never read half an entry, and an entry that does not load is rebuilt, never fatal.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from botoport.about import __version__
from botoport.cache.folder import TABLES, claim
from botoport.fileio import write_atomically
from botoport.mirror.trees import PATCHES_PATH, SourceTree
from botoport.patches.read import OverrideEntry
from botoport.port.registries import AioClass, Registries, read_registries
from botoport.syntax.functions import (
    Call,
    ClassInfo,
    FunctionInfo,
    LineFacts,
    ModuleTable,
    NameTable,
    read_functions,
)

_FUNCTION_FIELDS = (
    "qualname",
    "name",
    "class_qualname",
    "is_async",
    "def_line",
    "start_line",
    "end_line",
    "source",
    "decorators",
)


def blob_sha(text: str) -> str:
    """The SHA git gives a blob holding ``text`` as UTF-8 (equal to ``git hash-object``)."""
    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


# Raised whenever what a table or the registries hold changes shape, so that a development
# checkout never reads entries an older layout wrote under the same version.
_LAYOUT = 6


def cache_stamp() -> str:
    """The folder name that ties entries to this botoport, its table layout and this Python."""
    python = f"py{sys.version_info[0]}.{sys.version_info[1]}"
    return f"botoport-{__version__}-t{_LAYOUT}-{python}"


class ParseCache:
    """Parse-once function tables: in memory for a run, on disk (when given a folder) across runs.

    ``table(text, path)`` is a drop-in for :func:`botoport.syntax.functions.read_functions`.
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.folder = cache_dir / TABLES / cache_stamp() if cache_dir else None
        self._claimed = False
        self._memory: dict[str, ModuleTable] = {}
        self._stored_canonical: dict[str, int] = {}  # canonical forms each entry holds on disk
        self.parsed = 0  # tables built by parsing in this run (the rest came from disk or memory)

    def table(self, text: str, path: str = "<source>") -> ModuleTable:
        """The table of ``text``; ParseFailure, as from ``read_functions``, if it is not Python."""
        key = blob_sha(text)
        if key in self._memory:
            return self._memory[key]
        table = self._load(key)
        if table is None:
            table = read_functions(text, path)
            self.parsed += 1
            self._store(key, table)
        self._memory[key] = table
        return table

    def registries(self, tree: SourceTree) -> Registries:
        """The tree's registries, cached under the SHA of all its files' blobs."""
        paths = [*tree.python_files(), PATCHES_PATH]
        digest = hashlib.sha1()
        for path in paths:
            digest.update(f"{path}\0{blob_sha(tree.read(path) or '')}\0".encode())
        key = "registries-" + digest.hexdigest()
        entry = self._entry(key)
        if entry is not None and entry.is_file():
            try:
                return registries_from_json(json.loads(entry.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                pass  # rebuilt below
        registries = read_registries(tree)
        self._write(key, registries_to_json(registries))
        return registries

    def flush(self) -> None:
        """Write back the canonical forms this run computed, so the next run skips them too."""
        for key, table in self._memory.items():
            if _canonical_count(table) > self._stored_canonical.get(key, 0):
                self._store(key, table)

    def _entry(self, key: str) -> Path | None:
        return self.folder / key[:2] / f"{key[2:]}.json" if self.folder else None

    def _load(self, key: str) -> ModuleTable | None:
        entry = self._entry(key)
        if entry is None or not entry.is_file():
            return None
        try:
            table = table_from_json(json.loads(entry.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # corrupt or foreign: rebuilt and overwritten below
        self._stored_canonical[key] = _canonical_count(table)
        return table

    def _store(self, key: str, table: ModuleTable) -> None:
        if self._write(key, table_to_json(table)):
            self._stored_canonical[key] = _canonical_count(table)

    def _write(self, key: str, data: object) -> bool:
        """Write an entry atomically; False (and nothing written) when the cache is unusable."""
        entry = self._entry(key)
        if entry is None:
            return False
        try:
            if not self._claimed:
                claim(entry.parent.parent.parent)  # the tables part, stamped folders inside
                self._claimed = True
            entry.parent.mkdir(parents=True, exist_ok=True)
            # dumps (one C-encoded string) is several times faster than dump's chunks
            write_atomically(entry, json.dumps(data))
        except OSError:
            return False  # a read-only or full cache costs speed, never a result
        return True


def _canonical_count(table: ModuleTable) -> int:
    return sum("canonical" in fn.__dict__ for fn in table.functions.values())


def _facts_to_json(lines: tuple[LineFacts, ...]) -> list[Any]:
    def calls(items: tuple[Call, ...]) -> list[Any]:
        return [[c.receiver, c.name, c.dotted] for c in items]

    return [[line.text, calls(line.calls), calls(line.references)] for line in lines]


def _facts_from_json(data: list[Any]) -> tuple[LineFacts, ...]:
    def calls(items: list[Any]) -> tuple[Call, ...]:
        return tuple(Call(receiver, name, dotted) for receiver, name, dotted in items)

    return tuple(LineFacts(text, calls(c), calls(r)) for text, c, r in data)


def _function_to_json(fn: FunctionInfo) -> dict[str, Any]:
    data = {name: getattr(fn, name) for name in _FUNCTION_FIELDS}
    if "canonical" in fn.__dict__:  # computed this run or loaded: worth keeping
        data["canonical"] = _facts_to_json(fn.canonical)
    return data


def table_to_json(table: ModuleTable) -> dict[str, Any]:
    """A table as plain JSON data (no syntax trees; canonical forms where computed)."""
    return {
        "functions": [_function_to_json(fn) for fn in table.functions.values()],
        "classes": [
            [c.qualname, list(c.bases), c.line, c.attributes] for c in table.classes.values()
        ],
        "imports": table.imports,
        "attached": table.attached,
        "name_tables": [
            [t.name, t.line, t.last_entry_line, t.entries] for t in table.name_tables.values()
        ],
        "assigned": list(table.assigned),
    }


def table_from_json(data: dict[str, Any]) -> ModuleTable:
    """The inverse of :func:`table_to_json`."""
    imports = {str(k): str(v) for k, v in data["imports"].items()}
    functions = {}
    for item in data["functions"]:
        fields = {name: item[name] for name in _FUNCTION_FIELDS}
        fields["decorators"] = tuple(fields["decorators"])
        fn = FunctionInfo(**fields, imports=imports)
        if "canonical" in item:
            fn.__dict__["canonical"] = _facts_from_json(item["canonical"])
        functions[fields["qualname"]] = fn
    classes = {
        qualname: ClassInfo(
            qualname, tuple(bases), line, {str(k): str(v) for k, v in attrs.items()}
        )
        for qualname, bases, line, attrs in data["classes"]
    }
    attached = {str(k): str(v) for k, v in data["attached"].items()}
    tables = {
        name: NameTable(name, line, last, {str(k): str(v) for k, v in entries.items()})
        for name, line, last, entries in data["name_tables"]
    }
    assigned = tuple(str(name) for name in data["assigned"])
    return ModuleTable(functions, classes, imports, attached, tables, assigned)


def registries_to_json(reg: Registries) -> dict[str, Any]:
    """Registries as plain JSON data."""
    return {
        "overrides": [
            [e.raw, e.qualname, e.module, sorted(e.digests), e.line] for e in reg.overrides
        ],
        "async_methods": sorted(reg.async_methods),
        "aio_classes": [
            [c.name, c.path, c.line, list(c.bases), c.methods, sorted(c.async_methods), c.wrapped]
            for c in reg.aio_classes
        ],
        "module_functions": reg.module_functions,
        "identifiers": reg.identifiers,
        "async_generators": sorted(reg.async_generators),
        "async_contexts": sorted(reg.async_contexts),
    }


def registries_from_json(data: dict[str, Any]) -> Registries:
    """The inverse of :func:`registries_to_json`."""
    overrides = [
        OverrideEntry(raw, qual, module, frozenset(digests), line)
        for raw, qual, module, digests, line in data["overrides"]
    ]
    classes = [
        AioClass(name, path, line, tuple(bases), dict(methods), set(async_methods), dict(wrapped))
        for name, path, line, bases, methods, async_methods, wrapped in data["aio_classes"]
    ]
    module_functions = {
        path: {name: (line, bool(is_async)) for name, (line, is_async) in names.items()}
        for path, names in data["module_functions"].items()
    }
    identifiers = {
        name: [(path, line) for path, line in places]
        for name, places in data["identifiers"].items()
    }
    registries = Registries(
        overrides, set(data["async_methods"]), classes, module_functions, identifiers
    )
    registries.async_generators = set(data["async_generators"])
    registries.async_contexts = set(data["async_contexts"])
    return registries
