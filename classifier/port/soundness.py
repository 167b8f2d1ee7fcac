"""Whether a written module can run: it compiles (``await`` only inside ``async def``, which
``ast.parse`` accepts and ``compile`` does not) and uses no name it does not define or import
(pyflakes' undefined-name check). Only what the writing adds counts: a problem the module
already had is not the port's. Pure: texts in, problems out; nothing is imported or run."""

from __future__ import annotations

import ast
import functools
import textwrap
from dataclasses import dataclass

from pyflakes import checker, messages


@dataclass(frozen=True)
class Problem:
    """What keeps a written module from running: the line, and the undefined name if that is
    the problem (None for code that does not compile)."""

    line: int
    text: str
    name: str | None = None


def problems_added(before: str, after: str, path: str) -> list[Problem]:
    """The problems ``after`` (the written module) has that ``before`` did not."""
    failure = _compile_failure(after, path)
    if failure is not None:
        return [failure]
    known = {p.name for p in undefined_names(before, path)}
    return [p for p in undefined_names(after, path) if p.name not in known]


def undefined_names(text: str, path: str) -> list[Problem]:
    """Each use of a name the module neither defines, imports nor gets from builtins."""
    return list(_checked(text, path)[0])


def imports_left_unused(before: str, after: str, path: str) -> list[str]:
    """Names a top-level import binds that ``after`` no longer uses and ``before`` did (the
    port took their last use away: botocore dropped the ``if NEW_RETRIES_ENABLED:``)."""
    return sorted(_checked(after, path)[1] - _checked(before, path)[1])


@functools.lru_cache(maxsize=8)
def _checked(text: str, path: str) -> tuple[tuple[Problem, ...], frozenset[str]]:
    """One pyflakes pass over ``text``: the undefined names it uses, and the names bound by
    its top-level imports that it never uses (both asked of each planned file)."""
    try:
        tree = ast.parse(text, path)
    except SyntaxError:
        return (), frozenset()
    found = checker.Checker(tree, filename=path).messages
    undefined = tuple(
        Problem(m.lineno, f"{path}:{m.lineno}: {m.message % m.message_args}", m.message_args[0])
        for m in found
        if isinstance(m, messages.UndefinedName)
    )
    reported = {
        (m.lineno, str(m.message_args[0])) for m in found if isinstance(m, messages.UnusedImport)
    }
    unused = set()
    for node in tree.body:
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        for alias in node.names:
            full = f"{node.module}.{alias.name}" if isinstance(node, ast.ImportFrom) else alias.name
            shown = f"{full} as {alias.asname}" if alias.asname else full
            if (node.lineno, shown) in reported:
                unused.add(alias.asname or alias.name.split(".")[0])
    return undefined, frozenset(unused)


def _compile_failure(text: str, path: str) -> Problem | None:
    try:
        compile(text, path, "exec", dont_inherit=True)  # compiles, never runs
    except SyntaxError as exc:
        line = exc.lineno or 0
        return Problem(line, f"{path}:{line}: {exc.msg}")
    return None


def context_returned_early(function_text: str, calls: frozenset[str]) -> str | None:
    """Why a function returning an async context (``return session.create_client(...)``, one
    of ``calls``) from inside ``try``/``finally`` or ``with`` cannot be written so: the caller
    enters the context after the ``finally`` or the ``with`` has run, where botocore's code
    ran them after the client existed. None when no such return."""
    try:
        tree = ast.parse(textwrap.dedent(function_text))
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        inner: list[ast.AST] = []
        if isinstance(node, ast.Try) and node.finalbody:
            inner, where = [*node.body, *node.handlers], "try/finally"
        elif isinstance(node, ast.With):
            inner, where = list(node.body), "with"
        for returned in (n for s in inner for n in ast.walk(s) if isinstance(n, ast.Return)):
            call = returned.value
            func = call.func if isinstance(call, ast.Call) else None
            if isinstance(func, ast.Attribute) and func.attr in calls:
                return (
                    f"returns the async context of `{ast.unparse(func)}(...)` from inside "
                    f"{where}: its caller would enter it (and create the client) only after "
                    "that block ended; port by hand (an async context manager that enters it)"
                )
    return None
