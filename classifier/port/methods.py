"""What a classification knows besides the changed files and aiobotocore's registries: the
botocore classes that define each method name (for calls on receivers the code does not
type) and the run's declared parallel implementations. Built from explicit inputs; pure."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from botoport.syntax.functions import ModuleTable

MethodOwner = tuple[str, str]  # (botocore class qualname, botocore path)


class MethodIndex:
    """``name -> [(class, path)]`` over botocore's mirror modules at TO.

    ``modules`` yields ``(path, table)`` of those modules; it is consumed on the first
    lookup only (only a call on an untyped receiver asks), so a run that never asks parses
    nothing for it.
    """

    def __init__(self, modules: Callable[[], Iterable[tuple[str, ModuleTable | None]]]) -> None:
        self._modules = modules
        self._index: dict[str, list[MethodOwner]] | None = None

    def owners(self, name: str) -> list[MethodOwner]:
        """The botocore classes (with their module path) that define a method ``name``."""
        if self._index is None:
            self._index = {}
            for path, table in self._modules():
                for fn in table.functions.values() if table else ():
                    if fn.class_qualname is not None:
                        self._index.setdefault(fn.name, []).append((fn.class_qualname, path))
        return self._index.get(name, [])


NO_METHODS = MethodIndex(lambda: ())


@dataclass(frozen=True)
class ClassifyOptions:
    """The run's inputs to the rules beyond the files and the registries.

    ``parallel`` names the botocore classes aiobotocore re-implements without subclassing
    (``[tool.botoport] parallel``), with the classes that do it.
    """

    methods: MethodIndex = NO_METHODS
    parallel: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
