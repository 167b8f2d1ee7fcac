"""Port coverage (SPEC): has the override taken every substantive line botocore changed?"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from botoport.port.funcdiff import FunctionChange
from botoport.port.transition import CallSite
from botoport.syntax.dialect import RENAMED_IN_ASYNC_WITH, normalise_dialect
from botoport.syntax.functions import FunctionInfo, ModuleTable


@dataclass
class Coverage:
    """Which upstream lines an override still lacks (``missing``) or still has (``stale``);
    and, for a port that makes it async, whether it is still ``def`` (``must_become_async``),
    which aiobotocore calls of it do not await yet (``await_required_at``), and which lines it
    took from botocore call a coroutine without ``await`` (``unawaited``)."""

    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    followed: list[str] = field(default_factory=list)
    must_become_async: bool = False
    await_required_at: list[CallSite] = field(default_factory=list)
    unawaited: list[str] = field(default_factory=list)
    inherited: bool = False  # the override runs botocore's own version (``super().m(...)``)

    @property
    def covered(self) -> bool:
        """True when the port is done."""
        return not (
            self.missing
            or self.stale
            or self.must_become_async
            or self.await_required_at
            or self.unawaited
        )

    @property
    def awaits_missing(self) -> bool:
        """An un-awaited coroutine: a bug whatever else the port has done."""
        return bool(self.must_become_async or self.await_required_at or self.unawaited)

    def as_json(self) -> dict[str, object]:
        """JSON form used in reports."""
        return {
            "covered": self.covered,
            "missing": self.missing,
            "stale": self.stale,
            "followed": self.followed,
            "must_become_async": self.must_become_async,
            "await_required_at": [str(site) for site in self.await_required_at],
            "unawaited": self.unawaited,
            "inherited": self.inherited,
        }


def port_coverage(
    change: FunctionChange, override: FunctionInfo, aio_table: ModuleTable
) -> Coverage:
    """Compare the upstream delta of ``change`` with ``override``, following the override's
    ``self.x(...)`` delegations within its own class one level deep. An override that calls
    botocore's own version (``super().__init__(*args, **kwargs)``) runs botocore's new lines:
    covered, whatever they are."""
    if _calls_super(override):
        return Coverage(inherited=True)
    have = _lines(override)
    followed = []
    for name in _self_calls(override):
        qual = f"{override.class_qualname}.{name}" if override.class_qualname else name
        target = aio_table.functions.get(qual)
        if target is not None and target is not override:
            have |= _lines(target)
            followed.append(qual)
    new_lines = (
        {normalise_dialect(line.text) for line in change.new.canonical} if change.new else set()
    )
    missing = [
        line.text.strip() for line in change.introduced if normalise_dialect(line.text) not in have
    ]
    stale = [
        line.text.strip()
        for line in change.dropped
        if (norm := normalise_dialect(line.text)) in have and norm not in new_lines
    ]
    return Coverage(missing, stale, followed)


def _lines(fn: FunctionInfo) -> set[str]:
    """The function's lines in botocore's dialect; after ``async with client as sts:``, the
    override's ``sts`` read as botocore's ``client`` (the line itself read as botocore's
    ``client = client``: nothing)."""
    found: set[str] = set()
    renamed: dict[str, str] = {}
    for line in fn.canonical:
        text = line.text
        for alias, name in renamed.items():
            text = re.sub(rf"\b{alias}\b", name, text)
        found.add(normalise_dialect(text))
        if held := RENAMED_IN_ASYNC_WITH.match(line.text):
            renamed[held.group(2)] = held.group(1)
    return found


def _self_calls(fn: FunctionInfo) -> list[str]:
    names = []
    for line in fn.canonical:
        for call in line.calls:
            if call.receiver == "self" and call.name not in names:
                names.append(call.name)
    return names


def _calls_super(fn: FunctionInfo) -> bool:
    return any(
        call.receiver == "super()" and call.name == fn.name
        for line in fn.canonical
        for call in line.calls
    )
