"""Reading only the members a run needs out of a wheel on the index, by HTTP range requests.

A wheel is a zip: its central directory sits at the end. The last 64 kB are asked for first;
:mod:`zipfile` then reads the directory (and the members) through a file object whose bytes
come from range requests, the spans of the wanted members merged into a few requests. Each
member is checked against the zip's CRC (by :mod:`zipfile`) and against the sha256 the wheel's
``RECORD`` lists. An index or proxy that does not honour ranges answers the first request with
the whole wheel: the caller then verifies it against the index's sha256 as for any download.
"""

from __future__ import annotations

import base64
import bisect
import csv
import hashlib
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator

from botoport.errors import BotoportError
from botoport.sources.http import IndexSettings, open_url

TAIL = 1 << 16  # the end of the zip asked for first: the directory of a botocore wheel fits
MERGE_GAP = 1 << 16  # spans closer than this are fetched as one request
_LOCAL_HEADER = 30  # fixed part of a zip local file header
_SLACK = 1 << 10  # a local header's extra field may be longer than the directory's copy
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")


class WholeFile(Exception):
    """The server answered a range request with the whole file (it holds ``data``)."""

    def __init__(self, data: bytes) -> None:
        super().__init__("range not honoured")
        self.data = data


class RangedFile(io.RawIOBase):
    """A read-only, seekable view of a remote file of ``size`` bytes; what is read comes from
    spans fetched with ``fetch(start, end)`` (end exclusive) and kept in memory."""

    def __init__(self, size: int, fetch: Callable[[int, int], bytes]) -> None:
        super().__init__()
        self.size, self._fetch, self._pos = size, fetch, 0
        self._starts: list[int] = []
        self._spans: list[bytes] = []
        self.requests = 0

    def keep(self, start: int, data: bytes) -> None:
        """Remember bytes already fetched (the tail of the first request)."""
        index = bisect.bisect_left(self._starts, start)
        self._starts.insert(index, start)
        self._spans.insert(index, data)

    def prefetch(self, spans: list[tuple[int, int]]) -> None:
        """Fetch ``spans`` (merged where close) in as few requests as possible."""
        for start, end in merge_spans(spans, MERGE_GAP):
            if self._find(start, end) is None:
                self.keep(start, self._get(start, end))

    def _get(self, start: int, end: int) -> bytes:
        self.requests += 1
        return self._fetch(start, min(end, self.size))

    def _find(self, start: int, end: int) -> bytes | None:
        index = bisect.bisect_right(self._starts, start) - 1
        if index < 0:
            return None
        first, data = self._starts[index], self._spans[index]
        if first + len(data) >= min(end, self.size):
            return data[start - first : end - first]
        return None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        end = min(self._pos + len(buffer), self.size)
        if end <= self._pos:
            return 0
        data = self._find(self._pos, end)
        if data is None:  # not planned: fetch what is asked, and a little more
            self.keep(self._pos, self._get(self._pos, max(end, self._pos + MERGE_GAP)))
            data = self._find(self._pos, end) or b""
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


