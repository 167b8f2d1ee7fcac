"""A blocking call botocore makes through an attribute, written as its asyncio twin in a port.

botocore's ``RetryHandler.__init__`` keeps ``sleep=time.sleep`` as ``self._sleep``; its
``needs_retry`` then calls ``self._sleep(delay)``. Copied into aiobotocore's async override, that
line would block the event loop: unless the Aio class hands ``__init__`` an asyncio twin (then
the attribute is a coroutine, awaited like any other), the port writes ``await
asyncio.sleep(delay)``. Pure: texts in, texts out.
"""

from __future__ import annotations

import ast
import re
import textwrap

from botoport.syntax.functions import ModuleTable
from botoport.syntax.receivers import self_attribute

# The blocking primitive a botocore attribute may hold, and the awaitable that replaces it.
ASYNC_TWINS = {"time.sleep": "asyncio.sleep"}


def blocking_attributes(table: ModuleTable, class_qualname: str) -> dict[str, str]:
    """``{attribute: blocking primitive}`` that botocore's class keeps from its ``__init__``
    (``self._sleep = sleep`` where ``sleep=time.sleep``, or ``self._sleep = time.sleep``)."""
    init = table.functions.get(f"{class_qualname}.__init__")
    if init is None:
        return {}
    try:
        node = ast.parse(textwrap.dedent(init.source)).body[0]
    except (SyntaxError, IndexError):
        return {}
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return {}
    defaults = _parameter_defaults(node.args)
    found = {}
    for statement in ast.walk(node):
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1):
            continue
        attr, value = self_attribute(statement.targets[0]), statement.value
        if attr is None:
            continue
        held = defaults.get(value.id) if isinstance(value, ast.Name) else ast.unparse(value)
        if held in ASYNC_TWINS:
            found[attr] = held
    return found


def _parameter_defaults(args: ast.arguments) -> dict[str, str]:
    positional = [*args.posonlyargs, *args.args]
    pairs = list(
        zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True)
    )
    keyword = zip(args.kwonlyargs, args.kw_defaults, strict=True)
    pairs += [(arg, default) for arg, default in keyword if default is not None]
    return {arg.arg: ast.unparse(default) for arg, default in pairs}


def unblocked(function_text: str, attributes: dict[str, str], twin_held: bool) -> str:
    """``function_text`` with each call of a blocking attribute awaited: through the
    attribute when the Aio class hands it the asyncio twin (``twin_held``: ``await
    self._sleep(delay)``), else through the twin itself (``await asyncio.sleep(delay)``)."""
    for attribute, primitive in attributes.items():
        call = re.compile(rf"(?:\bawait\s+)?\bself\.{re.escape(attribute)}\(")
        written = f"await self.{attribute}(" if twin_held else f"await {ASYNC_TWINS[primitive]}("
        function_text = call.sub(written, function_text)
    return function_text
