"""Talking to the package index: where it is (pip's settings), who we are (credentials from
the URL or netrc, sent as HTTP basic auth and never shown), one TLS context per process, and
requests that end by a deadline however slowly the server answers."""

from __future__ import annotations

import base64
import configparser
import functools
import gzip
import http.client
import netrc
import os
import ssl
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botoport.config import DEFAULT_TIMEOUT
from botoport.errors import BotoportError

DEFAULT_INDEX = "https://pypi.org/simple"
_CHUNK = 1 << 16


@dataclass(frozen=True)
class IndexSettings:
    """Where the index is (``url`` carries no credentials), which certificates to trust, the
    credentials to send and how long one request may take in all."""

    url: str
    cert: str | None = None
    auth: tuple[str, str] | None = field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT

    @property
    def shown(self) -> str:
        """The URL as it may be printed: a user name is kept, a password is ``***``."""
        if self.auth is None:
            return self.url
        parts = urllib.parse.urlsplit(self.url)
        return urllib.parse.urlunsplit(parts._replace(netloc=f"{self.auth[0]}:***@{parts.netloc}"))


def mask_credentials(url: str) -> str:
    """``https://user:token@host/simple`` -> ``https://user:***@host/simple``."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None and "@" not in parts.netloc:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def settings_for(
    url: str,
    cert: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    environ: Mapping[str, str] | None = None,
) -> IndexSettings:
    """Settings for ``url``: credentials taken out of it (or found in netrc, as pip does)."""
    parts = urllib.parse.urlsplit(url.strip())
    host = parts.hostname or ""
    clean = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    auth = None
    if parts.username is not None:
        auth = (urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))
    elif host:
        auth = _netrc_auth(host, os.environ if environ is None else environ)
    return IndexSettings(clean.rstrip("/"), cert, auth, timeout)


def _netrc_auth(host: str, environ: Mapping[str, str]) -> tuple[str, str] | None:
    path = environ.get("NETRC") or str(Path.home() / ".netrc")
    try:
        found = netrc.netrc(path).authenticators(host)
    except (OSError, netrc.NetrcParseError):
        return None
    if not found:
        return None
    login, _, password = found
    return (login or "", password or "")


def pip_index_settings(
    environ: Mapping[str, str] | None = None,
    index_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> IndexSettings:
    """The index URL and certificate bundle pip would use: environment, then config files.

    ``index_url`` (botoport's own setting) replaces pip's URL; the certificates stay pip's."""
    env = os.environ if environ is None else environ
    config = configparser.ConfigParser()
    try:
        config.read(_pip_config_files(env))
    except configparser.Error as exc:
        raise BotoportError(f"pip's configuration cannot be read: {exc.message}") from None

    def setting(name: str) -> str | None:
        value = env.get(f"PIP_{name.upper().replace('-', '_')}")
        for section in ("download", "install", "global"):
            if value is None and config.has_option(section, name):
                value = config.get(section, name)
        return value.strip() if value else None

    url = index_url or env.get("BOTOPORT_INDEX_URL") or setting("index-url") or DEFAULT_INDEX
    return settings_for(url, setting("cert"), timeout, env)


def _pip_config_files(env: Mapping[str, str]) -> list[str]:
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


@functools.lru_cache(maxsize=4)
def tls_context(cert: str | None) -> ssl.SSLContext:
    """One TLS context per CA bundle and process (building one reads the bundle: ~20 ms)."""
    return ssl.create_default_context(cafile=cert)


class Response:
    """An answer being read: its status and headers, and its body in chunks until the
    deadline (decompressed when the server sent it gzip-encoded)."""

    def __init__(
        self,
        raw: Any,
        url: str,
        deadline: float,
        timeout: float,
        release: Callable[[bool], None] | None = None,
    ) -> None:
        self._raw, self.url, self._deadline, self._timeout = raw, url, deadline, timeout
        self.headers = raw.headers
        self.status: int = getattr(raw, "status", None) or raw.getcode()
        self._release = release  # hands a kept-alive connection back (True: body fully read)

    def chunks(self) -> Iterator[bytes]:
        """The body, chunk by chunk; BotoportError when the deadline passes first."""
        complete = False
        try:
            while True:
                if time.monotonic() > self._deadline:
                    raise BotoportError(
                        f"{self.url} did not finish within {self._timeout:g} s "
                        "(setting download-timeout)"
                    )
                chunk = self._raw.read1(_CHUNK)
                if not chunk:
                    complete = True
                    return
                yield chunk
        except (OSError, ValueError, http.client.HTTPException) as exc:
            raise BotoportError(f"reading {self.url} failed: {_reason(exc)}") from None
        finally:
            self._raw.close()
            if self._release is not None:
                self._release(complete)

    def body(self) -> bytes:
        """The whole body (for index pages), decompressed."""
        data = b"".join(self.chunks())
        if self.headers.get("Content-Encoding", "").lower() == "gzip":
            try:
                return gzip.decompress(data)
            except (OSError, EOFError) as exc:
                raise BotoportError(f"{self.url} sent a broken gzip body: {exc}") from None
        return data


def open_url(
    settings: IndexSettings, url: str, accept: str | None = None, **headers: str
) -> Response:
    """GET ``url`` with ``headers`` (``Range``, ``If_None_Match`` … as keyword names with
    underscores); the index's credentials go only to the index's own host and are not repeated
    to a host a redirect leads to. A ``304 Not Modified`` is an answer, not an error."""
    fields = {name.replace("_", "-"): value for name, value in headers.items()}
    if accept:
        fields["Accept"] = accept
    if not urllib.request.getproxies():
        return _pooled_get(settings, url, fields)
    request = urllib.request.Request(url, headers=fields)
    if settings.auth is not None and _host(url) == _host(settings.url):
        token = base64.b64encode(":".join(settings.auth).encode()).decode("ascii")
        request.add_unredirected_header("Authorization", f"Basic {token}")
    context = tls_context(settings.cert) if url.startswith("https:") else None
    deadline = time.monotonic() + settings.timeout
    try:
        raw = urllib.request.urlopen(request, timeout=settings.timeout, context=context)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Response(exc, url, deadline, settings.timeout)
        raise BotoportError(f"cannot reach the package index at {url}: {_reason(exc)}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise BotoportError(f"cannot reach the package index at {url}: {_reason(exc)}") from None
    return Response(raw, url, deadline, settings.timeout)


_REDIRECTS = 5
_POOL: dict[tuple[str, str, int], list[http.client.HTTPConnection]] = {}
_POOL_LOCK = threading.Lock()


def _pooled_get(settings: IndexSettings, url: str, fields: dict[str, str]) -> Response:
    """GET over a kept-alive connection per host (no proxy configured): one TLS handshake per
    host and run, however many range requests follow. Redirects are followed; credentials go
    only to the index's host."""
    deadline = time.monotonic() + settings.timeout
    for _ in range(_REDIRECTS):
        headers = dict(fields)
        if settings.auth is not None and _host(url) == _host(settings.url):
            token = base64.b64encode(":".join(settings.auth).encode()).decode("ascii")
            headers["Authorization"] = f"Basic {token}"
        raw, release = _exchange(settings, url, headers)
        if raw.status in (301, 302, 303, 307, 308) and raw.getheader("Location"):
            raw.read()
            release(True)
            url = urllib.parse.urljoin(url, raw.getheader("Location"))
            continue
        if raw.status >= 400:
            reason = f"HTTP {raw.status} {raw.reason}"
            raw.read()
            release(True)
            raise BotoportError(f"cannot reach the package index at {url}: {reason}")
        return Response(raw, url, deadline, settings.timeout, release)
    raise BotoportError(f"cannot reach the package index at {url}: too many redirects")


def _exchange(
    settings: IndexSettings, url: str, headers: dict[str, str]
) -> tuple[Any, Callable[[bool], None]]:
    """Send one request on a pooled connection (a stale one is replaced once)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BotoportError(f"cannot reach the package index at {url}: not an http(s) URL")
    key = (parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    for attempt in (1, 2):
        connection, reused = _take(key, settings)
        try:
            connection.request("GET", target, headers={"Connection": "keep-alive", **headers})
            raw = connection.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            if reused and attempt == 1:
                continue  # the server closed a kept-alive connection: once more, afresh
            raise BotoportError(
                f"cannot reach the package index at {url}: {_reason(exc)}"
            ) from None
        return raw, functools.partial(_give_back, key, connection, raw)
    raise AssertionError("unreachable")


def _give_back(
    key: tuple[str, str, int], connection: http.client.HTTPConnection, raw: Any, complete: bool
) -> None:
    """Keep a connection whose answer was read to the end (and that the server keeps open)."""
    if complete and not raw.will_close:
        with _POOL_LOCK:
            _POOL.setdefault(key, []).append(connection)
    else:
        connection.close()


def _take(
    key: tuple[str, str, int], settings: IndexSettings
) -> tuple[http.client.HTTPConnection, bool]:
    with _POOL_LOCK:
        idle = _POOL.get(key)
        if idle:
            return idle.pop(), True
    scheme, host, port = key
    if scheme == "https":
        context = tls_context(settings.cert)
        return http.client.HTTPSConnection(
            host, port, timeout=settings.timeout, context=context
        ), False
    return http.client.HTTPConnection(host, port, timeout=settings.timeout), False


def _host(url: str) -> str:
    return (urllib.parse.urlsplit(url).hostname or "").lower()


def _reason(exc: BaseException) -> str:
    """The cause in one line (HTTP status, socket error, redirect loop …)."""
    if isinstance(exc, urllib.error.HTTPError):
        text = f"HTTP {exc.code} {exc.reason}"
    else:
        reason = getattr(exc, "reason", None) or exc
        text = str(reason).strip() or type(reason).__name__
    return " ".join(text.split())
