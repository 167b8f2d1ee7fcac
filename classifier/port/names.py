"""The names a written port resolves: what botocore's module at TO defines and imports, and
what aiobotocore has in its place — its Aio classes, and the functions its mirror modules
define (or the port writes there). Pure: tables and registries in, ``{name: dotted origin}``
out, for :func:`botoport.port.imports.missing_imports`."""

from __future__ import annotations

import re

from botoport.mirror.paths import dotted_module
from botoport.port.registries import Registries
from botoport.port.rules import FunctionVerdict


def botocore_names(verdict: FunctionVerdict) -> dict[str, str]:
    """``{name: dotted origin}`` of what botocore's module imports or defines at top level
    (``ThrottlingStatusCodeChecker`` -> ``botocore.retries.standard.Throttling...``)."""
    module = dotted_module(verdict.path)
    table = verdict.table
    defined = {q for q in table.classes if "." not in q}
    defined |= {
        q for q, fn in table.functions.items() if fn.class_qualname is None and "." not in q
    }
    defined |= set(table.assigned)
    names = {name: f"{module}.{name}" for name in defined}
    # asyncio: what a blocking call is written through (``await asyncio.sleep``).
    return {"asyncio": "asyncio", **names, **verdict.change.current.imports}


def with_aio_classes(source: str, verdict: FunctionVerdict, registries: Registries) -> str:
    """botocore's function with each botocore class it constructs that has an Aio twin
    constructed as the twin (``Config(...)`` -> ``AioConfig(...)``), as aiobotocore's own
    code does; the twin's import follows from :func:`aio_names`."""
    botocore_classes = set(verdict.table.classes) | {
        name for name, origin in verdict.change.current.imports.items()
        if origin.startswith("botocore.")
    }  # fmt: skip

    def twin(match: re.Match[str]) -> str:
        name = match.group(1)
        twins = registries.aio_subclasses(name) if name in botocore_classes else []
        twins.sort(key=lambda aio: aio.path != verdict.mirror)
        return f"{twins[0].name}(" if twins else match.group(0)

    return re.sub(r"(?<![\w.])([A-Z]\w*)\(", twin, source)


def aio_names(
    botocore: dict[str, str], registries: Registries, plan_appends: dict[str, set[str]]
) -> dict[str, str]:
    """``{name: dotted origin}`` a written port resolves its names through: botocore's, with
    a function aiobotocore's mirror module defines (or this plan writes there) taken from
    aiobotocore (``botocore.utils.create_nested_client`` ->
    ``aiobotocore.utils.create_nested_client``), and aiobotocore's Aio classes."""
    names = {c.name: f"{dotted_module(c.path)}.{c.name}" for c in registries.aio_classes}
    for name, origin in botocore.items():
        module, _, defined = origin.rpartition(".")
        path = f"aio{module.replace('.', '/')}.py" if module.startswith("botocore") else ""
        mirrored = set(registries.module_functions.get(path, {})) | plan_appends.get(path, set())
        names[name] = f"aio{module}.{defined}" if defined in mirrored else origin
    return names