def merge_spans(spans: list[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    """``(start, end)`` spans sorted and merged where less than ``gap`` bytes apart."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start - merged[-1][1] < gap:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def ranged_wheel(settings: IndexSettings, url: str) -> RangedFile:
    """A wheel on the index as a :class:`RangedFile`; :class:`WholeFile` when the server sends
    the whole wheel instead of its tail."""
    response = open_url(settings, url, Range=f"bytes=-{TAIL}")
    body = b"".join(response.chunks())
    match = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
    if response.status != 206 or match is None:
        raise WholeFile(body)
    first, last, size = (int(g) for g in match.groups())
    if len(body) != last - first + 1:
        raise BotoportError(f"{url}: the index answered a range with {len(body)} bytes")

    def fetch(start: int, end: int) -> bytes:
        answer = open_url(settings, url, Range=f"bytes={start}-{end - 1}")
        data = b"".join(answer.chunks())
        if answer.status != 206 or len(data) != end - start:
            raise BotoportError(f"{url}: the index did not answer the range {start}-{end - 1}")
        return data

    wheel = RangedFile(size, fetch)
    wheel.keep(first, body)
    wheel.requests = 1
    return wheel


def wheel_members(
    archive: zipfile.ZipFile, wanted: Callable[[str], bool], name: str
) -> Iterator[tuple[str, bytes]]:
    """The ``wanted`` members of a wheel, each checked against its ``RECORD`` sha256 (and, by
    zipfile, its CRC). With a :class:`RangedFile` below, their spans are fetched first."""
    infos = [info for info in archive.infolist() if wanted(info.filename)]
    record_info = _record_info(archive, name)
    source = archive.fp
    if isinstance(source, RangedFile):
        source.prefetch([_span(info) for info in [*infos, record_info]])
    record = _record(archive.read(record_info).decode("utf-8", "replace"))
    for info in infos:
        try:
            data = archive.read(info)
        except (zipfile.BadZipFile, zlib.error) as exc:
            raise BotoportError(f"{name}: {info.filename} is damaged: {exc}") from None
        expected = record.get(info.filename)
        if expected is None or _urlsafe_sha256(data) != expected:
            raise BotoportError(f"{name}: {info.filename} does not match the wheel's RECORD")
        yield info.filename, data


def _span(info: zipfile.ZipInfo) -> tuple[int, int]:
    header = _LOCAL_HEADER + len(info.orig_filename.encode("utf-8")) + len(info.extra) + _SLACK
    return info.header_offset, info.header_offset + header + info.compress_size


def _record_info(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    for info in archive.infolist():
        if info.filename.endswith(".dist-info/RECORD") and info.filename.count("/") == 1:
            return info
    raise BotoportError(f"{name} has no .dist-info/RECORD")


def _record(text: str) -> dict[str, str]:
    """``{path: urlsafe-base64 sha256}`` of a RECORD file."""
    found = {}
    for row in csv.reader(text.splitlines()):
        if len(row) >= 2 and row[1].startswith("sha256="):
            found[row[0]] = row[1].removeprefix("sha256=")
    return found


def _urlsafe_sha256(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).decode("ascii").rstrip("=")


def member_spans(
    archive: zipfile.ZipFile, wanted: Callable[[str], bool], name: str
) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Without reading any wanted member: ``{path: "sha256=…"}`` from the wheel's ``RECORD``
    and ``{path: [offset, compressed size, method, crc]}`` from its directory, for
    :func:`fetch_member` to read one member later with one range request."""
    record_info = _record_info(archive, name)
    source = archive.fp
    if isinstance(source, RangedFile):
        source.prefetch([_span(record_info)])
    record = _record(archive.read(record_info).decode("utf-8", "replace"))
    hashes, spans = {}, {}
    for info in archive.infolist():
        if not wanted(info.filename):
            continue
        if info.filename not in record:
            raise BotoportError(f"{name}: {info.filename} is not listed in the wheel's RECORD")
        hashes[info.filename] = f"sha256={record[info.filename]}"
        spans[info.filename] = [
            info.header_offset, info.compress_size, info.compress_type, info.CRC
        ]  # fmt: skip
    return hashes, spans


def fetch_member(
    settings: IndexSettings, url: str, path: str, span: list[int], digest: str
) -> bytes:
    """One member of a wheel on the index, by one range request; checked against its CRC and
    its ``RECORD`` sha256 (``digest``, as ``sha256=…``)."""
    offset, size, method, crc = span
    end = offset + _LOCAL_HEADER + len(path.encode("utf-8")) + _SLACK + size
    answer = open_url(settings, url, Range=f"bytes={offset}-{end - 1}")
    raw = b"".join(answer.chunks())
    if answer.status != 206 or len(raw) < _LOCAL_HEADER or raw[:4] != b"PK\x03\x04":
        raise BotoportError(f"{url}: the index did not answer the range of {path}")
    name_length, extra_length = struct.unpack("<HH", raw[26:30])
    start = _LOCAL_HEADER + name_length + extra_length
    compressed = raw[start : start + size]
    try:
        if method == zipfile.ZIP_DEFLATED:
            data = zlib.decompressobj(-15).decompress(compressed)
        elif method == zipfile.ZIP_STORED:
            data = compressed
        else:
            raise BotoportError(f"{url}: {path} uses zip method {method}")
    except zlib.error as exc:
        raise BotoportError(f"{url}: {path} is damaged: {exc}") from None
    if zlib.crc32(data) != crc or f"sha256={_urlsafe_sha256(data)}" != digest:
        raise BotoportError(f"{url}: {path} does not match the wheel's RECORD")
    return data
