"""What the shells print besides results: the one error type they turn into
``error: <reason>``, and the notes the sources log."""


class BotoportError(Exception):
    """Bad input or an unreachable source, with a one-line message naming what is wrong."""


def first_line(exc: BaseException) -> str:
    """An exception's message cut to its first line (packaging adds a caret diagram below)."""
    lines = str(exc).strip().splitlines()
    return lines[0].strip() if lines else type(exc).__name__


def show_notes(prefix: str = "note: ") -> None:
    """Print the notes the sources log (a cached list used offline, a damaged cache entry
    fetched again, a yanked release used as asked) on stderr, one line each."""
    import logging
    import sys

    logger = logging.getLogger("botoport")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(f"{prefix}%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
