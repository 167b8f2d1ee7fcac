"""The ``botoport-bump`` hook run by real pre-commit in temporary aiobotocore repositories."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepos import configure_hooks, git, write_tree
from tests.runners import copy_release, new_digest, run_hook
from tests.sample import AIO_FILES

ROOT = Path(__file__).resolve().parents[1]
PORTED = AIO_FILES["aiobotocore/retries/standard.py"].replace(
    "        return False\n", "        return context.attempt < 3\n", 1
)


def bounds(spec: str) -> str:
    return AIO_FILES["pyproject.toml"].replace("botocore >= 1.0.0, < 1.0.2", spec)


BUMP_HOOK = "  - id: botoport-bump\n"


@pytest.fixture
def aio(tmp_path: Path, hook_repo: tuple[Path, str]) -> Path:
    """An aiobotocore-shaped repository with the hook configured, bounds >= 1.0.0, < 1.0.2."""
    root = tmp_path / "aiobotocore"
    write_tree(root, AIO_FILES)
    configure_hooks(root, hook_repo, BUMP_HOOK)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "aiobotocore")
    return root


def stage(root: Path, files: dict[str, str]) -> None:
    write_tree(root, files)
    git(root, "add", *files)


def test_unchanged_pyproject_passes_without_any_source(aio: Path, home: Path, tmp_path: Path):
    stage(aio, {"pyproject.toml": AIO_FILES["pyproject.toml"] + "# a comment\n"})
    done = run_hook(aio, tmp_path / "no-clone-here", home)
    assert done.returncode == 0, done.stdout + done.stderr


def test_bump_without_its_port_is_blocked(aio: Path, clone: Path, home: Path):
    stage(aio, {"pyproject.toml": bounds("botocore >= 1.0.2, < 1.0.3")})
    done = run_hook(aio, clone, home)
    assert done.returncode == 1
    assert "BLOCK port missing: aiobotocore/retries/standard.py:5 AioRetryPolicy.should_retry" in (
        done.stdout
    )
    assert "not ported: return context.attempt < 3" in done.stdout


def with_new_digest(clone: Path, aio: Path) -> str:
    """test_patches.py with should_retry's digest at 1.0.2 added."""
    digest = new_digest(clone, aio, "standard.RetryPolicy.should_retry", "1.0.2")
    return AIO_FILES["tests/test_patches.py"].replace(
        '"1111111111111111111111111111111111111111"',
        f'"1111111111111111111111111111111111111111", "{digest}"',
    )


def test_bump_with_its_port_passes(aio: Path, clone: Path, home: Path):
    stage(
        aio,
        {
            "pyproject.toml": bounds("botocore >= 1.0.2, < 1.0.3"),
            "aiobotocore/retries/standard.py": PORTED,
            "tests/test_patches.py": with_new_digest(clone, aio),
        },
    )
    done = run_hook(aio, clone, home)
    assert done.returncode == 0, done.stdout + done.stderr
    # It judged the bump (not skipped it) and found nothing to block or warn about.
    assert "botoport-bump: botocore 1.0.1 -> 1.0.2: port-required" in done.stdout
    assert "BLOCK" not in done.stdout and "not aligned" not in done.stdout
    assert "port incomplete" not in done.stdout


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_incomplete_port_warns_or_blocks_with_strict(aio, clone, home, strict):
    """The override changed, but not into botocore's new line: coverage is incomplete."""
    if strict:
        config = aio / ".pre-commit-config.yaml"
        config.write_text(config.read_text() + "    args: [--strict]\n")
        git(aio, "commit", "-qam", "strict")
    incomplete = AIO_FILES["aiobotocore/retries/standard.py"].replace(
        "        return False\n", "        return context.attempt < 4\n", 1
    )
    stage(
        aio,
        {
            "pyproject.toml": bounds("botocore >= 1.0.2, < 1.0.3"),
            "aiobotocore/retries/standard.py": incomplete,
            "tests/test_patches.py": with_new_digest(clone, aio),
        },
    )
    done = run_hook(aio, clone, home)
    assert "return context.attempt < 3" in done.stdout
    assert done.returncode == (1 if strict else 0), done.stdout
    assert ("BLOCK" in done.stdout) is strict


