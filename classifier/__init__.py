"""botoport's classifier core: does a botocore bump need a port in aiobotocore?

The public surface, data in and data out:

- :func:`classify_sources` — botocore file texts at FROM and TO plus an aiobotocore tree in,
  a :class:`PortReport` out (pure, never raises for bad source text);
- :func:`run_check` — the same with the range resolved and the files read from a source;
- :func:`read_registries` — the async registries of an aiobotocore tree;
- :func:`report_json` / :func:`report_text` — renderings of a report.

Names are imported on first use (PEP 562), so that ``botoport.cli`` can answer a warm run from
the report cache without importing the core.
"""

from __future__ import annotations

import importlib
from typing import Any

from botoport.about import __version__

_EXPORTS = {
    "BotoportError": "botoport.errors",
    "DirectoryTree": "botoport.sources.checkout",
    "FileSources": "botoport.port.classify",
    "FunctionVerdict": "botoport.port.rules",
    "MemoryTree": "botoport.mirror.trees",
    "PortReport": "botoport.port.classify",
    "Registries": "botoport.port.registries",
    "Signal": "botoport.port.rules",
    "Verdict": "botoport.port.rules",
    "classify_sources": "botoport.port.classify",
    "read_registries": "botoport.port.registries",
    "report_json": "botoport.port.report",
    "report_text": "botoport.port.report",
    "run_check": "botoport.check",
}
__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'botoport' has no attribute {name!r}")
