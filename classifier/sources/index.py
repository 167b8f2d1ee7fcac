"""botocore releases from the package index, kept in the cache as their Python files only.

The index is the one the user's pip configuration points at (``PIP_INDEX_URL``, pip's config
files, ``cert``), read without pip so that it works in pipx, ``uv tool`` and pre-commit venvs.
Each release is downloaded at most once: its wheel is verified against the index's sha256,
``botocore/**/*.py`` (``botocore/data`` excluded) is extracted to a temporary folder that is then
renamed into place, and the wheel itself is discarded.
"""

from __future__ import annotations

import configparser
import hashlib
import html.parser
import json
import os
import re
import ssl
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from botoport.cache.folder import RELEASES
from botoport.errors import BotoportError
from botoport.fileio import write_atomically
from botoport.mirror.paths import is_ported_path
from botoport.sources.trees import DirectoryTree
from botoport.versions import release, sort_releases, tree_bounds

DEFAULT_INDEX = "https://pypi.org/simple"
_RELEASE_FILE = {
    "botocore": re.compile(r"^botocore-(?P<version>\d+(?:\.\d+){1,3})-py3-none-any\.whl$"),
    "aiobotocore": re.compile(r"^aiobotocore-(?P<version>\d+(?:\.\d+){1,3})\.tar\.gz$"),
    # Only their release lists are read, to align the companion bounds with botocore's.
    "boto3": re.compile(r"^boto3-(?P<version>\d+(?:\.\d+){1,3})-py3-none-any\.whl$"),
    "awscli": re.compile(r"^awscli-(?P<version>\d+(?:\.\d+){1,3})-py3-none-any\.whl$"),
}
_MANIFEST = "manifest.json"
_TIMEOUT = 120
_INDEX_FRESH_FOR = 3600  # seconds a cached release list is used without asking the index


@dataclass(frozen=True)
class IndexSettings:
    """Where the index is and which certificates to trust."""

    url: str
    cert: str | None = None


def pip_index_settings(
    environ: dict[str, str] | None = None, index_url: str | None = None
) -> IndexSettings:
    """The index URL and certificate bundle pip would use: environment, then config files.

    ``index_url`` (botoport's own setting) replaces pip's URL; the certificates stay pip's."""
    env = os.environ if environ is None else environ
    config = configparser.ConfigParser()
    config.read(_pip_config_files(env))

    def setting(name: str) -> str | None:
        value = env.get(f"PIP_{name.upper().replace('-', '_')}")
        for section in ("download", "install", "global"):
            if value is None and config.has_option(section, name):
                value = config.get(section, name)
        return value.strip() if value else None

    url = index_url or env.get("BOTOPORT_INDEX_URL") or setting("index-url") or DEFAULT_INDEX
    return IndexSettings(url.rstrip("/"), setting("cert"))


def _pip_config_files(env: dict[str, str] | os._Environ[str]) -> list[str]:
    if env.get("PIP_CONFIG_FILE"):
        return [env["PIP_CONFIG_FILE"]]
    home = Path.home()
    xdg = env.get("XDG_CONFIG_HOME") or str(home / ".config")
    dirs = env.get("XDG_CONFIG_DIRS", "/etc/xdg").split(":")
    return [
        *(str(Path(d) / "pip" / "pip.conf") for d in dirs),
        "/etc/pip.conf",
        str(home / ".pip" / "pip.conf"),
        str(Path(xdg) / "pip" / "pip.conf"),
        str(Path(sys.prefix) / "pip.conf"),
    ]


