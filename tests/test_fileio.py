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
    """The second file's folder is gone (as root, a read-only folder is still writable): the
    first file is not touched and no temporary file is left."""
    first, lost = tmp_path / "pyproject.toml", tmp_path / "gone" / "mod.py"
    first.write_text("old\n")
    with pytest.raises(BotoportError, match=f"cannot write {lost}: No such file or directory"):
        write_all({first: "new\n", lost: "new\n"})
    assert first.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["pyproject.toml"]


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
