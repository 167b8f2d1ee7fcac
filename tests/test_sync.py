"""``botoport sync``, the classify job's object and GitHub annotations, end to end on the
sample botocore history (a git clone built here) and an aiobotocore repository."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.gitrepos import git
from tests.runners import botoport
from tests.sample import AIO_FILES


@pytest.fixture
def repo(aio_repo: Path) -> Path:
    """The sample aiobotocore tree committed (bounds >= 1.0.0, < 1.0.2: FROM is 1.0.1)."""
    return aio_repo


def sync(clone: Path, root: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return botoport("sync", "--botocore-clone", clone, "--aiobotocore-root", root, *args)


def changed_files(root: Path) -> list[str]:
    return git(root, "diff", "--name-only").split()


def test_sync_without_write_changes_nothing(clone: Path, repo: Path) -> None:
    done = sync(clone, repo, "--to", "1.0.3")
    assert done.returncode == 1, done.stderr
    assert "would write pyproject.toml, tests/test_patches.py (pass --write)" in done.stdout
    assert changed_files(repo) == []


def test_port_required_sync_raises_lower_and_upper_and_lists_the_port(clone, repo, tmp_path):
    body = tmp_path / "pr.md"
    done = sync(clone, repo, "--to", "1.0.3", "--write", "--pr-body", body)
    assert done.returncode == 1, done.stderr
    assert "CLASSIFICATION: port-required" in done.stdout
    pyproject = (repo / "pyproject.toml").read_text()
    assert '"botocore >= 1.0.2, < 1.0.4"' in pyproject  # LOWER = introduced in, UPPER = TO + 1
    assert changed_files(repo) == ["pyproject.toml", "tests/test_patches.py"]
    text = body.read_text()
    assert text.startswith("## botocore 1.0.1 → 1.0.3\n")
    assert "https://github.com/boto/botocore/compare/1.0.1...1.0.3" in text
    assert "- [ ] `RetryPolicy.should_retry`" in text
    assert "  - to port: `return context.attempt < 3`" in text
    # The unported function's new digest is held back: its test_patches.py test stays red.
    patches = (repo / "tests/test_patches.py").read_text()
    assert 'standard.RetryPolicy.should_retry, {"1111111111111111111111111111111111111111"})' in (
        patches
    )
    assert "digest not added: standard.RetryPolicy.should_retry (its port is not done)" in (
        done.stdout
    )
    assert "- `standard.RetryPolicy.should_retry`: digest not added" in text


def test_no_port_sync_writes_upper_and_digests_only(clone: Path, repo: Path, tmp_path: Path):
    # FROM 1.0.1 -> TO 1.0.1 would be empty: move HEAD's bounds back to 1.0.0 first.
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(AIO_FILES["pyproject.toml"].replace("< 1.0.2", "< 1.0.1"))
    git(repo, "commit", "-qam", "at 1.0.0")
    out = tmp_path / "classification.json"
    done = sync(clone, repo, "--to", "1.0.1", "--write", "--classification", out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert '"botocore >= 1.0.0, < 1.0.2"' in pyproject.read_text()
    patches = (repo / "tests/test_patches.py").read_text()
    assert patches.count("0000000000000000000000000000000000000000") == 1
    assert len(patches) > len(AIO_FILES["tests/test_patches.py"])  # the new digest is added
    data = json.loads(out.read_text())
    assert data["verdict"] == "no-port"
    assert data["rationale"].splitlines()[:2] == [
        "| File | Function | Change | Verdict | Reason |",
        "|-|-|-|-|-|",
    ]


def test_ambiguous_sync_writes_nothing(clone: Path, repo: Path) -> None:
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(
        AIO_FILES["pyproject.toml"].replace(">= 1.0.0, < 1.0.2", ">= 1.0.3, < 1.0.4")
    )
    git(repo, "commit", "-qam", "at 1.0.3")
    done = sync(clone, repo, "--to", "1.1.0", "--write")
    assert done.returncode == 2, done.stdout
    assert "not written: ambiguous, needs review" in done.stdout
    assert changed_files(repo) == []


def test_sync_prints_the_lock_command_without_uv(clone, repo, monkeypatch):
    (repo / "uv.lock").write_text("version = 1\n")
    git(repo, "add", "uv.lock")
    git(repo, "commit", "-qm", "lock")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # no uv here
    done = sync(clone, repo, "--to", "1.0.3", "--write")
    assert "uv is not on PATH: run `uv lock --upgrade-package botocore`" in done.stdout


def test_sync_error_still_writes_the_classification(clone, repo, tmp_path):
    out = tmp_path / "classification.json"
    done = sync(clone, repo, "--to", "9.9.9", "--classification", out)
    assert done.returncode == 3
    assert done.stderr == "error: botocore clone missing or tag unavailable: 9.9.9\n"
    data = json.loads(out.read_text())
    assert data == {
        "verdict": "error",
        "summary": "botoport failed: botocore clone missing or tag unavailable: 9.9.9",
        "rationale": "(classifier failed)",
    }


@pytest.mark.parametrize(
    ("to", "verdict", "exit_code"),
    [("1.0.1", "no-port", 0), ("1.0.2", "port-required", 1), ("1.2.0", "error", 3)],
)
def test_check_format_classification(clone, aio_root, to, verdict, exit_code) -> None:
    done = botoport(
        "check", "--botocore-clone", clone, "--aiobotocore-root", aio_root,
        "--from", "1.0.0", "--to", to, "--format", "classification",
    )  # fmt: skip
    assert done.returncode == exit_code, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"verdict", "summary", "rationale"}
    assert data["verdict"] == verdict
    assert len(data["summary"]) <= 120
    if verdict != "error":
        rows = data["rationale"].splitlines()[2:]
        assert all(len(row.split(" | ")[-1].rstrip(" |")) <= 80 for row in rows)
        assert len(rows) == len(
            json.loads(
                botoport(
                    "check", "--botocore-clone", clone, "--aiobotocore-root", aio_root,
                    "--from", "1.0.0", "--to", to, "--format", "json",
                ).stdout
            )["functions"]
        )  # fmt: skip


def test_check_format_github(clone: Path, aio_root: Path) -> None:
    done = botoport(
        "check", "--botocore-clone", clone, "--aiobotocore-root", aio_root,
        "--from", "1.0.1", "--to", "1.1.0", "--format", "github",
    )  # fmt: skip
    lines = done.stdout.splitlines()
    # Property values escape ':' and ',' as the runner expects.
    assert any(
        line.startswith(
            "::error file=aiobotocore/retries/standard.py,line=5,"
            "title=botoport%3A RetryPolicy.should_retry port-required::registered override"
        )
        for line in lines
    ), lines
    assert any(
        line.startswith(
            "::warning file=aiobotocore/client.py,title=botoport%3A ClientCreator._make"
        )
        for line in lines
    ), lines
    assert lines[-1] == "::notice title=botoport check::botocore 1.0.1 -> 1.1.0: port-required"


def test_check_format_github_shows_a_finished_port_as_a_notice(clone, aio_root) -> None:
    standard = aio_root / "aiobotocore/retries/standard.py"
    standard.write_text(standard.read_text().replace("return False", "return context.attempt < 3"))
    done = botoport(
        "check", "--botocore-clone", clone, "--aiobotocore-root", aio_root,
        "--from", "1.0.1", "--to", "1.0.2", "--format", "github",
    )  # fmt: skip
    assert not [line for line in done.stdout.splitlines() if line.startswith("::error")]
    assert "::notice file=aiobotocore/retries/standard.py,line=5," in done.stdout


def test_check_base_compares_a_committed_bump(clone: Path, repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        AIO_FILES["pyproject.toml"].replace(">= 1.0.0, < 1.0.2", ">= 1.0.2, < 1.0.3")
    )
    git(repo, "commit", "-qam", "bounds only")
    done = botoport(
        "check", "--botocore-clone", clone, "--aiobotocore-root", repo,
        "--base", "HEAD~1", "--head", "HEAD",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("botocore 1.0.1 -> 1.0.2\n")
    bad = botoport("check", "--botocore-clone", clone, "--aiobotocore-root", repo, "--base=-x")
    assert bad.returncode == 3
    assert bad.stderr == "error: --base '-x' is not a git revision\n"


@pytest.mark.parametrize("layout", ["executable", "symlink"])
def test_digests_write_keeps_mode_and_symlink(clone: Path, aio_root: Path, layout: str) -> None:
    patches = aio_root / "tests/test_patches.py"
    if layout == "executable":
        patches.chmod(0o755)
        written = patches
    else:
        written = aio_root / "shared_patches.py"
        patches.rename(written)
        patches.symlink_to(written)
    done = botoport(
        "digests", "--to", "1.0.2", "--write", "--botocore-clone", clone, "--aiobotocore-root",
        aio_root,
    )  # fmt: skip
    assert "added 2 digests to tests/test_patches.py" in done.stdout, done.stderr
    assert len(re.findall(r"[0-9a-f]{40}", written.read_text())) == 4  # two listed, two added
    if layout == "executable":
        assert patches.stat().st_mode & 0o777 == 0o755
    else:
        assert patches.is_symlink() and patches.resolve() == written.resolve()


def test_unwritable_output_is_one_line(clone: Path, repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "c.json"
    done = sync(clone, repo, "--to", "1.0.3", "--classification", out)
    assert done.returncode == 3
    assert done.stderr == f"error: cannot write {out}: No such file or directory\n"


def test_sync_with_port_writes_the_bounds_and_the_port(clone, repo, tmp_path) -> None:
    body = tmp_path / "pr.md"
    done = sync(clone, repo, "--to", "1.0.2", "--write", "--port", "--pr-body", body)
    assert done.returncode == 0, done.stdout + done.stderr  # the sync is complete
    assert "written: RetryPolicy.should_retry -> aiobotocore/retries/standard.py:5" in done.stdout
    assert "digest not added" not in done.stdout
    patches = (repo / "tests/test_patches.py").read_text()
    assert (
        'standard.RetryPolicy.should_retry, {"1111111111111111111111111111111111111111"})'
        not in (patches)
    )
    # The PR body is rendered after the ports: the written port is ticked, nothing "to port".
    text = body.read_text()
    assert "- [x] `RetryPolicy.should_retry` (botocore/retries/standard.py) — written: " in text
    assert "to port:" not in text
    assert changed_files(repo) == [
        "aiobotocore/retries/standard.py",
        "pyproject.toml",
        "tests/test_patches.py",
    ]
    assert "return context.attempt < 3" in (repo / "aiobotocore/retries/standard.py").read_text()


@pytest.mark.parametrize(
    ("requirement", "raised"),
    [
        ("BotoCore >= 1.0.0, < 1.0.2; python_version >= '3.8'",
         "BotoCore >= 1.0.2, < 1.0.4; python_version >= '3.8'"),
        ("botocore[crt] >= 1.0.0, <= 1.0.1", "botocore[crt] >= 1.0.2, <= 1.0.3"),
        ("botocore (==1.0.1)", "botocore (==1.0.3)"),
    ],
    ids=["spelling-and-marker", "extras-and-inclusive-upper", "a-pin"],
)  # fmt: skip
def test_sync_raises_every_form_of_the_requirement(clone, repo, requirement, raised) -> None:
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(
        AIO_FILES["pyproject.toml"].replace("botocore >= 1.0.0, < 1.0.2", requirement)
    )
    git(repo, "commit", "-qam", "another form")
    done = sync(clone, repo, "--to", "1.0.3", "--write")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f'"{raised}"' in pyproject.read_text()


def test_a_failing_uv_lock_leaves_nothing_written(clone, repo, tmp_path, monkeypatch) -> None:
    (repo / "uv.lock").write_text("version = 1\n")
    git(repo, "add", "uv.lock")
    git(repo, "commit", "-qm", "lock")
    tools = tmp_path / "bin"
    tools.mkdir()
    uv = tools / "uv"
    uv.write_text("#!/bin/sh\necho 'error: the project requires uv>=99' >&2\nexit 2\n")
    uv.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}:/usr/bin:/bin")
    done = sync(clone, repo, "--to", "1.0.2", "--write", "--port")
    assert done.returncode == 3
    assert done.stderr == (
        f"error: `uv lock --upgrade-package botocore` in {repo}: error: the project requires "
        "uv>=99; nothing was written\n"
    )
    assert changed_files(repo) == []
    assert not [p for p in repo.rglob("*.tmp")]


def test_port_keeps_crlf_line_endings(clone, repo) -> None:
    standard = repo / "aiobotocore/retries/standard.py"
    standard.write_bytes(standard.read_bytes().replace(b"\n", b"\r\n"))
    git(repo, "commit", "-qam", "crlf")
    done = sync(clone, repo, "--to", "1.0.2", "--write", "--port")
    assert done.returncode == 0, done.stdout + done.stderr
    written = standard.read_bytes()
    assert b"return context.attempt < 3\r\n" in written
    assert written.count(b"\n") == written.count(b"\r\n")  # no line lost its CR
    assert git(repo, "diff", "--stat").count("\n") == 4  # three files and the summary


@pytest.mark.parametrize("kind", ["dangling-symlink", "directory"])
def test_an_override_path_that_is_not_a_file_is_an_error(clone, aio_root, kind) -> None:
    standard = aio_root / "aiobotocore/retries/standard.py"
    standard.unlink()
    if kind == "directory":
        standard.mkdir()
    else:
        standard.symlink_to(aio_root / "nowhere.py")
    done = botoport(
        "check", "--botocore-clone", clone, "--aiobotocore-root", aio_root,
        "--from", "1.0.1", "--to", "1.0.2",
    )  # fmt: skip
    assert done.returncode == 3
    assert done.stderr.startswith(f"error: cannot read {standard}: it is a")


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--pr-body", "{repo}/aiobotocore/client.py"),
         "--pr-body {repo}/aiobotocore/client.py is a file git tracks: write reports elsewhere"),
        (("--classification", "{repo}/pyproject.toml"),
         "--classification {repo}/pyproject.toml is a file git tracks: write reports elsewhere"),
        (("--pr-body", "{tmp}/out", "--classification", "{tmp}/out"),
         "--pr-body and --classification name the same file {tmp}/out"),
    ],
    ids=["a-tracked-source-file", "pyproject", "one-path-for-both"],
)  # fmt: skip
def test_report_paths_never_overwrite_the_checkout(clone, repo, tmp_path, flags, message) -> None:
    def filled(text: str) -> str:
        return text.format(repo=repo, tmp=tmp_path)

    before = (repo / "aiobotocore/client.py").read_text()
    done = sync(clone, repo, "--to", "1.0.3", *map(filled, flags))
    assert (done.returncode, done.stderr) == (3, f"error: {filled(message)}\n")
    assert (repo / "aiobotocore/client.py").read_text() == before
    assert changed_files(repo) == [] and not (tmp_path / "out").exists()


@pytest.mark.parametrize("where", ["a-missing-folder", "a-folder-outside-git"])
def test_the_classification_error_object_is_written_whatever_fails(clone, tmp_path, where):
    root = tmp_path / "nowhere" if where == "a-missing-folder" else tmp_path / "plain"
    if where != "a-missing-folder":
        root.mkdir()
        (root / "aiobotocore").mkdir()
    out = tmp_path / "classification.json"
    done = sync(clone, root, "--to", "1.0.3", "--classification", out)
    assert done.returncode == 3
    data = json.loads(out.read_text())
    assert data["verdict"] == "error"
    reason = done.stderr.removeprefix("error: ").strip()
    assert data["summary"].startswith(f"botoport failed: {reason}"[:100])


def test_sync_port_lists_the_ambiguous_functions_it_leaves(clone, repo, tmp_path) -> None:
    """#1436: a port-required range that also holds an ambiguous function: the port is written,
    the ambiguous one is listed as left (and in the PR body's notes), and the sync is not done."""
    body = tmp_path / "pr.md"
    done = sync(clone, repo, "--to", "1.1.0", "--write", "--port", "--pr-body", body)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "written: RetryPolicy.should_retry" in done.stdout
    assert "left: ambiguous, needs review: " in done.stdout and "ClientCreator._make" in done.stdout
    notes = body.read_text().split("## Notes", 1)[1]
    assert "ambiguous, needs review: " in notes and "ClientCreator._make" in notes
