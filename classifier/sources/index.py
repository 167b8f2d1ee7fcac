"""botocore releases from the package index, kept in the cache as their Python files only.

The index is the one the user's pip configuration points at (``PIP_INDEX_URL``, pip's config
files, ``cert``), read without pip so that it works in pipx, ``uv tool`` and pre-commit venvs.
Each release is downloaded at most once: its wheel is verified against the index's sha256,
``botocore/**/*.py`` (``botocore/data`` excluded) is extracted to a temporary folder that is then
renamed into place, and the wheel itself is discarded.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html.parser
import io
import json
import logging
import os
import re
import shutil
import tarfile
import tempfile
import time
import urllib.parse
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from botoport.bounds import Bounds, tree_bounds
from botoport.cache.folder import RELEASES, claim, sweep_stale_temporaries
from botoport.errors import BotoportError
from botoport.fileio import write_atomically
from botoport.mirror.paths import is_ported_path
from botoport.sources.checkout import DirectoryTree
from botoport.sources.http import IndexSettings, Response, open_url, pip_index_settings
from botoport.sources.wheels import (
    WholeFile,
    fetch_member,
    member_spans,
    ranged_wheel,
    wheel_members,
)
from botoport.versions import release, sort_releases
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet

_RELEASE_FILE = {
    "botocore": re.compile(r"^botocore-(?P<version>\d+(?:\.\d+){1,3})-py3-none-any\.whl$"),
    "aiobotocore": re.compile(r"^aiobotocore-(?P<version>\d+(?:\.\d+){1,3})\.tar\.gz$"),
    # botocore's tests ship in its sdist only (``botoport port --tests``).
    "botocore-tests": re.compile(r"^botocore-(?P<version>\d+(?:\.\d+){1,3})\.tar\.gz$"),
    # Only their release lists are read, to align the companion bounds with botocore's.
    "boto3": re.compile(r"^boto3-(?P<version>\d+(?:\.\d+){1,3})-py3-none-any\.whl$"),
    "awscli": re.compile(r"^awscli-(?P<version>\d+(?:\.\d+){1,3})-py3-none-any\.whl$"),
}
# aiobotocore's wheel: read (by range) only for the METADATA that names its botocore bounds.
_AIOBOTOCORE_WHEEL = re.compile(
    r"^aiobotocore-(?P<version>[0-9]+(?:\.[0-9]+){1,3})-py3-none-any\.whl$"
)
_MANIFEST = "manifest.json"
_MEMBERS = "members.json"  # where each file of a lazily cached wheel sits, for range requests
_INDEX_FRESH_FOR = 3600  # seconds a cached release list is used without asking the index
log = logging.getLogger("botoport")


class _File(NamedTuple):
    """A release file on the index (and, for aiobotocore, its wheel, whose METADATA holds the
    botocore requirement)."""

    url: str
    sha256: str | None
    yanked: bool
    wheel: str | None = None


class _Anchors(html.parser.HTMLParser):
    """Links of a PEP 503 (HTML) simple page, each with whether it is yanked."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        href = found.get("href")
        if tag == "a" and href:
            self.links.append((href, "data-yanked" in found))


