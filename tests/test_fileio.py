"""Writing the user's files (fileio.py): all or nothing, byte-true to each file's line endings
and encoding, through symlinks, with the mode kept; and reading them as botoport reads them."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from botoport.errors import BotoportError
from botoport.fileio import decoded, write_all

LATIN = "# -*- coding: latin-1 -*-\nname = 'caf\u00e9'\n"


@pytest.mark.parametrize(
    ("name", "original", "text", "expected"),
    [
        ("a.py", b"x = 1\r\ny = 2\r\n", "x = 1\ny = 3\n", b"x = 1\r\ny = 3\r\n"),
        ("a.py", b"x = 1\ny = 2\n", "x = 1\ny = 3\n", b"x = 1\ny = 3\n"),
        ("a.py", b"\xef\xbb\xbfx = 1\n", "x = 2\n", b"\xef\xbb\xbfx = 2\n"),
        ("a.py", LATIN.encode("latin-1"), LATIN.replace("caf", "th"),
         LATIN.replace("caf", "th").encode("latin-1")),
        ("pyproject.toml", b"[project]\r\nname = 'x'\r\n", "[project]\nname = 'y'\n",
         b"[project]\r\nname = 'y'\r\n"),
    ],
    ids=["crlf-kept", "lf-kept", "bom-kept", "pep-263-encoding-kept", "crlf-toml"],
)  # fmt: skip
def test_a_file_is_written_as_it_was_laid_out(tmp_path, name, original, text, expected) -> None:
    path = tmp_path / name
    path.write_bytes(original)
    write_all({path: text})
    assert path.read_bytes() == expected
    assert decoded(expected, name.endswith(".py")) == text  # read back as botoport reads it


def test_nothing_is_written_when_one_file_cannot_be(tmp_path: Path) -> None:
    """The last file's folder is a file (as root, a read-only folder is still writable): the
    others are not touched, the folders made for a new file are gone again and no temporary
    file is left."""
    first, new = tmp_path / "pyproject.toml", tmp_path / "tests" / "unit" / "test_new.py"
    lost = tmp_path / "afile" / "mod.py"
    first.write_text("old\n")
    (tmp_path / "afile").write_text("")
    with pytest.raises(BotoportError, match=f"cannot write {lost}: Not a directory"):
        write_all({first: "new\n", new: "new\n", lost: "new\n"}, make_folders=True)
    assert first.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "pyproject.toml"]


def test_a_new_file_gets_its_folders_when_asked(tmp_path: Path) -> None:
    """A port's new test mirror may need new folders; a user-named output (``--classification
    missing/c.json``) does not get them made."""
    new = tmp_path / "tests" / "unit" / "test_new.py"
    with pytest.raises(BotoportError, match="No such file or directory"):
        write_all({new: "x = 1\n"})
    assert list(tmp_path.iterdir()) == []
    written = write_all({new: "x = 1\n"}, make_folders=True)
    assert new.read_text() == "x = 1\n"
    written.restore()  # a later step failing (uv lock) takes the folders away too
    assert list(tmp_path.iterdir()) == []


def test_what_was_written_can_be_put_back(tmp_path: Path) -> None:
    kept, new = tmp_path / "kept.py", tmp_path / "new.py"
    kept.write_bytes(b"a = 1\r\n")
    kept.chmod(0o640)
    written = write_all({kept: "a = 2\n", new: "b = 1\n"})
    assert kept.read_bytes() == b"a = 2\r\n" and new.exists()
    written.restore()
    assert kept.read_bytes() == b"a = 1\r\n" and not new.exists()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    target, link = tmp_path / "real.py", tmp_path / "link.py"
    target.write_text("a = 1\n")
    link.symlink_to(target)
    write_all({link: "a = 2\n"})
    assert link.is_symlink() and target.read_text() == "a = 2\n"
