"""The ``botoport`` command: the command line, and the dispatch to :mod:`botoport.commands`.

Kept light: a warm ``botoport check`` whose report is already in the cache is answered here
without importing the core (see :mod:`botoport.warm`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from botoport.errors import BotoportError, show_notes
from botoport.exits import Exit

CHECK_FORMATS = ("text", "json", "classification", "github")


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one ``error:`` line and exit status 3."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise BotoportError(f"usage: {message}")


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``botoport``."""
    parser = _Parser(prog="botoport", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = sub.add_parser("check", help="classify a botocore bump for aiobotocore")
    check.add_argument("--from", dest="from_version", metavar="FROM", type=_version)
    check.add_argument("--to", dest="to_version", metavar="TO", type=_version)
    _revision_flags(check, "FROM is what REV's pyproject.toml admits, TO what the head admits")
    _source_flags(check)
    check.add_argument("--format", choices=CHECK_FORMATS, default="text")
    registries = sub.add_parser("registries", help="print the async registries as JSON")
    registries.add_argument("--aiobotocore-root", type=Path, metavar="PATH")
    config = sub.add_parser("config", help="print the settings in force and where each came from")
    _source_flags(config)
    config.add_argument("--format", choices=("text", "json"), default="text")
    digests = sub.add_parser("digests", help="test_patches.py digests for a botocore release")
    digests.add_argument("--to", dest="to_version", metavar="VERSION", type=_version)
    digests.add_argument("--write", action="store_true", help="add the missing digests")
    digests.add_argument(
        "--explain", action="store_true", help="say why each digest changed since --from"
    )
    digests.add_argument("--from", dest="from_version", metavar="VERSION", type=_version)
    _source_flags(digests)
    drift = sub.add_parser("drift", help="where overrides depart from botocore beyond async")
    scope = drift.add_mutually_exclusive_group()
    scope.add_argument("--base", metavar="REV", help="audit edits since REV (default HEAD)")
    scope.add_argument("--diff", type=Path, metavar="FILE", help="audit a unified diff's edits")
    scope.add_argument("--all", action="store_true", help="audit every override")
    drift.add_argument("--head", metavar="REV", help="the edits up to REV, not the working tree")
    drift.add_argument("--botocore-version", metavar="VERSION", type=_version)
    drift.add_argument("--format", choices=("text", "json", "github"), default="text")
    _source_flags(drift)
    sync = sub.add_parser("sync", help="raise the botocore bounds and digests to a release")
    sync.add_argument("--to", dest="to_version", metavar="VERSION", type=_version)
    sync.add_argument("--write", action="store_true", help="write pyproject.toml and digests")
    sync.add_argument("--classification", type=Path, metavar="FILE", help="write the verdict JSON")
    sync.add_argument("--pr-body", type=Path, metavar="FILE", help="write a markdown PR body")
    sync.add_argument("--port", action="store_true", help="also merge the ports (botoport port)")
    sync.add_argument("--tests", action="store_true", help="also port botocore's tests (--port)")
    _source_flags(sync)
    port = sub.add_parser("port", help="merge botocore's changes into the overrides")
    port.add_argument("--from", dest="from_version", metavar="VERSION", type=_version)
    port.add_argument("--to", dest="to_version", metavar="VERSION", type=_version)
    port.add_argument("--write", action="store_true", help="write the merged overrides")
    port.add_argument("--format", choices=("text", "json"), default="text")
    port.add_argument("--tests", action="store_true", help="also port botocore's tests")
    _backfill_flag(sync)
    _backfill_flag(port)
    _source_flags(port)
    cache = sub.add_parser("cache", help="the cache folder: its size, or clear it")
    cache.add_argument("action", choices=("info", "clear"))
    cache.add_argument("--cache-dir", metavar="PATH")
    return parser


def _version(text: str) -> str:
    """A version flag's value: a release number, never empty (``--to ""`` from an unset CI
    variable must not mean "the newest")."""
    from botoport.versions import is_release

    if not is_release(text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a botocore release number such as 1.42.84"
        )
    return text


def _revision_flags(parser: argparse.ArgumentParser, base_help: str) -> None:
    parser.add_argument("--base", metavar="REV", help=base_help)
    parser.add_argument("--head", metavar="REV", help="the head is REV, not the working tree")


def _backfill_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backfill",
        action="append",
        default=[],
        metavar="PATH",
        help="with --tests: also the tests of this mirror file it lacks (repeatable)",
    )


def _source_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--aiobotocore-root", type=Path, metavar="PATH")
    parser.add_argument("--botocore-clone", metavar="PATH|auto")
    parser.add_argument("--index-url", metavar="URL")
    parser.add_argument("--cache-dir", metavar="PATH")
    parser.add_argument("--download-timeout", metavar="SECONDS")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (0 no-port, 1 port-required, 2 ambiguous, 3 error)."""
    args = None
    try:
        args = build_parser().parse_args(argv)
        if args.command == "check" and (answer := cached_check(args)) is not None:
            return answer
        show_notes()
        from botoport import commands

        return commands.HANDLERS[args.command](args)
    except BotoportError as exc:
        return _failed(args, str(exc))
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return Exit.INTERRUPTED
    except BrokenPipeError:  # the reader went away (``| head``): nothing more to say
        _silence_stdout()
        return Exit.BROKEN_PIPE
    except Exception as exc:  # a bug must still not print a traceback at the user
        return _failed(args, f"internal error ({type(exc).__name__}: {exc}); please report it")


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _failed(args: argparse.Namespace | None, message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    if getattr(args, "format", None) == "classification":
        from botoport.port.workflow import classification_error

        # The workflow reads the object even when classifying failed.
        sys.stdout.write(json.dumps(classification_error(message), indent=2) + "\n")
    return Exit.ERROR


def cached_check(args: argparse.Namespace) -> int | None:
    """A warm ``check`` answered from the report cache: its exit status, or None to compute."""
    from botoport import warm

    return warm.replay(args)


if __name__ == "__main__":
    sys.exit(main())