class IndexSource:
    """Releases of ``project`` (botocore wheels, aiobotocore sdists; boto3 and awscli release
    lists) read from the package index through the cache."""

    def __init__(
        self, cache_dir: Path, settings: IndexSettings | None = None, project: str = "botocore"
    ) -> None:
        self.project = project
        self.cache_dir = cache_dir / RELEASES
        self.settings = settings or pip_index_settings()
        self._files: dict[str, _File] | None = None
        self._releases: list[str] | None = None
        self._stale = False
        self._entry: dict[str, Any] | None = None  # the cached list's JSON, once read
        self._asked_again = False
        self._manifests: dict[str, dict[str, str]] = {}
        self._healed: set[str] = set()
        self._bounds: dict[str, str] = {}
        self.downloads: list[str] = []

    @property
    def page(self) -> str:
        """The project's page on the index (botocore's tests are on botocore's)."""
        return "botocore" if self.project == "botocore-tests" else self.project

    def missing(self, version: str) -> str:
        """``version`` is not a release of the project on the index (named without secrets)."""
        return f"{self.page} {version} is not on the package index {self.settings.shown}"

    # --- the release list ---------------------------------------------------------------------

    def _index(self) -> dict[str, _File]:
        """``{version: file}`` of the project's release files on the index: the cache's copy
        when it is under an hour old, else the index's (then cached). Offline, an older cached
        list is used, with a note."""
        if self._files is None:
            page = f"{self.settings.url}/{self.page}/"
            cached = None if self._stale else self._cached_index(page, _INDEX_FRESH_FOR)
            self._files = cached if cached is not None else self._fetch_or_fall_back(page)
            self._stale = False
        return self._files

    def _fetch_or_fall_back(self, page: str) -> dict[str, _File]:
        try:
            return self._fetch_index(page)
        except BotoportError as exc:
            older = self._cached_index(page, None)
            if not older:
                raise
            log.warning(
                "using the cached list of %s releases: the index could not be asked (%s)",
                self.project,
                exc,
            )
            return older

    def _index_entry(self) -> Path:
        return self.cache_dir / f"index-{self.project}.json"

    def _entry_data(self, page: str) -> dict[str, Any] | None:
        """The cached list's JSON for ``page``, read and parsed once per source (it is a few
        hundred kB: freshness, validators and the offline fallback all look at it)."""
        if self._entry is None:
            try:
                data = json.loads(self._index_entry().read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = None
            self._entry = data if isinstance(data, dict) else {}
        return self._entry if self._entry.get("page") == page else None

    def _cached_index(self, page: str, fresh_for: float | None) -> dict[str, _File] | None:
        data = self._entry_data(page)
        try:
            if data is None:
                return None
            if fresh_for is not None and time.time() - data["fetched"] > fresh_for:
                return None
            files = {v: _File(u, s, bool(y), w) for v, (u, s, y, w) in data["files"].items()}
            return files or None
        except (ValueError, KeyError, TypeError):
            return None  # foreign, old-format or corrupt: read the index again

    def _validators(self, page: str) -> dict[str, str]:
        """``If-None-Match``/``If-Modified-Since`` from the cached list of ``page``, so that an
        unchanged list costs a ``304`` and no body."""
        data = self._entry_data(page) or {}
        found = {"If_None_Match": data.get("etag"), "If_Modified_Since": data.get("modified")}
        return {name: value for name, value in found.items() if isinstance(value, str)}

    def _fetch_index(self, page: str) -> dict[str, _File]:
        # The HTML page carries all botoport reads (sha256, yanked) in 30% fewer bytes than
        # JSON; a JSON answer is read too.
        accept = "text/html"
        validators = self._validators(page)
        response = open_url(self.settings, page, accept, Accept_Encoding="gzip", **validators)
        if response.status == 304:
            cached = self._cached_index(page, None)
            if cached:
                self._write_index_entry(page, cached, response, validators)
                return cached
            response = open_url(self.settings, page, accept, Accept_Encoding="gzip")
        body = response.body().decode("utf-8", "replace")
        kind = response.headers.get("Content-Type", "")
        try:
            links = _json_links(body) if "json" in kind else _html_links(body)
        except (ValueError, KeyError, TypeError):
            raise BotoportError(f"the package index at {page} answered a malformed page") from None
        files: dict[str, _File] = {}
        wheels: dict[str, str] = {}
        for href, sha, yanked in links:
            name = urllib.parse.unquote(urllib.parse.urlsplit(href).path.rsplit("/", 1)[-1])
            url = urllib.parse.urljoin(page, href)
            if match := _RELEASE_FILE[self.project].match(name):
                files[match["version"]] = _File(url, sha, yanked)
            elif self.project == "aiobotocore" and (match := _AIOBOTOCORE_WHEEL.match(name)):
                wheels[match["version"]] = url
        files = {v: f._replace(wheel=wheels.get(v)) for v, f in files.items()}
        if not files:
            # A proxy's error or maintenance page: never cached, so the next run asks again.
            raise BotoportError(f"the package index at {page} lists no {self.project} releases")
        self._write_index_entry(page, files, response)
        return files

    def _write_index_entry(
        self,
        page: str,
        files: dict[str, _File],
        response: Response,
        previous: dict[str, str] | None = None,
    ) -> None:
        previous = previous or {}
        entry = {
            "page": page,
            "fetched": time.time(),
            "etag": response.headers.get("ETag") or previous.get("If_None_Match"),
            "modified": response.headers.get("Last-Modified") or previous.get("If_Modified_Since"),
            "files": files,
        }
        self._entry = None  # read again if this run asks once more
        try:
            claim(self.cache_dir)
            write_atomically(self._index_entry(), json.dumps(entry))
        except OSError:
            pass  # a read-only cache costs a request per run, never a result

    def refresh(self) -> None:
        """Ask the index again on next use (a release newer than the cached list is wanted)."""
        self._files = None
        self._releases = None
        self._stale = True
        self._asked_again = True

    def releases(self) -> list[str]:
        """Every release with a usable file on the index that is not yanked, oldest first."""
        if self._releases is None:
            files = self._index()
            self._releases = sort_releases(v for v, f in files.items() if not f.yanked)
        return self._releases

    def yanked(self) -> set[str]:
        """Releases the index marks as yanked: used only when asked for by exact version."""
        return {v for v, f in self._index().items() if f.yanked}

    # --- cached releases ----------------------------------------------------------------------

    def _manifest(self, version: str) -> dict[str, str]:
        """``{path: sha1}`` of a cached release, read from disk once per source; a missing or
        corrupt manifest makes the release be fetched again."""
        if version not in self._manifests:
            folder = self._release_dir(version)
            try:
                manifest = json.loads((folder / _MANIFEST).read_text("utf-8"))
                if not isinstance(manifest, dict):
                    raise ValueError("not an object")
            except (OSError, ValueError):
                manifest = self._heal(version)
            self._manifests[version] = manifest
        return self._manifests[version]

    def _folder(self, version: str) -> Path:
        return self.cache_dir / f"{self.project}-{release(version)}"

    def _release_dir(self, version: str) -> Path:
        """The cached release, downloaded and extracted first when missing."""
        folder = self._folder(version)
        if (folder / _MANIFEST).is_file():
            return folder
        files = self._index()
        if version not in files and not self._asked_again:
            self.refresh()
            files = self._index()
        if version not in files:
            raise BotoportError(self.missing(version))
        if files[version].yanked:
            log.warning("%s %s is yanked on the index; used as asked", self.project, version)
        try:
            claim(self.cache_dir)
            locks = self.cache_dir / ".locks"
            locks.mkdir(exist_ok=True)
            with _exclusive(locks / f"{self.project}-{version}"):
                # Another run may have fetched it while this one waited for the lock.
                if not (folder / _MANIFEST).is_file():
                    self._fetch_release(files[version], folder)
        except OSError as exc:
            raise BotoportError(
                f"cannot write the cache folder {self.cache_dir}: {exc.strerror or exc}"
            ) from None
        return folder

    def _fetch_release(self, file: _File, folder: Path) -> None:
        """Download and extract one release into ``folder`` (through a temporary folder)."""
        if folder.exists():  # a release folder without its manifest is damaged
            shutil.rmtree(folder)
        sweep_stale_temporaries(self.cache_dir, ".tmp-*")
        with tempfile.TemporaryDirectory(dir=self.cache_dir, prefix=".tmp-") as tmp:
            staging = Path(tmp) / "tree"
            if self.project == "botocore":
                self._index_wheel(file, staging)
            else:
                archive = Path(tmp) / "release"
                self._download(file, archive)
                wanted = _TEST_MEMBERS if self.project == "botocore-tests" else _AIO_MEMBERS
                _extract(_sdist_members(archive, wanted), staging, archive.name)
            os.replace(staging, folder)
        self.downloads.append(folder.name.rpartition("-")[2])

    def _index_wheel(self, file: _File, staging: Path) -> None:
        """A botocore release in the cache: where the index honours ranges, only the wheel's
        directory and RECORD are read now — the manifest (each mirror file's sha256) and where
        each file sits; a file is fetched when it is first read. Elsewhere the whole wheel,
        verified against the index's sha256, is extracted."""
        name = file.url.rsplit("/", 1)[-1]
        try:
            archive = zipfile.ZipFile(ranged_wheel(self.settings, file.url))
        except WholeFile as whole:
            if file.sha256 and hashlib.sha256(whole.data).hexdigest() != file.sha256:
                raise BotoportError(
                    f"{file.url} does not match the sha256 the index lists"
                ) from None
            members = wheel_members(_zip(io.BytesIO(whole.data), name), is_ported_path, name)
            _extract(members, staging, name)
            return
        except zipfile.BadZipFile:
            raise BotoportError(f"{name} from the index is not a valid zip file") from None
        hashes, spans = member_spans(archive, is_ported_path, name)
        staging.mkdir(parents=True)
        (staging / _MEMBERS).write_text(json.dumps({"url": file.url, "spans": spans}), "utf-8")
        (staging / _MANIFEST).write_text(json.dumps(hashes, sort_keys=True), encoding="utf-8")

    def _fetch_member(self, version: str, path: str, expected: str) -> bytes | None:
        """A file of a lazily cached release, fetched by range and kept; None when the release
        was extracted whole (so the file should have been there)."""
        try:
            members = json.loads((self._folder(version) / _MEMBERS).read_text("utf-8"))
            url, span = members["url"], members["spans"][path]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        data = fetch_member(self.settings, url, path, span, expected)
        target = self._folder(version) / path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, data, mode=0o644)
        except OSError:
            pass  # a read-only cache costs a request per read, never a result
        return data

    def _heal(self, version: str) -> dict[str, str]:
        """Fetch a damaged cached release again (once per run)."""
        if version in self._healed:
            raise BotoportError(
                f"the cached {self.project} {version} in {self.cache_dir} is damaged and "
                "fetching it again did not mend it"
            )
        self._healed.add(version)
        log.warning("the cached %s %s was damaged: fetching it again", self.project, version)
        shutil.rmtree(self._folder(version), ignore_errors=True)
        self._manifests.pop(version, None)
        return self._manifest(version)

    def _download(self, file: _File, target: Path) -> None:
        digest = hashlib.sha256()
        with target.open("wb") as out:
            for chunk in open_url(self.settings, file.url).chunks():
                digest.update(chunk)
                out.write(chunk)
        if file.sha256 and digest.hexdigest() != file.sha256:
            raise BotoportError(f"{file.url} does not match the sha256 the index lists")

    def changed_files(self, from_version: str, to_version: str) -> list[str]:
        """Python files whose contents differ between the two releases."""
        old, new = self._manifest(from_version), self._manifest(to_version)
        return sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))

    def read(self, version: str, path: str) -> str | None:
        """A file's text at a release, or None; checked against the release's manifest (a
        damaged or missing cached file is fetched again)."""
        expected = self._manifest(version).get(path)
        if expected is None:
            return None
        data = self._cached_bytes(version, path)
        if data is None or not _matches(data, expected):
            data = self._fetch_member(version, path, expected)
        if data is None:
            self._heal(version)
            data = self._cached_bytes(version, path) or b""
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise BotoportError(f"{self.project} {version}: {path} is not UTF-8 text") from None

    def _cached_bytes(self, version: str, path: str) -> bytes | None:
        try:
            return (self._folder(version) / path).read_bytes()
        except OSError:
            return None

    def botocore_bounds(self, version: str) -> Bounds:
        """The botocore bounds an aiobotocore release declares: from its wheel's METADATA (a
        few kB read by range, remembered in the cache), else from its sdist's pyproject."""
        if version not in self._bounds:
            self._bounds.update(self._cached_bounds())
        if version not in self._bounds:
            found = self._metadata_bounds(version)
            if found is None:
                return tree_bounds(self.tree(version))
            self._bounds[version] = found
            self._store_bounds()
        return Bounds(SpecifierSet(self._bounds[version]))

    def _metadata_bounds(self, version: str) -> str | None:
        file = self._index().get(version)
        if file is None or file.wheel is None:
            return None
        metadata = self._wheel_metadata(file.wheel)
        return None if metadata is None else _requirement_specifier(metadata, "botocore")

    def _wheel_metadata(self, wheel: str) -> str | None:
        """A wheel's METADATA: the index's separate copy (PEP 658, a few kB) where it has one,
        else the member read by range; None when neither can be had."""
        try:
            return b"".join(open_url(self.settings, f"{wheel}.metadata").chunks()).decode(
                "utf-8", "replace"
            )
        except BotoportError:
            pass  # no PEP 658 file here
        try:
            archive = zipfile.ZipFile(ranged_wheel(self.settings, wheel))
            name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            return archive.read(name).decode("utf-8", "replace")
        except (WholeFile, StopIteration, zipfile.BadZipFile, KeyError, BotoportError):
            return None  # the sdist says it

    def _bounds_entry(self) -> Path:
        return self.cache_dir / f"bounds-{self.project}.json"

    def _cached_bounds(self) -> dict[str, str]:
        try:
            data = json.loads(self._bounds_entry().read_text(encoding="utf-8"))
            return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _store_bounds(self) -> None:
        try:
            claim(self.cache_dir)
            write_atomically(self._bounds_entry(), json.dumps(self._bounds, sort_keys=True))
        except OSError:
            pass  # a read-only cache costs a request per run, never a result

    def tree(self, version: str) -> DirectoryTree:
        """An extracted release as a tree (aiobotocore sdists)."""
        self._manifest(version)
        return DirectoryTree(self._release_dir(version))


