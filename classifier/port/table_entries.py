"""New entries of botocore's module-level tables (SPEC, "A new class is one finding"): a key
``PROTOCOL_PARSERS`` gains for a class that derives from one with an Aio twin needs the same
key in aiobotocore's own table, mapped to that class's twin. Pure: function tables in, findings
out."""

from __future__ import annotations

import ast

from botoport.mirror.paths import aio_path_of
from botoport.port.coverage import Coverage
from botoport.port.funcdiff import ChangeKind, FunctionChange
from botoport.port.registries import Registries
from botoport.port.rules import FunctionVerdict, Override, Signal, Verdict
from botoport.syntax.functions import FunctionInfo, LineFacts, ModuleTable, NameTable


def table_entry_verdicts(
    path: str, old: ModuleTable, new: ModuleTable, registries: Registries
) -> list[FunctionVerdict]:
    """One port-required finding per key a module table gains (or re-maps) for a class that
    aiobotocore routes through an Aio twin, or in a table whose every entry has one (aiobotocore
    keeps its own copy of such a table: ``PROTOCOL_PARSERS`` of Aio parsers)."""
    found = []
    for name, table in new.name_tables.items():
        before = old.name_tables.get(name)
        if before is None:
            continue  # a new table: nothing in aiobotocore can mirror it yet
        twinned = all(registries.aio_twins(v) for v in before.entries.values())
        for key, value in table.entries.items():
            if before.entries.get(key) == value:
                continue
            routed = _routed_through(value, new, registries)
            if routed is None and not twinned:
                continue
            remapped = key in before.entries
            found.append(_verdict(path, table, key, value, routed, new, remapped))
    return found


def _routed_through(class_name: str, module: ModuleTable, registries: Registries) -> str | None:
    """The Aio class ``class_name`` (or the nearest of its bases in the module) is routed
    through, if any."""
    seen: set[str] = set()
    frontier = [class_name]
    while frontier:
        current = frontier.pop(0)
        if current in seen:
            continue
        seen.add(current)
        twins = registries.aio_twins(current)
        if twins:
            return twins[0].name
        info = module.classes.get(current)
        if info is not None:
            frontier.extend(base.rsplit(".", 1)[-1] for base in info.bases)
    return None


def _verdict(
    path: str,
    table: NameTable,
    key: str,
    value: str,
    routed: str | None,
    module: ModuleTable,
    remapped: bool,
) -> FunctionVerdict:
    line = LineFacts(f"{key!r}: {value}", (), ())
    entry = FunctionInfo(
        qualname=f"{table.name}[{key!r}]",
        name=table.name,
        class_qualname=None,
        is_async=False,
        def_line=table.line,
        start_line=table.line,
        end_line=table.last_entry_line,
        source=f"{table.name}[{key!r}] = {value}\n",
        decorators=(),
    )
    entry.__dict__["canonical"] = (line,)  # not a function: nothing to parse again
    kind = ChangeKind.CHANGED if remapped else ChangeKind.ADDED
    change = FunctionChange(kind, entry.qualname, None, entry, (line,), (), False)
    through = (
        f"which aiobotocore routes through {routed}"
        if routed
        else "in a table whose every other class has an Aio twin"
    )
    reason = (
        f"new entry {key!r} of `{table.name}` maps to `{value}`, {through}: aiobotocore's "
        f"`{table.name}` needs the entry too"
    )
    return FunctionVerdict(
        path,
        aio_path_of(path),
        change,
        Verdict.PORT_REQUIRED,
        Signal.NEW_TABLE_ENTRY,
        reason,
        module,
    )


def entry_parts(verdict: FunctionVerdict) -> tuple[str, str]:
    """The key and the class of a table-entry finding (its source reads ``TABLE['key'] = C``)."""
    [assign] = ast.parse(verdict.change.current.source).body
    assert isinstance(assign, ast.Assign) and isinstance(assign.value, ast.Name)
    target = assign.targets[0]
    assert isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant)
    return str(target.slice.value), assign.value.id


def entry_key(verdict: FunctionVerdict) -> str:
    """The key a table-entry finding is about."""
    return entry_parts(verdict)[0]


def table_port(
    verdict: FunctionVerdict, aio_table: ModuleTable | None
) -> tuple[Override | None, Coverage | None]:
    """Where aiobotocore keeps the table, and whether it has the entry yet."""
    name = verdict.change.current.name
    mirrored = aio_table.name_tables.get(name) if aio_table else None
    if mirrored is None:
        return None, None
    override = Override(verdict.mirror, mirrored.line, name, None, aio_table)
    key = entry_key(verdict)
    missing = [] if key in mirrored.entries else [verdict.change.introduced[0].text]
    return override, Coverage(missing=missing)
