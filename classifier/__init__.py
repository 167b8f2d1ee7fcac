"""botoport's classifier core: does a botocore bump need a port in aiobotocore?

The public surface, data in and data out:

- :func:`classify_sources` — botocore file texts at FROM and TO plus an aiobotocore tree in,
  a :class:`PortReport` out (pure, never raises for bad source text);
- :func:`run_check` — the same with the range resolved and the files read from a source;
- :func:`read_registries` — the async registries of an aiobotocore tree;
- :func:`report_json` / :func:`report_text` — renderings of a report.
"""

__version__ = "0.2.0"  # first, so that submodules can stamp their caches with it

from .check import run_check
from .core import FileSources, PortReport, classify_sources
from .errors import BotoportError
from .registries import Registries, read_registries
from .report import report_json, report_text
from .rules import FunctionVerdict, Signal, Verdict
from .trees import DirectoryTree, MemoryTree

__all__ = [
    "BotoportError",
    "DirectoryTree",
    "FileSources",
    "FunctionVerdict",
    "MemoryTree",
    "PortReport",
    "Registries",
    "Signal",
    "Verdict",
    "classify_sources",
    "read_registries",
    "report_json",
    "report_text",
    "run_check",
]