class _Anchors(html.parser.HTMLParser):
    """Links of a PEP 503 (HTML) simple page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and not dict(attrs).get("data-yanked"):
            self.links.append(href)


class IndexSource:
    """Releases of ``project`` (botocore wheels, aiobotocore sdists) read from the package
    index through the cache."""

    def __init__(
        self, cache_dir: Path, settings: IndexSettings | None = None, project: str = "botocore"
    ) -> None:
        self.project = project
        self.cache_dir = cache_dir / RELEASES
        self.settings = settings or pip_index_settings()
        self._files: dict[str, tuple[str, str | None]] | None = None
        self._releases: list[str] | None = None
        self._stale = False
        self._manifests: dict[str, dict[str, str]] = {}
        self.downloads: list[str] = []

    def _open(self, url: str, accept: str | None = None):
        request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
        # Building a TLS context reads the CA bundle (~20 ms): only for https.
        context = (
            ssl.create_default_context(cafile=self.settings.cert)
            if url.startswith("https:")
            else None
        )
        try:
            return urllib.request.urlopen(request, timeout=_TIMEOUT, context=context)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise BotoportError(f"cannot reach the package index at {url}: {reason}") from None

    def _index(self) -> dict[str, tuple[str, str | None]]:
        """``{version: (url, sha256)}`` of the project's usable release files on the index:
        the cache's copy when it is under an hour old, else the index's (then cached)."""
        if self._files is None:
            page = f"{self.settings.url}/{self.project}/"
            cached = None if self._stale else self._cached_index(page)
            self._files = cached if cached is not None else self._fetch_index(page)
            self._stale = False
        return self._files

    def _index_entry(self) -> Path:
        return self.cache_dir / f"index-{self.project}.json"

    def _cached_index(self, page: str) -> dict[str, tuple[str, str | None]] | None:
        try:
            data = json.loads(self._index_entry().read_text(encoding="utf-8"))
            if data["page"] != page or time.time() - data["fetched"] > _INDEX_FRESH_FOR:
                return None
            return {version: (url, sha) for version, (url, sha) in data["files"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent, foreign or corrupt: read the index again

    def _fetch_index(self, page: str) -> dict[str, tuple[str, str | None]]:
        accept = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
        with self._open(page, accept) as response:
            body = response.read().decode("utf-8", "replace")
            kind = response.headers.get("Content-Type", "")
        links = _json_links(body) if "json" in kind else _html_links(body)
        files: dict[str, tuple[str, str | None]] = {}
        for href, sha in links:
            name = urllib.parse.unquote(urllib.parse.urlsplit(href).path.rsplit("/", 1)[-1])
            match = _RELEASE_FILE[self.project].match(name)
            if match:
                files[match["version"]] = (urllib.parse.urljoin(page, href), sha)
        entry = {"page": page, "fetched": time.time(), "files": files}
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            write_atomically(self._index_entry(), json.dumps(entry))
        except OSError:
            pass  # a read-only cache costs a request per run, never a result
        return files

    def refresh(self) -> None:
        """Ask the index again on next use (a release newer than the cached list is wanted)."""
        self._files = None
        self._releases = None
        self._stale = True

    def releases(self) -> list[str]:
        """Every release with a usable file on the index, oldest first."""
        if self._releases is None:
            self._releases = sort_releases(self._index())
        return self._releases

    def _manifest(self, version: str) -> dict[str, str]:
        """``{path: sha1}`` of a cached release, read from disk once per source."""
        if version not in self._manifests:
            folder = self._release_dir(version)
            self._manifests[version] = json.loads((folder / _MANIFEST).read_text("utf-8"))
        return self._manifests[version]

    def _folder(self, version: str) -> Path:
        return self.cache_dir / f"{self.project}-{release(version)}"

    def _release_dir(self, version: str) -> Path:
        """The cached release, downloaded and extracted first when missing."""
        folder = self._folder(version)
        if (folder / _MANIFEST).is_file():
            return folder
        files = self._index()
        if version not in files:
            raise BotoportError(
                f"{self.project} {version} is not on the package index {self.settings.url}"
            )
        url, sha = files[version]
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.cache_dir, prefix=".tmp-") as tmp:
            archive = Path(tmp) / "release"
            self._download(url, sha, archive)
            staging = Path(tmp) / "tree"
            members = _wheel_members if self.project == "botocore" else _sdist_members
            _extract(members(archive), staging, archive.name)
            try:
                os.replace(staging, folder)
            except OSError:
                if not (folder / _MANIFEST).is_file():  # not another run winning the race
                    raise
        self.downloads.append(version)
        return folder

    def _download(self, url: str, sha: str | None, target: Path) -> None:
        digest = hashlib.sha256()
        with self._open(url) as response, target.open("wb") as out:
            while chunk := response.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
        if sha and digest.hexdigest() != sha:
            raise BotoportError(f"{url} does not match the sha256 the index lists")

    def changed_files(self, from_version: str, to_version: str) -> list[str]:
        """Python files whose contents differ between the two releases."""
        old, new = self._manifest(from_version), self._manifest(to_version)
        return sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))

    def read(self, version: str, path: str) -> str | None:
        """A file's text at a release, or None."""
        if path not in self._manifest(version):
            return None
        return (self._folder(version) / path).read_text(encoding="utf-8")

    def tree(self, version: str) -> DirectoryTree:
        """An extracted release as a tree (aiobotocore sdists)."""
        return DirectoryTree(self._release_dir(version))


def _json_links(body: str) -> list[tuple[str, str | None]]:
    data = json.loads(body)
    return [
        (f["url"], f.get("hashes", {}).get("sha256"))
        for f in data.get("files", [])
        if not f.get("yanked")
    ]


def _html_links(body: str) -> list[tuple[str, str | None]]:
    parser = _Anchors()
    parser.feed(body)
    links = []
    for href in parser.links:
        url, _, fragment = href.partition("#")
        sha = fragment.removeprefix("sha256=") if fragment.startswith("sha256=") else None
        links.append((url, sha))
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
