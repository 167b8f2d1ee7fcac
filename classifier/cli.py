"""The ``botoport`` command: gathers inputs, calls the core, renders. Nothing else lives here."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .check import run_check
from .errors import BotoportError
from .pypi import IndexSource, aiobotocore_release_for, cache_root
from .registries import read_registries
from .report import report_json, report_text
from .sources import BotocoreSource, GitSource
from .trees import SourceTree, find_checkout

EXIT_CODES = {"no-port": 0, "port-required": 1, "ambiguous": 2}
EXIT_ERROR = 3


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one ``error:`` line and exit status 3."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise BotoportError(f"usage: {message}")


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``botoport``."""
    parser = _Parser(prog="botoport", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = sub.add_parser("check", help="classify a botocore bump for aiobotocore")
    check.add_argument("--from", dest="from_version", metavar="FROM")
    check.add_argument("--to", dest="to_version", metavar="TO")
    check.add_argument("--aiobotocore-root", type=Path, metavar="PATH")
    check.add_argument("--botocore-clone", type=Path, metavar="PATH")
    check.add_argument("--format", choices=("text", "json"), default="text")
    registries = sub.add_parser("registries", help="print the async registries as JSON")
    registries.add_argument("--aiobotocore-root", type=Path, metavar="PATH")
    return parser


def _botocore_source(clone: Path | None) -> BotocoreSource:
    if clone is None:
        return IndexSource(cache_root())
    return GitSource(clone)


def _aiobotocore_tree(root: Path | None, from_version: str | None) -> SourceTree:
    """The checkout given or around the current directory, else the release on the index."""
    if root is not None:
        return find_checkout(root)
    try:
        return find_checkout(None)
    except BotoportError as exc:
        if from_version is None:
            raise BotoportError(
                f"{exc}; or pass --from to use aiobotocore from the index"
            ) from None
        index = IndexSource(cache_root(), project="aiobotocore")
        version = aiobotocore_release_for(from_version, index)
        print(
            f"note: no aiobotocore checkout here; using aiobotocore {version} from the "
            "package index",
            file=sys.stderr,
        )
        return index.tree(version)


def _check(args: argparse.Namespace) -> int:
    source = _botocore_source(args.botocore_clone)
    tree = _aiobotocore_tree(args.aiobotocore_root, args.from_version)
    report = run_check(source, tree, args.from_version, args.to_version)
    if args.format == "json":
        sys.stdout.write(json.dumps(report_json(report), indent=2) + "\n")
    else:
        sys.stdout.write(report_text(report))
    return EXIT_CODES[report.classification]


def _registries(args: argparse.Namespace) -> int:
    tree = find_checkout(args.aiobotocore_root)
    sys.stdout.write(json.dumps(read_registries(tree).as_json(), indent=2) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (0 no-port, 1 port-required, 2 ambiguous, 3 error)."""
    try:
        args = build_parser().parse_args(argv)
        handler = {"check": _check, "registries": _registries}[args.command]
        return handler(args)
    except BotoportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # a bug must still not print a traceback at the user
        print(
            f"error: internal error ({type(exc).__name__}: {exc}); please report it",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
