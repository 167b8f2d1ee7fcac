"""The ``botoport`` subcommands: each gathers its inputs, calls the core and renders.

Imported once a run needs the core (a warm ``check`` answered from the report cache does not)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from botoport import warm
from botoport.cache.folder import cache_sizes, clear_cache
from botoport.config import KEYS, load_config
from botoport.drift.report import drift_json, drift_text
from botoport.errors import BotoportError
from botoport.exits import Exit, exit_for
from botoport.fileio import replace_user_file, write_all
from botoport.github import drift_annotations, report_annotations
from botoport.mirror.trees import PATCHES_PATH, PYPROJECT_PATH, SourceTree
from botoport.patches.compute import DigestResult, compute_digests, missing_digests
from botoport.patches.explain import KINDS, explain_changes
from botoport.port.classify import PortReport
from botoport.port.registries import read_registries
from botoport.port.report import report_json, report_text
from botoport.port.workflow import classification, classification_error, pr_body
from botoport.port_plan import PortPlan, plan_port
from botoport.ranges import (
    committed_range,
    digests_version,
    head_admitted,
    sync_range,
    working_range,
)
from botoport.sources.base import known_releases, require_releases
from botoport.sources.checkout import find_checkout
from botoport.sources.edits import edits_from_diff, edits_in_range, read_diff_file, whole_tree
from botoport.sources.http import mask_credentials, pip_index_settings
from botoport.sources.revisions import RefRange, RevisionTree, head_reader, revision_reader
from botoport.sync import LOCK_COMMAND, plan_sync
from botoport.testport.plan import TestPortPlan
from botoport.versions import release
from botoport.workspace import Workspace


def _flags(args: argparse.Namespace) -> dict[str, object]:
    """The settings given as flags (None where a flag was not given)."""
    return {key: getattr(args, key.replace("-", "_"), None) for key in KEYS}


def _workspace(args: argparse.Namespace, required: bool = True) -> Workspace:
    return Workspace.open(args.aiobotocore_root, _flags(args), required=required)


def _check(args: argparse.Namespace) -> int:
    workspace = _workspace(args, required=False)
    to_version = args.to_version or workspace.config["target"]
    if args.base is not None or args.head is not None:
        checkout = workspace.checkout
        if checkout is None:
            why = workspace.why_no_checkout
            raise BotoportError(f"{why}; --base/--head need an aiobotocore git checkout")
        note = ""
        compared = RefRange(args.base or "HEAD", args.head)
        tree: SourceTree = checkout if args.head is None else RevisionTree(checkout.root, args.head)
        where = f"{compared.base_name}:{PYPROJECT_PATH}"
        base_text = revision_reader(checkout.root, compared.base_name)(PYPROJECT_PATH)
        from_v, to_v = committed_range(workspace.source, tree, base_text, where, to_version)
        report = workspace.classify(tree, args.from_version or from_v, to_v)
    else:
        tree, note = workspace.aiobotocore_tree(args.from_version)
        sys.stderr.write(note)
        report = workspace.classify(tree, args.from_version, to_version)
    rendered, status = _rendered(report, args.format), exit_for(report.classification)
    warm.store(args, rendered, note, status)  # no entry for --base/--head runs
    sys.stdout.write(rendered)
    return status


def _rendered(report: PortReport, form: str) -> str:
    if form == "json":
        return json.dumps(report_json(report), indent=2) + "\n"
    if form == "classification":
        return json.dumps(classification(report), indent=2) + "\n"
    if form == "github":
        return "\n".join(report_annotations(report)) + "\n"
    return report_text(report)


def _registries(args: argparse.Namespace) -> int:
    tree = find_checkout(args.aiobotocore_root)
    sys.stdout.write(json.dumps(read_registries(tree).as_json(), indent=2) + "\n")
    return 0


def _show_config(args: argparse.Namespace) -> int:
    config = _workspace(args, required=False).config
    rows = []
    for key, value, origin in config.as_rows():
        if key == "index-url" and config[key] is None:
            value, origin = pip_index_settings().shown, "pip configuration, else PyPI"
        elif key == "index-url":
            value = mask_credentials(value)
        elif key == "cache-dir" and config[key] is None:
            value, origin = str(config.cache_dir()), "platform user cache folder"
        elif key == "download-timeout" and config[key] is None:
            value = f"{config.download_timeout():g}"
        rows.append((key, value, origin))
    if args.format == "json":
        data = {key: {"value": value, "origin": origin} for key, value, origin in rows}
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        width = max(len(key) for key, _, _ in rows)
        for key, value, origin in rows:
            sys.stdout.write(f"{key:<{width}} = {value}  ({origin})\n")
    return 0


def _digests(args: argparse.Namespace) -> int:
    workspace = _workspace(args)
    checkout, source = workspace.require_checkout(), workspace.source
    version = digests_version(source, checkout, args.to_version or workspace.config["target"])
    patches = checkout.read(PATCHES_PATH) or ""
    results = compute_digests(patches, lambda path: source.read(version, path))
    if args.explain:
        return _explain_digests(args, workspace, patches, results, version)
    missing = missing_digests(results)
    for result in results:
        where = f"{PATCHES_PATH}:{result.entry.line}"
        if result.error:
            sys.stdout.write(f"{where}: {result.error}\n")
        elif not result.listed:
            sys.stdout.write(
                f"{where}: {result.entry.raw}: missing {result.digest} "
                f"({result.path}:{result.line} at botocore {version})\n"
            )
    unresolved = sum(1 for r in results if r.error)
    if args.write and missing:
        from botoport.patches.writer import (
            add_digests,  # libcst is slow to import: only when writing
        )

        replace_user_file(checkout.root / PATCHES_PATH, add_digests(patches, missing))
        sys.stdout.write(f"added {len(missing)} digests to {PATCHES_PATH}\n")
        missing = {}
    sys.stdout.write(
        f"{len(results)} entries at botocore {version}: {len(missing)} missing, "
        f"{unresolved} unresolved\n"
    )
    return 1 if missing or unresolved else 0


def _explain_digests(
    args: argparse.Namespace,
    workspace: Workspace,
    patches: str,
    at_to: list[DigestResult],
    to_v: str,
) -> int:
    checkout, source = workspace.require_checkout(), workspace.source
    releases = known_releases(source)
    from_v = release(args.from_version, "--from") if args.from_version else None
    from_v = from_v or head_admitted(checkout, head_reader(checkout.root), releases)
    require_releases(source, [from_v])
    at_from = compute_digests(patches, lambda path: source.read(from_v, path))
    changes = explain_changes(at_from, at_to, from_v, to_v)
    for change in changes:
        sys.stdout.write(f"{PATCHES_PATH}:{change.line}: {change.raw}: {change.kind}\n")
        sys.stdout.write(change.diff + "\n")
    counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in KINDS}
    sys.stdout.write(
        f"{len(changes)} digests changed from botocore {from_v} to {to_v}: "
        f"{counts['cosmetic']} cosmetic, {counts['substantive']} substantive\n"
    )
    return 0


def _drift(args: argparse.Namespace) -> int:
    workspace = _workspace(args)
    checkout = workspace.require_checkout()
    head: SourceTree = checkout
    if args.head is not None:
        if args.diff is not None:
            raise BotoportError("usage: --head applies to --base or --all, not --diff")
        head = RevisionTree(checkout.root, args.head)
    if args.all:
        files = whole_tree(head)
    elif args.diff is not None:
        files = edits_from_diff(checkout, read_diff_file(args.diff), str(args.diff))
    else:
        files = edits_in_range(checkout.root, RefRange(args.base or "HEAD", args.head))
    report = workspace.drift(head, files, args.botocore_version)
    if args.format == "json":
        sys.stdout.write(json.dumps(drift_json(report), indent=2) + "\n")
    elif args.format == "github":
        sys.stdout.write("".join(f"{line}\n" for line in drift_annotations(report)))
    else:
        sys.stdout.write(drift_text(report, summary=args.all))
    return Exit.ERROR if report.errors else report.drift.rank


class _ReportPathError(BotoportError):
    """A report path that must not be written (so no error object goes there either)."""


def _sync(args: argparse.Namespace) -> int:
    try:
        return _synced(args)
    except _ReportPathError:
        raise
    except Exception as exc:
        # The workflow's classify step reads this file whatever went wrong.
        if args.classification:
            message = (
                str(exc)
                if isinstance(exc, BotoportError)
                else (f"internal error ({type(exc).__name__}: {exc})")
            )
            _write_json(args.classification, classification_error(message))
        raise


def _synced(args: argparse.Namespace) -> int:
    workspace = _workspace(args)
    checkout, source, config = workspace.require_checkout(), workspace.source, workspace.config
    _check_report_paths(args, checkout.root)
    target = args.to_version or config["target"]
    if args.tests and not args.port:
        raise BotoportError("--tests works with --port (the tests go with the ports)")
    if args.backfill and not args.tests:
        raise BotoportError("--backfill works with --tests")
    from_v, to_v = sync_range(source, checkout, head_reader(checkout.root), target)
    plan = plan_sync(
        source,
        checkout,
        from_v,
        to_v,
        config["reviewed"],
        workspace.tables,
        workspace.companion_releases(),
        workspace.parallel,
        workspace.registries if args.port else None,
    )
    report, lock_note = plan.report, ""
    tests = None
    if args.tests and plan.ports is not None and plan.writes_anything:
        tests = _plan_tests(workspace, report, plan.writes, args.backfill)
        plan.writes.update(tests.writes)
    plan.writes = _laid_out(checkout.root, plan.writes, checkout.read(PYPROJECT_PATH))
    if args.write and plan.writes_anything:  # before any output (``| head`` loses no write)
        written = write_all(
            {checkout.root / path: text for path, text in plan.writes.items()}, make_folders=True
        )
        try:
            lock_note = _lock(checkout.root)
        except BotoportError as exc:
            written.restore()
            raise BotoportError(f"{exc}; nothing was written") from None
    if args.classification:
        _write_json(args.classification, classification(report))
    if args.pr_body:
        outcomes = plan.ports.outcomes if plan.ports is not None else None
        listed = [(o.test, o.status, o.why) for o in tests.outcomes] if tests else []
        body = pr_body(report, outcomes, plan.to_review, plan.held_digests, listed)
        replace_user_file(args.pr_body, body)
    sys.stdout.write(report_text(report))
    for item in plan.unreviewed:
        sys.stdout.write(f"not written: {item}\n")
    for note in plan.notes:
        sys.stdout.write(f"note: {note}\n")
    if plan.ports is not None:
        _print_ports(plan.ports)
    if tests is not None:
        _print_tests(tests)
    for item in plan.to_review:
        sys.stdout.write(f"left: {item}\n")
    for name in plan.held_digests:
        sys.stdout.write(f"digest not added: {name} (its port is not done)\n")
    if args.write and plan.writes_anything:
        sys.stdout.write("".join(f"wrote {path}\n" for path in plan.writes) + lock_note)
    elif plan.writes and plan.writes_anything:
        sys.stdout.write(f"would write {', '.join(plan.writes)} (pass --write)\n")
    return plan.exit_code


def _check_report_paths(args: argparse.Namespace, root: Path) -> None:
    """``--pr-body`` and ``--classification`` write reports, never over each other nor over
    a file of the checkout (a tracked source file, ``pyproject.toml``)."""
    from botoport.sources.revisions import is_tracked

    given = [(flag, path) for flag, path in (("--pr-body", args.pr_body),
             ("--classification", args.classification)) if path is not None]  # fmt: skip
    if len(given) == 2 and given[0][1].resolve() == given[1][1].resolve():
        raise _ReportPathError(f"--pr-body and --classification name the same file {given[0][1]}")
    for flag, path in given:
        if path.is_dir():
            raise _ReportPathError(f"{flag} {path} is a directory")
        if is_tracked(root, path):
            raise _ReportPathError(f"{flag} {path} is a file git tracks: write reports elsewhere")


def _print_ports(plan: PortPlan) -> None:
    for outcome in plan.outcomes:
        sys.stdout.write(f"{outcome.status}: {outcome.verdict.qualname} -> {outcome.where}\n")
        for note in outcome.notes:
            sys.stdout.write("".join(f"    {line}\n" for line in note.splitlines()))


def _port(args: argparse.Namespace) -> int:
    workspace = _workspace(args)
    checkout, source = workspace.require_checkout(), workspace.source
    target = args.to_version or workspace.config["target"]
    read_head = _head_or_nothing(checkout.root, args.from_version)
    from_v, to_v = working_range(source, checkout, read_head, target, args.from_version)
    if args.backfill and not args.tests:
        raise BotoportError("--backfill works with --tests")
    report = workspace.classify(checkout, from_v, to_v)
    plan = plan_port(report, workspace.registries, checkout)
    tests = _plan_tests(workspace, report, plan.writes, args.backfill) if args.tests else None
    if tests is not None:
        plan.writes.update(tests.writes)
    plan.writes = _laid_out(checkout.root, plan.writes, checkout.read(PYPROJECT_PATH))
    if args.write:  # before any output: a reader that stops early (``| head``) loses no write
        write_all(
            {checkout.root / path: text for path, text in plan.writes.items()}, make_folders=True
        )
    if args.format == "json":
        data = [
            {"function": o.verdict.qualname, "file": o.verdict.path, "status": o.status,
             "override": o.where, "notes": o.notes}
            for o in plan.outcomes
        ]  # fmt: skip
        found: dict[str, object] = {"from": from_v, "to": to_v, "ports": data}
        if tests is not None:
            found["tests"] = [
                {"test": o.test, "status": o.status, "why": o.why} for o in tests.outcomes
            ]
            found["test_data"] = tests.data_files
        sys.stdout.write(json.dumps(found, indent=2) + "\n")
    else:
        sys.stdout.write(f"botocore {from_v} -> {to_v}: {len(plan.outcomes)} ports\n")
        _print_ports(plan)
        if tests is not None:
            _print_tests(tests)
    if args.write:
        sys.stderr.write("".join(f"wrote {path}\n" for path in plan.writes))
    elif plan.writes:
        sys.stderr.write(f"would write {', '.join(plan.writes)} (pass --write)\n")
    return plan.exit_code


def _plan_tests(
    workspace: Workspace, report: PortReport, port_writes: dict[str, str], backfill: list[str]
) -> TestPortPlan:
    """botocore's tests for the range, converted against the tree as the port leaves it."""
    from botoport.mirror.trees import OverlayTree
    from botoport.port.registries import read_registries
    from botoport.testport.files import mirror_root
    from botoport.testport.plan import plan_test_port

    checkout = workspace.require_checkout()
    tree = OverlayTree(checkout, port_writes) if port_writes else checkout
    registries = read_registries(tree) if port_writes else workspace.registries
    root = mirror_root(tree)
    mirrors = [_mirror_argument(checkout.root, root, path) for path in backfill]
    return plan_test_port(report, registries, tree, workspace.test_files, mirrors)


