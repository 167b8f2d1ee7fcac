"""botocore from a git clone with release tags (read, never modified), or a managed clone."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from botoport.cache.folder import MANAGED_CLONE, claim, sweep_stale_temporaries
from botoport.config import DEFAULT_TIMEOUT
from botoport.errors import BotoportError
from botoport.mirror.paths import is_ported_path
from botoport.versions import release, sort_releases


class GitSource:
    """A bare or working clone of botocore, read through GitPython."""

    def __init__(self, path: Path) -> None:
        from git import InvalidGitRepositoryError, NoSuchPathError, Repo

        try:
            self.repo = Repo(path)
        except (InvalidGitRepositoryError, NoSuchPathError):
            raise BotoportError(
                f"botocore clone missing or tag unavailable: {path} is not a git repository"
            ) from None
        self.path = path
        self._commits: dict[str, object] = {}
        self._tags: dict[str, str] | None = None

    def missing(self, version: str) -> str:
        """``version`` has no tag in the clone."""
        return f"botocore clone missing or tag unavailable: {version}"

    def tags(self) -> dict[str, str]:
        """``{tag: commit id}``, read with one ``git for-each-ref`` per run (not one scan of
        ``packed-refs`` per lookup); annotated tags are peeled to their commits."""
        if self._tags is None:
            from git import GitCommandError

            try:
                listing = self.repo.git.for_each_ref(
                    "--format=%(refname:strip=2) %(objectname) %(*objectname)", "refs/tags"
                )
            except GitCommandError as exc:
                raise BotoportError(f"cannot list the tags of {self.path}: {exc}") from None
            found = {}
            for line in listing.splitlines():
                name, _, ids = line.partition(" ")
                plain, _, peeled = ids.partition(" ")
                found[name] = peeled.strip() or plain
            self._tags = found
        return self._tags

    def releases(self) -> list[str]:
        """Tags that are release numbers, oldest first."""
        return sort_releases(self.tags())

    def yanked(self) -> set[str]:
        """A clone has tags, none of them withdrawn."""
        return set()

    def refresh(self) -> None:
        """A clone given by path is never modified: nothing to do."""

    def _commit(self, version: str) -> Any:  # a git.Commit (GitPython is untyped)
        from git import BadName

        version = release(version)
        if version not in self._commits:
            try:
                self._commits[version] = self.repo.commit(self.tags()[version])
            except (KeyError, BadName, ValueError):
                raise BotoportError(
                    f"botocore clone missing or tag unavailable: no tag {version} in {self.path}"
                ) from None
        return self._commits[version]

    def changed_files(self, from_version: str, to_version: str) -> list[str]:
        """Ported-path files whose blobs differ between the two tags."""
        old, new = self._commit(from_version), self._commit(to_version)
        paths: set[str] = set()
        # Python files only, botocore/data left out: git need not compare its thousands of JSON.
        for item in old.diff(new, paths=["botocore/**.py", ":(exclude)botocore/data"]):
            paths.update(p for p in (item.a_path, item.b_path) if p and is_ported_path(p))
        return sorted(paths)

    def changed_tests(self, from_version: str, to_version: str) -> list[str]:
        """Files under botocore's ``tests/unit`` and ``tests/functional`` whose blobs differ."""
        old, new = self._commit(from_version), self._commit(to_version)
        paths: set[str] = set()
        for item in old.diff(new, paths=["tests/unit", "tests/functional"]):
            paths.update(p for p in (item.a_path, item.b_path) if p)
        return sorted(paths)

    def read(self, version: str, path: str) -> str | None:
        """A file's text at a tag, or None."""
        try:
            blob = self._commit(version).tree / path
        except KeyError:
            return None
        data: bytes = blob.data_stream.read()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise BotoportError(f"{path} at {version} is not UTF-8 text") from None


_STALE_AFTER = 3600  # seconds after which a managed clone looks for new tags unasked
# A first blob-less clone moves far more than one download: it gets this many times as long.
CLONE_TIMEOUT_FACTOR = 20


class ManagedClone(GitSource):
    """``--botocore-clone auto``: a bare, blob-less clone of botocore kept in the cache.

    It is created on first use (in a temporary folder renamed into place, so a half-made clone
    is never seen) and fetches tags when a release asked for is missing. Blobs arrive on demand,
    so only the files a run reads are ever downloaded.
    """

    def __init__(self, cache_dir: Path, url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        if url.strip().startswith("-"):
            raise BotoportError(f"botocore URL {url!r} must not start with '-'")
        self.url = url
        self.timeout = timeout
        folder = cache_dir / MANAGED_CLONE
        if not (folder / "HEAD").is_file():
            _clone_bare(url, folder, timeout * CLONE_TIMEOUT_FACTOR)
        super().__init__(folder)
        self._fetched = False

    def releases(self) -> list[str]:
        """The clone's release tags, fetched first when the last fetch is over an hour old."""
        fetched = self.path / "FETCH_HEAD"
        last = (fetched if fetched.exists() else self.path / "HEAD").stat().st_mtime
        if time.time() - last > _STALE_AFTER:
            self.refresh()
        return super().releases()

    def refresh(self) -> None:
        """Fetch every tag (and the trees they need) from the clone's origin, once per run."""
        from git import GitCommandError

        if self._fetched:
            return
        try:
            self.repo.git.fetch(
                "--filter=blob:none", "--tags", "--force", "origin", kill_after_timeout=self.timeout
            )
        except GitCommandError as exc:
            raise BotoportError(
                f"cannot fetch botocore tags from {self.url}: {_git_reason(exc)}"
            ) from None
        self._fetched = True
        self._tags = None  # fetched tags are read again

    def _commit(self, version: str) -> Any:  # a git.Commit (GitPython is untyped)
        try:
            return super()._commit(version)
        except BotoportError:
            self.refresh()
            return super()._commit(version)


def _clone_bare(url: str, folder: Path, timeout: float) -> None:
    """Clone into a temporary folder renamed into place; git is stopped after ``timeout`` and
    nothing is left behind (leftovers of a killed run are swept an hour later)."""
    import tempfile

    from git import Git, GitCommandError

    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        sweep_stale_temporaries(folder.parent, ".tmp-clone-*")
        with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".tmp-clone-") as tmp:
            staging = Path(tmp) / MANAGED_CLONE
            command = ["git", "clone", "--bare", "--filter=blob:none", "--", url, str(staging)]
            try:
                Git().execute(command, kill_after_timeout=timeout)
            except GitCommandError as exc:
                raise BotoportError(
                    f"cannot clone botocore from {url}: {_git_reason(exc)}"
                ) from None
            claim(staging)
            try:
                staging.rename(folder)
            except OSError:
                if not (folder / "HEAD").is_file():  # not another run winning the race
                    raise
    except OSError as exc:
        raise BotoportError(f"cannot write the cache folder {folder.parent}: {exc}") from None


def _git_reason(exc: Exception) -> str:
    """The cause git gave, in one line: its first ``fatal:``/``error:`` line (git follows
    "dubious ownership" with advice lines), else the last line it wrote."""
    text = str(getattr(exc, "stderr", "") or exc)
    lines = [line.strip().strip("'\" ") for line in text.splitlines()]
    lines = [line for line in lines if line]
    causes = [line for line in lines if line.startswith(("fatal:", "error:", "Timeout:"))]
    if causes:
        return causes[0]
    return lines[-1] if lines else "git failed"
