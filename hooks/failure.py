"""How a hook stops a commit it could not judge: one line naming the cause and how to skip,
an annotation in GitHub Actions, exit status 1 — never a traceback."""

from __future__ import annotations

import sys

from botoport.github import annotation


def refuse(prog: str, skip_hint: str, exc: Exception, github: bool) -> int:
    """Report ``exc`` (a user's problem, or a bug said as one) and block."""
    from botoport.errors import BotoportError

    message = str(exc)
    if not isinstance(exc, BotoportError):
        message = f"internal error ({type(exc).__name__}: {exc}); please report it"
    print(f"{prog}: blocked: {message} ({skip_hint})", file=sys.stderr)
    if github:
        print(annotation("error", message, title=prog))
    return 1
