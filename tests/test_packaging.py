"""botoport installs one import name, ``botoport``, and every entry point resolves inside it."""

from __future__ import annotations

import ast
import configparser
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("classifier", "hooks", "lsp", "pyproject.toml", "README.md")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The wheel pip builds from a copy of the project (the checkout stays untouched)."""
    project = tmp_path_factory.mktemp("project")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, project / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(project)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("botoport-*.whl")
    return zipfile.ZipFile(built)


@pytest.mark.index  # pip builds the wheel with setuptools from the index
def test_wheel_has_one_top_level_name(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/", 1)[0] for name in wheel.namelist()}
    [dist_info] = [t for t in tops if t.endswith(".dist-info")]
    assert tops == {"botoport", dist_info}
    top_level = f"{dist_info}/top_level.txt"
    if top_level in wheel.namelist():
        assert wheel.read(top_level).decode().split() == ["botoport"]


@pytest.mark.index  # pip builds the wheel with setuptools from the index
def test_every_module_of_the_folders_is_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    expected = {f"botoport/{p.relative_to(ROOT / 'classifier')}" for p in _modules("classifier")}
    for folder in ("hooks", "lsp"):
        expected |= {f"botoport/{p.relative_to(ROOT)}" for p in _modules(folder)}
    assert expected <= set(wheel.namelist())


@pytest.mark.index  # pip builds the wheel with setuptools from the index
def test_entry_points_and_hooks_name_botoport(wheel: zipfile.ZipFile) -> None:
    [entry_points] = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    parser = configparser.ConfigParser()
    parser.read_string(wheel.read(entry_points).decode())
    scripts = dict(parser["console_scripts"])
    assert scripts == {
        "botoport": "botoport.cli:main",
        "botoport-bump": "botoport.hooks.bump:main",
        "botoport-drift": "botoport.hooks.drift:main",
        "botoport-lsp": "botoport.lsp.server:main",
    }
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["entry"] for hook in hooks} <= set(scripts)


PURE_PACKAGES = ("syntax", "port", "mirror", "drift", "patches", "testport")
# What a pure package must not pull in, directly or through anything it imports. (libcst
# imports subprocess for its own tools; nothing of ours runs a process from the core.)
IMPURE = (
    "botoport.sources", "botoport.cache", "botoport.config", "botoport.workspace",
    "botoport.ranges", "botoport.check", "git", "urllib.request", "http.client",
)  # fmt: skip


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_pure_core_imports_nothing_that_does_io(package: str) -> None:
    """The core's packages take text in and give data out: importing every module of one, in a
    fresh interpreter, loads no source, cache, settings, git, network or process module."""
    modules = [
        "botoport." + ".".join(p.relative_to(ROOT / "classifier").with_suffix("").parts)
        for p in _modules(f"classifier/{package}")
    ]
    program = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout)
    leaks = [m for m in loaded if any(m == bad or m.startswith(bad + ".") for bad in IMPURE)]
    assert leaks == [], f"botoport.{package} loads {leaks}"


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_pure_core_names_no_file_system_or_process_module(package: str) -> None:
    """Nor does any module of it import the file system, process or network modules itself."""
    io_modules = {"os", "pathlib", "shutil", "tempfile", "subprocess", "socket", "urllib", "git"}
    for module in _modules(f"classifier/{package}"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
        }
        assert not imported & io_modules, f"{module.relative_to(ROOT)}: {imported & io_modules}"


def test_the_purity_check_sees_an_impure_import() -> None:
    """The check above fails when it should: the application layer does load them."""
    program = "import botoport.workspace, sys; print('botoport.sources.index' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "True"


def test_python_dash_m_botoport_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "botoport", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: botoport ")
    assert "check" in done.stdout


def _modules(folder: str) -> list[Path]:
    return [p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts]
