"""The documentation says what the code does: the range table is the range policies'
docstrings, every relative link resolves, and nothing points outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from botoport.ranges import POLICIES

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_the_range_table_is_the_policies_docstrings() -> None:
    reference = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    for policy in POLICIES:
        first = " ".join((policy.__doc__ or "").split("\n\n")[0].split())
        kind, _, rule = first.partition(": ")
        assert f"| `{policy.__name__}` | {kind} | {rule} |" in reference, policy.__name__


@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.name)
def test_relative_links_resolve(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target:
            continue
        assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_nothing_names_a_folder_outside_the_repository() -> None:
    suffixes = {".py", ".md", ".toml", ".yaml", ".yml", ".json", ".cfg", ""}
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if not path.is_file() or (parts[0].startswith(".") and parts[0] != ".ci"):
            continue
        if path.suffix not in suffixes or "egg-info" in str(path) or "__pycache__" in parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "../" + "shared" not in text, path.relative_to(ROOT)


def test_the_readme_is_a_guide_not_the_reference() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250
    assert "```mermaid" in lines