def test_lower_too_low_is_blocked_and_fix_adds_digests(aio: Path, clone: Path, home: Path):
    stage(
        aio,
        {
            "pyproject.toml": bounds("botocore >= 1.0.0, < 1.0.3"),
            "aiobotocore/retries/standard.py": PORTED,
        },
    )
    done = run_hook(aio, clone, home, "--hook-stage", "pre-commit")
    assert done.returncode == 1
    assert "BLOCK LOWER 1.0.0 is below 1.0.2" in done.stdout
    assert "standard.RetryPolicy.should_retry lacks digest" in done.stdout


def test_no_port_bump_passes_after_fix(aio: Path, clone: Path, home: Path, hook_repo):
    configure_hooks(aio, hook_repo, BUMP_HOOK + "    args: [--fix]\n")
    git(aio, "add", ".pre-commit-config.yaml")
    stage(aio, {"pyproject.toml": bounds("botocore >= 1.0.0, < 1.0.1")})
    git(aio, "commit", "-qm", "bounds at 1.0.0", "--no-verify")
    # 1.0.0 -> 1.0.1 is cosmetic in mirror files: no port, but create_client's digest moved.
    stage(aio, {"pyproject.toml": bounds("botocore >= 1.0.0, < 1.0.2")})
    first = run_hook(aio, clone, home)
    assert first.returncode == 1  # pre-commit fails a run whose hook modified files
    assert "added 1 digests to tests/test_patches.py" in first.stdout
    git(aio, "add", "tests/test_patches.py")
    second = run_hook(aio, clone, home)
    assert second.returncode == 0, second.stdout
    assert "botocore 1.0.0 -> 1.0.1: no-port" in second.stdout


def test_unreachable_source_fails_closed(aio: Path, home: Path, tmp_path: Path):
    stage(aio, {"pyproject.toml": bounds("botocore >= 1.0.2, < 1.0.3")})
    done = run_hook(aio, tmp_path / "missing", home)
    assert done.returncode == 1
    assert "botoport-bump: blocked: botocore clone missing or tag unavailable" in done.stdout
    assert "SKIP=botoport-bump" in done.stdout


@pytest.mark.index
def test_real_consecutive_releases_pass(tmp_path: Path, home: Path, hook_repo, index_cache):
    """aiobotocore 3.4.0 -> 3.5.0 (botocore 1.42.84 -> 1.42.91, port-required) as one commit."""
    from botoport.sources.index import IndexSource

    aio_index = IndexSource(index_cache, project="aiobotocore")
    root = tmp_path / "aiobotocore"
    root.mkdir()
    copy_release(aio_index.tree("3.4.0").root, root)
    configure_hooks(root, hook_repo, BUMP_HOOK)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "3.4.0")
    copy_release(aio_index.tree("3.5.0").root, root)
    git(root, "add", "-A")
    done = run_hook(root, Path(""), home)  # botocore from the index
    assert "botocore 1.42.84 -> 1.42.91: port-required" in done.stdout, done.stdout
    assert done.returncode == 0, done.stdout
    # Without the port (pyproject alone staged) the same bump is stopped.
    git(root, "reset", "-q")
    git(root, "add", "pyproject.toml")
    git(root, "stash", "-q", "--keep-index", "--include-untracked")
    blocked = run_hook(root, Path(""), home)
    assert blocked.returncode == 1
    assert "BLOCK port missing" in blocked.stdout


# --- in CI: pre-commit run --from-ref/--to-ref on commits already made ---------------------