def _mirror_argument(checkout: Path, root: str, given: str) -> str:
    """A ``--backfill`` path as the mirror path it names (relative to the checkout)."""
    from botoport.testport.files import is_test_module

    path = Path(given)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        relative = absolute.resolve().relative_to(checkout.resolve()).as_posix()
    except ValueError:
        raise BotoportError(f"--backfill {given}: not inside the checkout {checkout}") from None
    # A mirror not written yet may be named: the plan starts it whole from botocore's file.
    existing = (checkout / relative).is_file() or not (checkout / relative).exists()
    botocore_path = f"tests/{relative.removeprefix(root + '/')}"
    if not relative.startswith(f"{root}/") or not existing or not is_test_module(botocore_path):
        raise BotoportError(
            f"--backfill {given}: not a mirror file of botocore's tests (a test_*.py under "
            f"{root}/unit or {root}/functional)"
        )
    return relative


def _print_tests(plan: TestPortPlan) -> None:
    for outcome in plan.outcomes:
        why = f": {outcome.why}" if outcome.why else ""
        sys.stdout.write(f"test {outcome.status}: {outcome.test}{why}\n")
    for path in plan.data_files:
        sys.stdout.write(f"test data copied: {path}\n")


def _laid_out(root: Path, writes: dict[str, str], pyproject: str | None) -> dict[str, str]:
    """The files to write, through the project's own ruff where it configures one."""
    from botoport.lint import laid_out, project_ruff

    ruff = project_ruff(root, pyproject)
    return laid_out(ruff, root, writes) if ruff is not None and writes else writes


