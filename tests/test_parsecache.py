"""The parsed-table cache: same answers as parsing, shared by runs, rebuilt when corrupt."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from botoport.cache.parsed import ParseCache, blob_sha, cache_stamp
from botoport.syntax.functions import read_functions

MODULE = '''\
import socket


@decorated(
    "x",
)
def top(a: int) -> str:
    """Doc."""
    return str(a)


class Outer:
    class Inner:
        @property
        def value(self):
            text = """
not indented
    at all"""
            return text

        @value.setter
        def value(self, new):
            self._v = new

    async def fetch(self):  # a comment
        return await self.conn.read(
            1,
        )


if True:
\tdef tabbed():
\t\treturn socket.socket()


class Client:
    def __init__(self):
        self.conn = Connection()


PARSERS = {'json': JSONParser, 'xml': XMLParser}


def add_presign(class_attributes, **kwargs):
    class_attributes['presign'] = top
'''


def test_blob_sha_is_gits(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(MODULE, encoding="utf-8")
    done = subprocess.run(
        ["git", "hash-object", str(tmp_path / "m.py")], capture_output=True, text=True, check=True
    )
    assert blob_sha(MODULE) == done.stdout.strip()


def test_cached_table_equals_parsed_table(tmp_path: Path) -> None:
    parsed = read_functions(MODULE)
    ParseCache(tmp_path).table(MODULE)
    fresh = ParseCache(tmp_path)
    cached = fresh.table(MODULE)
    assert fresh.parsed == 0  # came from disk
    assert cached.functions == parsed.functions
    assert cached.classes == parsed.classes and cached.imports == parsed.imports
    # What the rules read besides functions survives the round trip too (and is there to lose).
    assert cached.attached == parsed.attached == {"top": "BaseClient"}
    assert cached.name_tables == parsed.name_tables and set(parsed.name_tables) == {"PARSERS"}
    assert cached.assigned == parsed.assigned == ("PARSERS",)
    attributes = {name: info.attributes for name, info in parsed.classes.items() if info.attributes}
    assert attributes == {"Client": {"conn": "Connection"}}
    assert {name: cached.classes[name].attributes for name in attributes} == attributes
    for name, fn in parsed.functions.items():
        # Trees rebuilt from each function's own text give the same canonical lines and calls.
        assert cached.functions[name].canonical == fn.canonical, name
        assert cached.functions[name].canonical_body == fn.canonical_body, name


def test_one_parse_per_blob_within_a_run() -> None:
    cache = ParseCache()  # memory only
    first = cache.table(MODULE)
    assert cache.table(MODULE) is first
    cache.table(MODULE + "\n# changed\n")
    assert cache.parsed == 2


@pytest.mark.parametrize("damage", ["", "{not json", '{"functions": 1}', "[]"])
def test_corrupt_entry_is_rebuilt(tmp_path: Path, damage: str) -> None:
    ParseCache(tmp_path).table(MODULE)
    [entry] = (tmp_path / "tables").rglob("*.json")
    entry.write_text(damage, encoding="utf-8")
    cache = ParseCache(tmp_path)
    assert cache.table(MODULE).functions.keys() == read_functions(MODULE).functions.keys()
    assert cache.parsed == 1
    assert json.loads(entry.read_text(encoding="utf-8"))["functions"]  # overwritten whole


def test_entries_are_stamped_with_botoport_and_python(tmp_path: Path) -> None:
    ParseCache(tmp_path).table(MODULE)
    [entry] = (tmp_path / "tables").rglob("*.json")
    assert entry.relative_to(tmp_path / "tables").parts[0] == cache_stamp()
    assert entry.parent.name + entry.stem == blob_sha(MODULE)
    assert [p.name for p in entry.parent.iterdir()] == [entry.name]  # no temporary file left


def test_unwritable_cache_still_answers(tmp_path: Path) -> None:
    (tmp_path / "tables").write_text("a file where a folder should be")
    cache = ParseCache(tmp_path)
    assert "top" in cache.table(MODULE).functions


def test_canonical_forms_are_kept_for_the_next_run(tmp_path: Path) -> None:
    first = ParseCache(tmp_path)
    wanted = first.table(MODULE).functions["Outer.fetch"].canonical
    first.flush()
    again = ParseCache(tmp_path).table(MODULE).functions["Outer.fetch"]
    assert "canonical" in again.__dict__  # loaded, not recomputed
    assert again.canonical == wanted
    assert "canonical" not in ParseCache(tmp_path).table(MODULE).functions["top"].__dict__


def test_registries_round_trip_through_the_cache(tmp_path: Path) -> None:
    from botoport.mirror.trees import MemoryTree
    from botoport.port.registries import read_registries

    from tests.sample import AIO_FILES

    tree = MemoryTree(AIO_FILES)
    first = ParseCache(tmp_path).registries(tree)
    assert first == read_registries(tree)
    [entry] = (tmp_path / "tables").rglob("*.json")
    assert ParseCache(tmp_path).registries(tree) == first
    entry.write_text("[1, 2]")
    assert ParseCache(tmp_path).registries(tree) == first  # corrupt: rebuilt
    changed = MemoryTree({**AIO_FILES, "aiobotocore/extra.py": "async def more():\n    pass\n"})
    assert "more" in ParseCache(tmp_path).registries(changed).async_methods


@pytest.mark.parametrize(
    "stored",
    [[], {"functions": 5}, {"functions": {"x": [1, 2]}}, "text", None, 5, {"classes": {"A": 1}}],
    ids=["list", "number-functions", "short-function", "string", "null", "number", "bad-class"],
)
def test_entries_of_the_wrong_shape_are_rebuilt(tmp_path: Path, stored: object) -> None:
    source = "class A:\n    def f(self):\n        return 1\n"
    ParseCache(tmp_path).table(source, "m.py")
    [entry] = tmp_path.rglob("*.json")
    entry.write_text(json.dumps(stored))
    assert list(ParseCache(tmp_path).table(source, "m.py").functions) == ["A.f"]
    assert json.loads(entry.read_text()) != stored  # rewritten with the rebuilt table