BOTH_HOOKS = "  - id: botoport-bump\n  - id: botoport-drift\n"
CI_RANGE = ("--from-ref", "HEAD~1", "--to-ref", "HEAD")


def with_both_hooks(aio: Path, hook_repo: tuple[Path, str]) -> None:
    configure_hooks(aio, hook_repo, BOTH_HOOKS)
    git(aio, "commit", "-qam", "both hooks")


def commit_unchecked(aio: Path, files: dict[str, str], message: str) -> None:
    """A commit made without the hooks (``--no-verify``), as a bot or a hurried push does."""
    stage(aio, files)
    git(aio, "commit", "-qm", message, "--no-verify")


@pytest.mark.parametrize(
    ("files", "blocked"),
    [
        ({"pyproject.toml": bounds("botocore >= 1.0.2, < 1.0.3")}, True),
        ({"pyproject.toml": bounds("botocore >= 1.0.2, < 1.0.3"), "port": ""}, False),
    ],
    ids=["bounds-only", "full-port"],
)
def test_ci_range_checks_the_pushed_commit(aio, clone, home, hook_repo, files, blocked):
    with_both_hooks(aio, hook_repo)
    if "port" in files:
        files = {
            "pyproject.toml": files["pyproject.toml"],
            "aiobotocore/retries/standard.py": PORTED,
            "tests/test_patches.py": with_new_digest(clone, aio),
        }
    commit_unchecked(aio, files, "sync botocore 1.0.2")
    done = run_hook(aio, clone, home, *CI_RANGE)
    assert done.returncode == int(blocked), done.stdout
    assert ("BLOCK port missing: aiobotocore/retries/standard.py" in done.stdout) is blocked
    assert "botocore 1.0.1 -> 1.0.2: port-required" in done.stdout


def test_ci_range_drift_blocks_a_pushed_behavioral_edit(aio, clone, home, hook_repo):
    with_both_hooks(aio, hook_repo)
    logged = AIO_FILES["aiobotocore/retries/standard.py"].replace(
        "        return False\n", "        print('retry?')\n        return False\n", 1
    )
    commit_unchecked(aio, {"aiobotocore/retries/standard.py": logged}, "log a retry")
    done = run_hook(aio, clone, home, *CI_RANGE, hook="botoport-drift")
    assert done.returncode == 1, done.stdout
    assert "BLOCK behavioral-drift" in done.stdout
    # The same commit checked as a local commit (HEAD against a clean tree) finds no edit.
    local = run_hook(aio, clone, home, "--all-files", hook="botoport-drift")
    assert local.returncode == 0
    assert "no aiobotocore file differs between HEAD and the working tree" in local.stdout


def test_all_files_without_refs_says_nothing_was_compared(aio, clone, home, hook_repo):
    with_both_hooks(aio, hook_repo)
    commit_unchecked(aio, {"pyproject.toml": bounds("botocore >= 1.0.2, < 1.0.3")}, "bounds")
    done = run_hook(aio, clone, home, "--all-files")
    assert done.returncode == 0
    assert (
        "botoport-bump: botocore bounds of pyproject.toml are the same at HEAD and the working "
        "tree: no bump to check (in CI, pass pre-commit --from-ref/--to-ref" in done.stdout
    )


def test_github_actions_gets_annotations_on_the_override(aio, clone, home, hook_repo):
    with_both_hooks(aio, hook_repo)
    commit_unchecked(aio, {"pyproject.toml": bounds("botocore >= 1.0.2, < 1.0.3")}, "bounds")
    done = run_hook(aio, clone, home, *CI_RANGE, environ={"GITHUB_ACTIONS": "true"})
    assert done.returncode == 1
    [port] = [line for line in done.stdout.splitlines() if "port missing" in line]
    assert port.startswith(
        "::error file=aiobotocore/retries/standard.py,line=5,title=botoport-bump::"
    )
    assert "::error file=tests/test_patches.py,line=" in done.stdout
