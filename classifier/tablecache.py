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
import os
import sys
import tempfile
from pathlib import Path

from . import __version__
from .functions import ClassInfo, FunctionInfo, ModuleTable, read_functions

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


def cache_stamp() -> str:
    """The folder name that ties entries to this botoport and this Python."""
    return f"botoport-{__version__}-py{sys.version_info[0]}.{sys.version_info[1]}"


class TableCache:
    """Parse-once function tables: in memory for a run, on disk (when given a folder) across runs.

    ``table(text, path)`` is a drop-in for :func:`classifier.functions.read_functions`.
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.folder = cache_dir / "tables" / cache_stamp() if cache_dir else None
        self._memory: dict[str, ModuleTable] = {}
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

    def _entry(self, key: str) -> Path | None:
        return self.folder / key[:2] / f"{key[2:]}.json" if self.folder else None

    def _load(self, key: str) -> ModuleTable | None:
        entry = self._entry(key)
        if entry is None or not entry.is_file():
            return None
        try:
            return table_from_json(json.loads(entry.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # corrupt or foreign: rebuilt and overwritten below

    def _store(self, key: str, table: ModuleTable) -> None:
        entry = self._entry(key)
        if entry is None:
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(table_to_json(table), out)
            os.replace(tmp, entry)
        except OSError:
            pass  # a read-only or full cache costs speed, never a result


def table_to_json(table: ModuleTable) -> dict:
    """A table as plain JSON data (no syntax trees)."""
    return {
        "functions": [
            {name: getattr(fn, name) for name in _FUNCTION_FIELDS}
            for fn in table.functions.values()
        ],
        "classes": [[c.qualname, list(c.bases), c.line] for c in table.classes.values()],
        "imports": table.imports,
    }


def table_from_json(data: dict) -> ModuleTable:
    """The inverse of :func:`table_to_json`."""
    imports = {str(k): str(v) for k, v in data["imports"].items()}
    functions = {}
    for item in data["functions"]:
        fields = {name: item[name] for name in _FUNCTION_FIELDS}
        fields["decorators"] = tuple(fields["decorators"])
        functions[fields["qualname"]] = FunctionInfo(**fields, imports=imports)
    classes = {
        qualname: ClassInfo(qualname, tuple(bases), line)
        for qualname, bases, line in data["classes"]
    }
    return ModuleTable(functions, classes, imports)
