"""The exit statuses of ``botoport``'s commands, in one table (standard library only: the warm
path of ``check`` reads it without the core).

=====  ==================================================================================
0      no-port (or the command did all it was asked)
1      port-required: a port is still to do (``port``/``sync --port``: some left for a person)
2      ambiguous, not reviewed
3      error: one ``error:`` line on stderr, nothing written
130    interrupted (Ctrl-C): ``error: interrupted``, nothing half-written
141    the reader of stdout went away (``| head``): the rest of the output dropped
=====  ==================================================================================

``drift`` exits with its verdict's rank instead (0 clean, 1 cosmetic, 2 behavioural).
"""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    """An exit status."""

    NO_PORT = 0
    PORT_REQUIRED = 1
    AMBIGUOUS = 2
    ERROR = 3
    INTERRUPTED = 130  # 128 + SIGINT, as shells report it
    BROKEN_PIPE = 141  # 128 + SIGPIPE


def exit_for(classification: str) -> Exit:
    """The status of a run whose range classified as ``classification``."""
    return {
        "no-port": Exit.NO_PORT,
        "port-required": Exit.PORT_REQUIRED,
        "ambiguous": Exit.AMBIGUOUS,
    }[classification]
