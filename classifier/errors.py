"""The one error type the shells turn into ``error: <reason>``."""


class BotoportError(Exception):
    """Bad input or an unreachable source, with a one-line message naming what is wrong."""
