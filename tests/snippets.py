"""Helpers that classify small before/after snippets through the real core."""

from __future__ import annotations

import textwrap

from botoport import FileSources, MemoryTree, PortReport, classify_sources, read_registries
from botoport.port.methods import MethodIndex
from botoport.syntax.functions import read_functions

PATH = "botocore/mod.py"


def patches_source(entries: list[str], legacy_dict: bool = False) -> str:
    """A ``tests/test_patches.py`` tracking ``entries`` (list-of-tuples or legacy dict form)."""
    header = "from botocore import retryhandler\nfrom botocore.retries import standard\n\n"
    if legacy_dict:
        body = "".join(f"    {e}: {{'{'0' * 40}'}},\n" for e in entries)
        return header + "_API_DIGESTS = {\n" + body + "}\n"
    body = "".join(f"        ({e}, {{'{'0' * 40}'}}),\n" for e in entries)
    return header + "@pytest.mark.parametrize('obj, digests', [\n" + body + "])\ndef test(): ...\n"


def classify(
    old: str,
    new: str,
    aio: str = "",
    overrides: tuple[str, ...] = (),
    path: str = PATH,
    legacy_dict: bool = False,
    extra_aio: dict[str, str] | None = None,
) -> PortReport:
    """Classify one botocore module change against a one-module aiobotocore tree."""
    files = {
        "aio" + path: textwrap.dedent(aio),
        "tests/test_patches.py": patches_source(list(overrides), legacy_dict),
        **(extra_aio or {}),
    }
    tree = MemoryTree(files)
    sources = [FileSources(path, textwrap.dedent(old), textwrap.dedent(new))]
    return classify_sources(sources, read_registries(tree), tree, "1.0.0", "1.0.1")


def verdicts(report: PortReport) -> dict[str, tuple[str, str]]:
    """``{qualname: (verdict, signal)}`` of a report."""
    return {v.qualname: (v.verdict.value, v.signal.value) for v in report.verdicts}


def method_index(owners: dict[str, list[tuple[str, str]]]) -> MethodIndex:
    """The method index of botocore modules written here: for each method name, each
    ``(class, path)`` owner becomes a class of that module defining the method."""
    modules: dict[str, dict[str, list[str]]] = {}
    for method, classes in owners.items():
        for cls, path in classes:
            modules.setdefault(path, {}).setdefault(cls, []).append(method)
    texts = {
        path: "".join(
            f"class {cls}:\n" + "".join(f"    def {m}(self, r):\n        return r\n" for m in ms)
            for cls, ms in classes.items()
        )
        for path, classes in modules.items()
    }
    return MethodIndex(lambda: [(p, read_functions(t, p)) for p, t in texts.items()])
