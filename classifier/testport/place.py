"""Converted tests placed in aiobotocore's mirror: each after its neighbour from the same
botocore file (a method in its class), laid out like the mirror's own (libcst keeps the rest of
the file as it is); a mirror that does not exist yet starts with botocore's licence header.
Existing items of the mirror are never rewritten. Pure: texts in, text out."""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Sequence

import libcst as cst
from botoport.port.imports import add_imports, import_section, isort_key, missing_imports
from botoport.testport.convert import Converted
from botoport.testport.items import Item, read_items

_TOP_GAP = 2  # blank lines before a top-level definition, as black and ruff lay them out
_METHOD_GAP = 1


def licence_header(text: str) -> str:
    """The comment block a botocore test file opens with (its licence), with its newline."""
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def placed(
    mirror: str | None, converted: Converted, wanted: Sequence[str], header: str = ""
) -> str:
    """``mirror`` (None: a new file opening with ``header``) with the items ``wanted`` of
    the converted module that it lacks, and the imports they need."""
    if mirror is not None and not mirror.strip():  # an empty file: laid out as a new one
        return placed(None, converted, wanted, header)
    source = converted.text
    items = read_items(source)
    lines = source.splitlines(keepends=True)
    module = cst.parse_module(mirror) if mirror is not None else cst.Module(body=[])
    body = list(module.body)
    present = set(read_items(mirror)) if mirror is not None else set()
    order = list(items)
    wanted = sorted(set(wanted), key=order.index)
    classes_done: set[str] = set()
    for qualname in wanted:
        item = items[qualname]
        owner = item.owner
        if qualname in present or owner in classes_done:
            continue
        if owner is not None and owner in present:
            _add_method(body, owner, _text(item, lines), item, items, present)
        else:  # a top-level item, or a class the mirror lacks: only its wanted tests come
            top = items[owner or qualname]
            text = _class_text(top, items, wanted, lines) if _is_class(top) else _text(top, lines)
            _insert(body, _statement(text, _TOP_GAP), top, items, present)
            classes_done.add(top.qualname)
            present.add(top.qualname)
        present.add(qualname)
    written = module.with_changes(body=body)
    if mirror is None:
        written = written.with_changes(body=_without_first_gap(body))
    code = written.code
    found = missing_imports(code, converted.imports, code)
    statements = sorted({converted.import_statement(s) for s in found})
    if mirror is None:
        block = import_block(statements)
        joined = block + ("\n\n" if block and code else "") + code
        return header + ("\n" if header and joined else "") + joined
    return add_imports(code, _joined(statements)) if statements else code


def _joined(statements: Sequence[str]) -> list[str]:
    """``from m import a`` and ``from m import b`` as one ``from m import a, b``."""
    names: dict[str, list[str]] = {}
    others = []
    for statement in statements:
        node = ast.parse(statement).body[0]
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            bound = [f"{a.name} as {a.asname}" if a.asname else a.name for a in node.names]
            names.setdefault(node.module, []).extend(bound)
        else:
            others.append(statement)
    joined = [_from_import(m, sorted(set(n), key=isort_key)) for m, n in names.items()]
    return sorted(others + joined)


def import_block(statements: Sequence[str]) -> str:
    """Import statements laid out as isort does: standard library, third party, first party,
    a blank line between; ``import x`` before ``from x import y``; a module's names joined."""
    plain: dict[int, set[str]] = {}
    joined: dict[int, dict[str, set[str]]] = {}
    for statement in statements:
        node = ast.parse(statement).body[0]
        section = import_section(node)
        if isinstance(node, ast.ImportFrom) and node.module:
            names = joined.setdefault(section, {}).setdefault(node.module, set())
            names |= {f"{a.name} as {a.asname}" if a.asname else a.name for a in node.names}
        else:
            plain.setdefault(section, set()).add(statement)
    blocks = []
    for section in sorted(plain.keys() | joined.keys()):
        lines = sorted(plain.get(section, ()), key=str.lower)
        for module, names in sorted(joined.get(section, {}).items()):
            ordered = sorted(names, key=isort_key)
            lines.append(_from_import(module, ordered))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _from_import(module: str, names: list[str]) -> str:
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= 79:
        return line
    inner = "".join(f"    {name},\n" for name in names)
    return f"from {module} import (\n{inner})"


