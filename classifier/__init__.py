"""botoport's classifier core: does a botocore bump need a port in aiobotocore?

The public surface, data in and data out:

- :func:`classify_sources` — botocore file texts at FROM and TO plus an aiobotocore tree in,
  a :class:`PortReport` out (pure, never raises for bad source text);
- :func:`run_check` — the same with the range resolved and the files read from a source;
- :func:`read_registries` — the async registries of an aiobotocore tree;
- :func:`report_json` / :func:`report_text` — renderings of a report.
"""

from botoport.about import __version__
from botoport.check import run_check
from botoport.errors import BotoportError
from botoport.port.classify import FileSources, PortReport, classify_sources
from botoport.port.registries import Registries, read_registries
from botoport.port.report import report_json, report_text
from botoport.port.rules import FunctionVerdict, Signal, Verdict
from botoport.sources.trees import DirectoryTree, MemoryTree

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
    "__version__",
    "classify_sources",
    "read_registries",
    "report_json",
    "report_text",
    "run_check",
]
