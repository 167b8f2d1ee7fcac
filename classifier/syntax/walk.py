"""Walking statements only: imports and assignments are statements, and visiting every
expression node as ``ast.walk`` does costs several times as much on botocore's modules."""

from __future__ import annotations

import ast
from collections.abc import Iterator

# The fields of a compound statement that hold blocks of statements.
COMPOUND_BLOCKS = ("body", "orelse", "handlers", "finalbody", "cases")


def walk_statements(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Every statement of a block and of the blocks nested in it (functions and classes
    included), in source order."""
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        for name in COMPOUND_BLOCKS:
            stack.extend(reversed(getattr(node, name, None) or []))