def _is_class(item: Item) -> bool:
    return isinstance(item.node, ast.ClassDef)


def _text(item: Item, lines: list[str]) -> str:
    end = getattr(item.node, "end_lineno", None) or item.node.lineno
    return textwrap.dedent("".join(lines[item.first_line - 1 : end]))


def _statement(text: str, gap: int) -> cst.SimpleStatementLine | cst.BaseCompoundStatement:
    statement = cst.parse_statement(text)
    return statement.with_changes(leading_lines=[cst.EmptyLine(indent=False)] * gap)


def _insert(
    body: list[cst.SimpleStatementLine | cst.BaseCompoundStatement],
    statement: cst.SimpleStatementLine | cst.BaseCompoundStatement,
    item: Item,
    items: dict[str, Item],
    present: set[str],
) -> None:
    """Into ``body`` after the nearest item before ``item`` in botocore's file that the mirror
    has (at the end when none)."""
    neighbours = [q for q in items if "." not in q]
    before = neighbours[: neighbours.index(item.qualname)]
    for name in reversed(before):
        if name in present:
            index = _index_of(body, name)
            if index is not None:
                body.insert(index + 1, statement)
                return
    body.append(statement)


def _add_method(
    body: list[cst.SimpleStatementLine | cst.BaseCompoundStatement],
    owner: str,
    text: str,
    item: Item,
    items: dict[str, Item],
    present: set[str],
) -> None:
    index = _index_of(body, owner)
    if index is None:
        return
    cls = body[index]
    assert isinstance(cls, cst.ClassDef) and isinstance(cls.body, cst.IndentedBlock)
    wrapper = cst.parse_statement(f"class _Placed:\n{textwrap.indent(text, '    ')}")
    assert isinstance(wrapper, cst.ClassDef) and isinstance(wrapper.body, cst.IndentedBlock)
    method = wrapper.body.body[0].with_changes(
        leading_lines=[cst.EmptyLine(indent=False)] * _METHOD_GAP
    )
    methods = list(cls.body.body)
    siblings = [q.rpartition(".")[2] for q in items if q.startswith(f"{owner}.")]
    before = siblings[: siblings.index(item.name)]
    position = len(methods)
    for name in reversed(before):
        found = _index_of(methods, name)
        if found is not None:
            position = found + 1
            break
    methods.insert(position, method)
    body[index] = cls.with_changes(body=cls.body.with_changes(body=methods))


def _class_text(cls: Item, items: dict[str, Item], wanted: Sequence[str], lines: list[str]) -> str:
    """A class of botocore's file as the mirror gets it: its set-up, helpers and attributes,
    and of its tests only those ``wanted``."""
    keep = []
    for qualname, item in items.items():
        if item.owner == cls.qualname and item.is_test and qualname not in wanted:
            keep.append((item.first_line, getattr(item.node, "end_lineno", item.node.lineno)))
    drop = {line for start, end in keep for line in range(start, end + 1)}
    end = getattr(cls.node, "end_lineno", None) or cls.node.lineno
    kept = [lines[n - 1] for n in range(cls.first_line, end + 1) if n not in drop]
    return textwrap.dedent(_squeezed("".join(kept)))


def _squeezed(text: str) -> str:
    """No run of blank lines longer than one inside a class (dropped tests leave gaps)."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return "".join(out)


def _index_of(body: Sequence[cst.BaseStatement], name: str) -> int | None:
    for index, statement in enumerate(body):
        if isinstance(statement, cst.FunctionDef | cst.ClassDef) and statement.name.value == name:
            return index
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets
                ):
                    return index
    return None


def _without_first_gap(
    body: list[cst.SimpleStatementLine | cst.BaseCompoundStatement],
) -> list[cst.SimpleStatementLine | cst.BaseCompoundStatement]:
    if not body:
        return body
    return [body[0].with_changes(leading_lines=[]), *body[1:]]
