"""How aiobotocore's files mirror botocore's: the one home of every path and dotted-name
mapping between the two packages (SPEC, "Mirror files")."""

from __future__ import annotations

BOTOCORE = "botocore/"
AIOBOTOCORE = "aiobotocore/"


def aio_path_of(botocore_path: str) -> str:
    """``botocore/retries/standard.py`` -> ``aiobotocore/retries/standard.py``."""
    return "aio" + botocore_path


def botocore_path_of(aio_path: str) -> str:
    """``aiobotocore/retries/standard.py`` -> ``botocore/retries/standard.py``."""
    return BOTOCORE + aio_path.removeprefix(AIOBOTOCORE)


def is_ported_path(path: str) -> bool:
    """Python files of the botocore package outside ``botocore/data``."""
    return (
        path.startswith(BOTOCORE) and path.endswith(".py") and not path.startswith("botocore/data/")
    )


def is_package_file(path: str) -> bool:
    """True for an ``aiobotocore/**/*.py`` path."""
    return path.startswith(AIOBOTOCORE) and path.endswith(".py")


def can_mirror(botocore_path: str) -> bool:
    """Package ``__init__.py`` files are aiobotocore's own, never mirrors of botocore's."""
    return is_ported_path(botocore_path) and botocore_path.rsplit("/", 1)[-1] != "__init__.py"


def module_files(dotted: str, package: str | None = None, level: int = 0) -> list[str]:
    """Candidate files of a module, ``botocore.retries.standard`` -> its ``.py`` or its package
    ``__init__.py``; ``level``/``package`` resolve a relative import the way Python does."""
    if level:
        parts = (package or "").split(".")
        base = parts[: len(parts) - (level - 1)] if level > 1 else parts
        dotted = ".".join([*base, dotted] if dotted else base)
    stem = dotted.replace(".", "/")
    return [f"{stem}.py", f"{stem}/__init__.py"]


def module_file(dotted: str) -> str:
    """``botocore.retries.standard`` -> ``botocore/retries/standard.py``."""
    return module_files(dotted)[0]


def defining_file(dotted: str) -> str:
    """The module file of a dotted name's owner: ``botocore.client.BaseClient`` ->
    ``botocore/client.py``."""
    return module_file(dotted.rsplit(".", 1)[0])


def from_botocore(dotted: str) -> bool:
    """True for a dotted name under ``botocore`` or ``aiobotocore``."""
    return dotted.split(".", 1)[0] in ("botocore", "aiobotocore")


def dotted_module(path: str) -> str:
    """``botocore/retries/standard.py`` -> ``botocore.retries.standard`` (a package's
    ``__init__.py`` names the package)."""
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def package_of(path: str) -> str:
    """The dotted package holding a module file: ``botocore/retries/standard.py`` ->
    ``botocore.retries``."""
    return ".".join(path.removesuffix(".py").split("/")[:-1])
