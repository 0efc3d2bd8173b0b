"""Render one public address the way a visitor gets it, for writing to disk.

The request goes through Django's real handler and middleware (sessions, CSRF,
auth as an anonymous visitor, redirects, 撤稿 notices) and Wagtail's page view —
minus the two layers that would answer from a copy instead of rendering: the
page cache and the static files themselves.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.handlers import base as handler_base
from django.core.handlers.base import BaseHandler
from django.test import RequestFactory
from django.utils.cache import cc_delim_re

# Layers that serve a stored copy: rendering must go past them.
SKIPPED_MIDDLEWARE = frozenset(
    {
        "sites.page_cache.PageCacheMiddleware",
        "sites.static_output.middleware.StaticPagesMiddleware",
    }
)
PAGE_VIEW_NAMES = frozenset({"wagtail_serve"})


class _SettingsWithoutCopies:
    """settings, with MIDDLEWARE minus the copy-serving layers."""

    def __getattr__(self, name):
        value = getattr(settings, name)
        if name == "MIDDLEWARE":
            return [m for m in value if m not in SKIPPED_MIDDLEWARE]
        return value


class RenderHandler(BaseHandler):
    def __init__(self):
        super().__init__()
        # BaseHandler.load_middleware reads its module's ``settings``; point it at
        # the filtered view while the chain is built (once per process).
        with _load_lock:
            saved = handler_base.settings
            handler_base.settings = _SettingsWithoutCopies()
            try:
                self.load_middleware()
            finally:
                handler_base.settings = saved


_load_lock = threading.Lock()
_handler: RenderHandler | None = None
_handler_key = None


def handler() -> RenderHandler:
    global _handler, _handler_key
    key = tuple(settings.MIDDLEWARE)  # tests change MIDDLEWARE with override
    if _handler is None or _handler_key != key:
        _handler, _handler_key = RenderHandler(), key
    return _handler


# Response headers every public page carries, kept beside the files so that the
# embedded profile answers a file with the same security headers (middleware.py).
SHARED_HEADERS = (
    "Content-Security-Policy",
    "Content-Language",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
)


@dataclass
class Rendered:
    status: int
    content: bytes | None  # the page, when it may be written as a static file
    headers: dict[str, str] | None = None

    @property
    def failed(self) -> bool:
        """A server error: keep the file that is there and retry later."""
        return self.status >= 500


def host_header(hostname: str, port: int) -> str:
    return hostname if port in (80, 443) else f"{hostname}:{port}"


def render(hostname: str, port: int, path: str) -> Rendered:
    secure = port == 443 or getattr(settings, "SECURE_SSL_REDIRECT", False)
    extra = {"HTTP_X_FORWARDED_PROTO": "https"} if secure else {}
    request = RequestFactory().get(
        path,
        secure=secure,
        HTTP_HOST=host_header(hostname, port),
        SERVER_PORT=str(port),
        **extra,
    )
    response = handler().get_response(request)
    if not is_public_page(request, response):
        return Rendered(response.status_code, None)
    headers = {h: response[h] for h in SHARED_HEADERS if h in response}
    return Rendered(response.status_code, response.content, headers)


def is_public_page(request, response) -> bool:
    """A 200 of Wagtail's page view that is the same for every visitor: no
    cookie, nothing per visitor (a password form carries a CSRF token), not
    private. Anything else is not written (and its old file is removed)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in PAGE_VIEW_NAMES:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", ""))}
    if "cookie" in vary or "*" in vary:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(w in cache_control for w in ("private", "no-store", "no-cache"))
