"""Where a static page lives on disk, and how it gets there.

``<STATIC_PAGES_ROOT>/<hostname>/<path>/index.html``: the layout nginx reads with
``try_files /$host${uri}index.html``. A file is written to a temporary name in
the same directory and renamed over the final name (``os.replace`` is atomic on
one filesystem), so a reader sees the old page or the new one, never half of one.
Temporary names start with a dot and never end in ``index.html``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

INDEX = "index.html"
TEMP_PREFIX = ".tmp-"
_HOSTNAME = re.compile(r"^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$")
_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")


def root() -> Path | None:
    """The output directory, or None when static output is switched off."""
    value = getattr(settings, "STATIC_PAGES_ROOT", "")
    return Path(value) if value else None


def enabled() -> bool:
    return root() is not None


def file_for(hostname: str, path: str, base: Path | None = None) -> Path | None:
    """The file of one public address; None for an address that cannot be a
    file (a hostname or path segment outside the safe characters, ``..``)."""
    base = base or root()
    hostname = hostname.lower()
    if base is None or not _HOSTNAME.match(hostname) or ".." in hostname:
        return None
    if not path.startswith("/") or not path.endswith("/"):
        return None
    segments = [s for s in path.split("/") if s]
    if any(s in (".", "..") or not _SEGMENT.match(s) for s in segments):
        return None
    return base.joinpath(hostname, *segments, INDEX)


def write_atomic(target: Path, content: bytes) -> bool:
    """Write ``content`` at ``target`` (temp file + rename); False when the file
    already holds exactly these bytes (it is left alone, mtime and all)."""
    try:
        if target.read_bytes() == content:
            return False
    except (FileNotFoundError, NotADirectoryError):
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        # mkstemp creates 0600: the web server's user must be able to read it.
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def remove(target: Path) -> bool:
    """Remove a page's file (its directory stays: child pages may live below)."""
    try:
        target.unlink()
    except FileNotFoundError:
        return False
    return True


HEADERS_FILE = ".headers.json"


def save_headers(headers: dict[str, str] | None) -> None:
    """The security headers public pages carry, for the embedded profile."""
    base = root()
    if base is not None and headers is not None:
        content = json.dumps(headers, sort_keys=True, ensure_ascii=False).encode()
        write_atomic(base / HEADERS_FILE, content)


def load_headers(base: Path) -> dict[str, str]:
    try:
        return json.loads((base / HEADERS_FILE).read_bytes())
    except (FileNotFoundError, ValueError):
        return {}


def purge_host(hostname: str) -> bool:
    """Move a host's files out of nginx's sight at once (one rename), then
    delete them: the application answers until the writer refills the host."""
    base = root()
    hostname = hostname.lower()
    if base is None or not _HOSTNAME.match(hostname) or ".." in hostname:
        return False
    source = base / hostname
    if not source.is_dir():
        return False
    trash = Path(tempfile.mkdtemp(dir=base, prefix=".trash-"))
    os.replace(source, trash / hostname)
    shutil.rmtree(trash, ignore_errors=True)
    return True


def address_of(file: Path, base: Path) -> tuple[str, str]:
    """(hostname, path) of a file under ``base``."""
    parts = file.relative_to(base).parts
    return parts[0], "/" + "".join(f"{p}/" for p in parts[1:-1])


def files_on_disk(hostname: str | None = None) -> list[Path]:
    base = root()
    if base is None or not base.is_dir():
        return []
    hosts = [base / hostname] if hostname else list(base.iterdir())
    found = []
    for host_dir in hosts:
        if host_dir.is_dir() and not host_dir.name.startswith("."):
            found.extend(host_dir.rglob(INDEX))
    return sorted(found)


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def hashes_on_disk(hostname: str | None = None) -> dict[str, str]:
    """``{"host/path/": sha256}`` of every static page on disk (for the tamper
    check: a file that differs from what was published has been altered)."""
    base = root()
    hashes = {}
    for file in files_on_disk(hostname):
        host, path = address_of(file, base)
        hashes[f"{host}{path}"] = sha256_of(file.read_bytes())
    return hashes