def _head_or_nothing(root: Path, from_version: str | None) -> Callable[[str], str | None]:
    """HEAD's files, which give FROM; outside git, nothing — then ``--from`` must."""
    try:
        return head_reader(root)
    except BotoportError as exc:
        if from_version is None:
            raise BotoportError(f"{exc}: pass --from FROM (HEAD's bounds give it in git)") from None
        return lambda path: None


def _write_json(path: Path, data: object) -> None:
    replace_user_file(path, json.dumps(data, indent=2) + "\n")


def _lock(root: Path) -> str:
    """``uv lock --upgrade-package botocore`` where the project has a uv.lock and uv is here;
    the line to print about it."""
    import shutil
    import subprocess

    command = " ".join(LOCK_COMMAND)
    if not (root / "uv.lock").is_file():
        return ""
    uv = shutil.which("uv")
    if uv is None:
        return f"uv is not on PATH: run `{command}` to update uv.lock\n"
    done = subprocess.run([uv, *LOCK_COMMAND[1:]], cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise BotoportError(f"`{command}` in {root}: {reason}")
    return "updated uv.lock\n"


def _cache(args: argparse.Namespace) -> int:
    folder = load_config({"cache-dir": args.cache_dir}).cache_dir()
    if args.action == "clear":
        removed, left = clear_cache(folder)
        sys.stdout.write(f"removed {_megabytes(removed)} from {folder}\n")
        for part in left:
            sys.stdout.write(f"left {folder / part}: botoport did not make it\n")
        return 0
    for name, size in cache_sizes(folder).items():
        sys.stdout.write(f"{name:<12} {_megabytes(size)}\n")
    sys.stdout.write(f"{'folder':<12} {folder}\n")
    return 0


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


HANDLERS = {
    "check": _check,
    "registries": _registries,
    "config": _show_config,
    "cache": _cache,
    "digests": _digests,
    "drift": _drift,
    "sync": _sync,
    "port": _port,
}