def _json_links(body: str) -> list[tuple[str, str | None, bool]]:
    data = json.loads(body)
    files = data.get("files", []) if isinstance(data, dict) else None
    if not isinstance(files, list):
        raise ValueError("no 'files' list")
    return [
        (f["url"], (f.get("hashes") or {}).get("sha256"), bool(f.get("yanked")))
        for f in files
        if isinstance(f, dict) and isinstance(f.get("url"), str)
    ]


def _html_links(body: str) -> list[tuple[str, str | None, bool]]:
    parser = _Anchors()
    parser.feed(body)
    links = []
    for href, yanked in parser.links:
        url, _, fragment = href.partition("#")
        sha = fragment.removeprefix("sha256=") if fragment.startswith("sha256=") else None
        links.append((url, sha, yanked))
    return links


def _requirement_specifier(metadata: str, project: str) -> str | None:
    """The version specifier of ``project`` among a METADATA file's ``Requires-Dist`` lines
    (without an extra or environment marker)."""
    for line in metadata.splitlines():
        if not line.lower().startswith("requires-dist:"):
            continue
        try:
            requirement = Requirement(line.split(":", 1)[1].strip())
        except InvalidRequirement:
            continue
        if requirement.name.lower() == project and requirement.marker is None:
            return str(requirement.specifier)
    return None


