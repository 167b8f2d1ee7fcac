"""botocore releases from the package index, kept in the cache as their Python files only.

The index is the one the user's pip configuration points at (``PIP_INDEX_URL``, pip's config
files, ``cert``), read without pip so that it works in pipx, ``uv tool`` and pre-commit venvs.
Each release is downloaded at most once: its wheel is verified against the index's sha256,
``botocore/**/*.py`` (``botocore/data`` excluded) is extracted to a temporary folder that is then
renamed into place, and the wheel itself is discarded.
"""

from __future__ import annotations

import hashlib
import html.parser
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
from typing import NamedTuple

from botoport.cache.folder import RELEASES, claim, sweep_stale_temporaries
from botoport.errors import BotoportError
from botoport.fileio import write_atomically
from botoport.mirror.paths import is_ported_path
from botoport.sources.http import IndexSettings, open_url, pip_index_settings
from botoport.sources.trees import DirectoryTree
from botoport.versions import release, sort_releases, tree_bounds

_RELEASE_FILE = {
    "botocore": re.compile(r"^botocore-(?P<version>\d+(?:\.\d+){1,3})-py3-none-any\.whl$"),
    "aiobotocore": re.compile(r"^aiobotocore-(?P<version>\d+(?:\.\d+){1,3})\.tar\.gz$"),
    # Only their release lists are read, to align the companion bounds with botocore's.
    "boto3": re.compile(r"^boto3-(?P<version>\d+(?:\.\d+){1,3})-py3-none-any\.whl$"),
    "awscli": re.compile(r"^awscli-(?P<version>\d+(?:\.\d+){1,3})-py3-none-any\.whl$"),
}
_MANIFEST = "manifest.json"
_INDEX_FRESH_FOR = 3600  # seconds a cached release list is used without asking the index
log = logging.getLogger("botoport")


class _File(NamedTuple):
    """A release file on the index."""

    url: str
    sha256: str | None
    yanked: bool


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
        self._asked_again = False
        self._manifests: dict[str, dict[str, str]] = {}
        self._healed: set[str] = set()
        self.downloads: list[str] = []

    # --- the release list ---------------------------------------------------------------------

    def _index(self) -> dict[str, _File]:
        """``{version: file}`` of the project's release files on the index: the cache's copy
        when it is under an hour old, else the index's (then cached). Offline, an older cached
        list is used, with a note."""
        if self._files is None:
            page = f"{self.settings.url}/{self.project}/"
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

    def _cached_index(self, page: str, fresh_for: float | None) -> dict[str, _File] | None:
        try:
            data = json.loads(self._index_entry().read_text(encoding="utf-8"))
            if data["page"] != page:
                return None
            if fresh_for is not None and time.time() - data["fetched"] > fresh_for:
                return None
            files = {v: _File(url, sha, bool(y)) for v, (url, sha, y) in data["files"].items()}
            return files or None
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent, foreign, old-format or corrupt: read the index again

    def _fetch_index(self, page: str) -> dict[str, _File]:
        accept = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
        response = open_url(self.settings, page, accept)
        body = response.body().decode("utf-8", "replace")
        kind = response.headers.get("Content-Type", "")
        try:
            links = _json_links(body) if "json" in kind else _html_links(body)
        except (ValueError, KeyError, TypeError):
            raise BotoportError(f"the package index at {page} answered a malformed page") from None
        files: dict[str, _File] = {}
        for href, sha, yanked in links:
            name = urllib.parse.unquote(urllib.parse.urlsplit(href).path.rsplit("/", 1)[-1])
            match = _RELEASE_FILE[self.project].match(name)
            if match:
                files[match["version"]] = _File(urllib.parse.urljoin(page, href), sha, yanked)
        if not files:
            # A proxy's error or maintenance page: never cached, so the next run asks again.
            raise BotoportError(f"the package index at {page} lists no {self.project} releases")
        entry = {"page": page, "fetched": time.time(), "files": files}
        try:
            claim(self.cache_dir)
            write_atomically(self._index_entry(), json.dumps(entry))
        except OSError:
            pass  # a read-only cache costs a request per run, never a result
        return files

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
            raise BotoportError(
                f"{self.project} {version} is not on the package index {self.settings.shown}"
            )
        if files[version].yanked:
            log.warning("%s %s is yanked on the index; used as asked", self.project, version)
        try:
            if folder.exists():  # a release folder without its manifest is damaged
                shutil.rmtree(folder)
            claim(self.cache_dir)
            sweep_stale_temporaries(self.cache_dir, ".tmp-*")
            with tempfile.TemporaryDirectory(dir=self.cache_dir, prefix=".tmp-") as tmp:
                archive = Path(tmp) / "release"
                self._download(files[version], archive)
                staging = Path(tmp) / "tree"
                members = _wheel_members if self.project == "botocore" else _sdist_members
                _extract(members(archive), staging, archive.name)
                try:
                    os.replace(staging, folder)
                except OSError:
                    if not (folder / _MANIFEST).is_file():  # not another run winning the race
                        raise
        except OSError as exc:
            raise BotoportError(
                f"cannot write the cache folder {self.cache_dir}: {exc.strerror or exc}"
            ) from None
        self.downloads.append(version)
        return folder

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
        if data is None or hashlib.sha1(data).hexdigest() != expected:
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


def _wheel_members(path: Path) -> Iterator[tuple[str, bytes]]:
    """``botocore/**/*.py`` of a botocore wheel, ``botocore/data`` excluded."""
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if is_ported_path(member):
                    yield member, archive.read(member)
    except zipfile.BadZipFile:
        raise BotoportError("a botocore wheel from the index is not a valid zip file") from None


def _sdist_members(path: Path) -> Iterator[tuple[str, bytes]]:
    """What botoport reads of an aiobotocore sdist: the package, test_patches.py, pyproject."""
    wanted = re.compile(
        r"^[^/]+/(aiobotocore/.*\.py|tests/test_patches\.py|pyproject\.toml|setup\.py)$"
    )
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                match = wanted.match(member.name)
                handle = archive.extractfile(member) if member.isfile() and match else None
                if match and handle is not None:
                    yield match[1], handle.read()
    except (tarfile.TarError, OSError):
        raise BotoportError("an aiobotocore sdist from the index is not a valid archive") from None


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


def cache_root(environ: dict[str, str] | None = None) -> Path:
    """``BOTOPORT_CACHE_DIR``, else the platform's user cache folder for botoport."""
    from botoport.cache.folder import user_cache_dir

    env = os.environ if environ is None else environ
    return Path(env["BOTOPORT_CACHE_DIR"]) if env.get("BOTOPORT_CACHE_DIR") else user_cache_dir()


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
        bounds = tree_bounds(index.tree(releases[mid]))
        if bounds.lower is None or Version(bounds.lower) <= wanted:
            best, low = releases[mid], mid + 1
        else:
            high = mid - 1
    admitted = best is not None and tree_bounds(index.tree(best)).specifier.contains(str(wanted))
    if best is None or (strict and not admitted):
        raise BotoportError(f"no aiobotocore release on the index admits botocore {wanted}")
    return best


def aiobotocore_release_before(from_version: str, to_version: str, index: IndexSource) -> str:
    """The aiobotocore release as it stood before a FROM -> TO sync: the newest release whose
    LOWER admits FROM and whose range does not yet admit TO (the sync's own release does)."""
    releases = index.releases()
    position = releases.index(aiobotocore_release_for(from_version, index, strict=False))
    while position > 0 and tree_bounds(index.tree(releases[position])).specifier.contains(
        to_version
    ):
        position -= 1
    return releases[position]
