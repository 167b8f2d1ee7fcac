"""Latency of ``botoport-lsp``: from a ``didChange`` on ``aiobotocore/credentials.py`` to its
diagnostics, measured with a real client (pygls) over stdio, beside the time libcst takes to
parse the same file in the same run.

The workspace is an aiobotocore release from the index committed to a fresh git repository;
botocore comes from the index through the cache. Each change edits a line inside an override,
so both the port check and the drift check of that override run every time.

    python bench/lsp_latency.py [--aiobotocore 3.10.0] [--changes 30]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import libcst
from botoport.config import load_config
from botoport.workspace import index_source
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pytest_lsp import client_capabilities

FILE = "aiobotocore/credentials.py"
ANCHOR = "        return self._frozen_credentials\n"


def workspace(version: str, into: Path) -> Path:
    """The aiobotocore release committed to a new git repository."""
    release = index_source(load_config({}), "aiobotocore").tree(version).root
    root = into / "aiobotocore"
    shutil.copytree(release, root)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", version]):
        subprocess.run(
            ["git", "-c", "user.name=bench", "-c", "user.email=bench@invalid", *args],
            cwd=root,
            check=True,
        )
    return root


def libcst_parse_seconds(text: str, repeat: int) -> float:
    """Median time libcst takes to parse ``text``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        libcst.parse_module(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def latencies(root: Path, changes: int) -> tuple[list[float], int, float]:
    """didChange -> publishDiagnostics times, the diagnostics count, the time to the first."""
    client = LanguageClient("bench", "1")
    arrived: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _published(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait(params)

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def _configuration(params: types.ConfigurationParams) -> list[None]:
        return [None for _ in params.items]

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def _logged(params: types.LogMessageParams) -> None:
        return None

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def _register(params: types.RegistrationParams) -> None:
        return None

    await client.start_io(sys.executable, "-m", "botoport.lsp.server")
    await client.initialize_async(
        types.InitializeParams(
            capabilities=client_capabilities("visual_studio_code"),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="aiobotocore")],
        )
    )
    client.initialized(types.InitializedParams())
    uri = (root / FILE).as_uri()
    text = (root / FILE).read_text()
    start = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
        )
    )
    first = await asyncio.wait_for(arrived.get(), 600)
    first_seconds = time.perf_counter() - start
    times = []
    for n in range(changes):
        edited = text.replace(ANCHOR, ANCHOR.replace("\n", f"  # edit {n}\n"), 1)
        start = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=n + 2, uri=uri),
                [types.TextDocumentContentChangeWholeDocument(text=edited)],
            )
        )
        await asyncio.wait_for(arrived.get(), 60)
        times.append(time.perf_counter() - start)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times, len(first.diagnostics), first_seconds


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aiobotocore", default="3.10.0")
    parser.add_argument("--changes", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = workspace(args.aiobotocore, Path(folder))
        text = (root / FILE).read_text()
        assert ANCHOR in text, f"{FILE} of {args.aiobotocore} lacks the edited line"
        times, count, first = asyncio.run(latencies(root, args.changes))
        parse = libcst_parse_seconds(text, args.changes)
    latency = statistics.median(times)
    print(f"aiobotocore {args.aiobotocore}, {FILE}: {len(text.splitlines())} lines")
    print(f"first diagnostics after didOpen (range classified): {first * 1000:.0f} ms, {count}")
    print(f"didChange -> diagnostics, median of {len(times)}: {latency * 1000:.1f} ms")
    print(f"libcst parse of the file, median:                {parse * 1000:.1f} ms")
    print(f"ratio: {latency / parse:.2f}x (goal: at most 1.5x)")


if __name__ == "__main__":
    main()