def _matches(data: bytes, expected: str) -> bool:
    """``data`` hashes to a manifest entry: ``sha256=<urlsafe base64>`` (a wheel's RECORD) or
    a sha1 hex digest (a release extracted whole)."""
    if expected.startswith("sha256="):
        digest = hashlib.sha256(data).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=") == expected[7:]
    return hashlib.sha1(data).hexdigest() == expected


def _zip(data: io.BytesIO, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(data)
    except zipfile.BadZipFile:
        raise BotoportError(f"{name} from the index is not a valid zip file") from None


@contextlib.contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` (POSIX ``flock``; elsewhere no lock): two runs
    on one empty cache fetch each release once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# What botoport reads of an aiobotocore sdist: the package, test_patches.py, pyproject.
_AIO_MEMBERS = re.compile(
    r"^[^/]+/(aiobotocore/.*\.py|tests/test_patches\.py|pyproject\.toml|setup\.py)$"
)
# Of a botocore sdist: its unit and functional tests with the files beside them, but not the
# generated corpora (endpoint rules, response parsing, models: most of the archive).
_TEST_MEMBERS = re.compile(
    r"^[^/]+/(tests/(?:__init__\.py|(?:unit|functional)/"
    r"(?!endpoint-rules/|response_parsing/|models/).+))$"
)


def _sdist_members(path: Path, wanted: re.Pattern[str]) -> Iterator[tuple[str, bytes]]:
    """The members of an sdist that ``wanted`` matches, named by its first group."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                match = wanted.match(member.name)
                handle = archive.extractfile(member) if member.isfile() and match else None
                if match and handle is not None:
                    yield match[1], handle.read()
    except (tarfile.TarError, OSError):
        raise BotoportError("an sdist from the package index is not a valid archive") from None


def _extract(members: Iterator[tuple[str, bytes]], target: Path, name: str) -> None:
    """Write the members under ``target`` with a manifest of their sha1s."""
    manifest: dict[str, str] = {}
    for member, data in members:
        if ".." in member.split("/") or member.startswith("/"):
            raise BotoportError(f"{name} from the index holds an unsafe path {member!r}")
        out = target / member
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        manifest[member] = hashlib.sha1(data).hexdigest()
    target.mkdir(parents=True, exist_ok=True)
    (target / _MANIFEST).write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")


def aiobotocore_release_for(botocore_version: str, index: IndexSource, strict: bool = True) -> str:
    """The newest aiobotocore release whose botocore range admits ``botocore_version``
    (without ``strict``: the newest whose LOWER admits it, for replays of syncs that landed
    together in one release).

    LOWER bounds only rise from one aiobotocore release to the next, so a binary search over
    the releases reads a handful of sdists rather than all of them.
    """
    from packaging.version import Version

    wanted = Version(release(botocore_version))
    releases = index.releases()
    low, high = 0, len(releases) - 1
    best = None
    while low <= high:
        mid = (low + high) // 2
        bounds = index.botocore_bounds(releases[mid])
        if bounds.lower is None or Version(bounds.lower) <= wanted:
            best, low = releases[mid], mid + 1
        else:
            high = mid - 1
    admitted = best is not None and index.botocore_bounds(best).specifier.contains(str(wanted))
    if best is None or (strict and not admitted):
        raise BotoportError(f"no aiobotocore release on the index admits botocore {wanted}")
    return best


def aiobotocore_release_before(from_version: str, to_version: str, index: IndexSource) -> str:
    """The aiobotocore release as it stood before a FROM -> TO sync: the newest release whose
    LOWER admits FROM and whose range does not yet admit TO (the sync's own release does)."""
    releases = index.releases()
    position = releases.index(aiobotocore_release_for(from_version, index, strict=False))
    while position > 0 and index.botocore_bounds(releases[position]).specifier.contains(to_version):
        position -= 1
    return releases[position]
