"""Bounded fetching of an old site: over HTTP (same host, capped size, timeout,
private addresses only where allowed) or from a folder of saved pages."""

from __future__ import annotations

import ipaddress
import mimetypes
import re
import socket
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import urllib3
from django.conf import settings

from sites.compliance.link_checker import pinned_response

USER_AGENT = "ClusterLegacyImport/1.0"
INDEX_NAMES = ("index.html", "index.shtml", "index.htm", "default.html")


class FetchError(Exception):
    """The URL could not be read (the message is shown in the report)."""


@dataclass
class Fetched:
    url: str  # after same-host redirects
    content: bytes
    content_type: str = ""


def _setting(name: str, default):
    return getattr(settings, name, default)


def allowed_addresses() -> set[str]:
    """Addresses (``10.1.2.3`` or ``10.1.2.3:8080``) of old sites inside the
    network that a crawl may reach (``LEGACY_IMPORT_ALLOWED_ADDRESSES``)."""
    return {str(a) for a in _setting("LEGACY_IMPORT_ALLOWED_ADDRESSES", ())}


def checked_address(host: str, port: int) -> str:
    """The address to connect to: every address the host resolves to must be
    public, or listed in ``LEGACY_IMPORT_ALLOWED_ADDRESSES``."""
    try:
        infos = socket.getaddrinfo(host, port, 0, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"域名无法解析：{host}") from exc
    allowed = allowed_addresses()
    addresses = []
    for *_, sockaddr in infos:
        ip = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        mapped = getattr(ip, "ipv4_mapped", None)
        public = ip.is_global and not ip.is_multicast
        public = public and (mapped is None or mapped.is_global)
        if not public and str(ip) not in allowed and f"{ip}:{port}" not in allowed:
            raise FetchError(
                f"地址 {ip} 不是公网地址，已拒绝访问；如旧站在内网，"
                "请把该地址加入 LEGACY_IMPORT_ALLOWED_ADDRESSES"
            )
        addresses.append(str(ip))
    if not addresses:
        raise FetchError(f"域名无法解析：{host}")
    return addresses[0]


def same_site(url: str, other: str) -> bool:
    a, b = urlsplit(url), urlsplit(other)
    return (a.hostname or "").lower() == (b.hostname or "").lower() and (
        a.port == b.port
    )


class HttpFetcher:
    """GET over HTTP(S), pinned to the checked address, redirects followed only
    on the same host, at most ``max_bytes`` per response."""

    def __init__(self, start_url: str, *, timeout=None, max_bytes=None):
        self.start_url = start_url
        self.timeout = float(timeout or _setting("LEGACY_IMPORT_TIMEOUT", 15))
        self.max_bytes = int(
            max_bytes or _setting("LEGACY_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
        )

    def fetch(self, url: str) -> Fetched:
        for _ in range(6):
            if not same_site(url, self.start_url):
                raise FetchError(f"不在旧站域名内，未抓取：{url}")
            status, headers, body = self._get(url)
            if status in (301, 302, 303, 307, 308) and headers.get("Location"):
                url = urljoin(url, headers["Location"])
                continue
            if status != 200:
                raise FetchError(f"HTTP {status}")
            return Fetched(url, body, headers.get("Content-Type", ""))
        raise FetchError("重定向次数过多")

    def _get(self, url: str):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("只支持 http 和 https 地址")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = checked_address(parts.hostname, port)
        try:
            with pinned_response(
                "GET", url, address, self.timeout, USER_AGENT
            ) as response:
                body = response.read(self.max_bytes + 1)
                if len(body) > self.max_bytes:
                    raise FetchError(f"文件超过 {self.max_bytes // 1024} KB 上限")
                return response.status, response.headers, body
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"无法连接：{type(exc).__name__}") from exc


class FolderFetcher:
    """Pages saved to a folder, addressed by the URLs they had on ``base_url``."""

    def __init__(self, root: str | Path, base_url: str, *, max_bytes=None):
        self.root = Path(root).resolve()
        self.start_url = base_url
        self.max_bytes = int(
            max_bytes or _setting("LEGACY_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
        )

    def path_for(self, url: str) -> Path:
        path = unquote(urlsplit(url).path or "/")
        parts = [p for p in PurePosixPath(path).parts if p not in ("/", "")]
        if any(p == ".." for p in parts):
            raise FetchError("地址含有“..”，未读取")
        candidate = self.root.joinpath(*parts)
        if path.endswith("/") or candidate.is_dir():
            for name in INDEX_NAMES:
                if (candidate / name).is_file():
                    return candidate / name
        return candidate

    def fetch(self, url: str) -> Fetched:
        if not same_site(url, self.start_url):
            raise FetchError(f"不在旧站域名内，未读取：{url}")
        path = self.path_for(url)
        if not path.resolve().is_relative_to(self.root):
            raise FetchError("路径不在目录内")
        if not path.is_file():
            raise FetchError("文件不存在（HTTP 404）")
        if path.stat().st_size > self.max_bytes:
            raise FetchError(f"文件超过 {self.max_bytes // 1024} KB 上限")
        return Fetched(url, path.read_bytes(), mimetypes.guess_type(path.name)[0] or "")


CHARSET_IN_HEADER = re.compile(r"charset=[\"']?([\w-]+)", re.I)
CHARSET_IN_META = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.I)
# GB2312 and GBK pages often hold characters only GB18030 (their superset) has.
CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}


def decode_html(content: bytes, content_type: str = "") -> str:
    """The page's text: charset from the HTTP header, else the meta tag, else
    UTF-8 if it decodes, else GB18030."""
    charset = None
    if match := CHARSET_IN_HEADER.search(content_type or ""):
        charset = match.group(1)
    if charset is None and (match := CHARSET_IN_META.search(content[:4096])):
        charset = match.group(1).decode("ascii", "ignore")
    if charset:
        charset = CHARSET_ALIASES.get(charset.lower(), charset.lower())
        try:
            return content.decode(charset, errors="replace")
        except LookupError:
            pass
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("gb18030", errors="replace")
