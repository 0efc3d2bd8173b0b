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

from ..page_cache import is_public_page as cacheable

# Layers that serve a stored copy: rendering must go past them.
SKIPPED_MIDDLEWARE = frozenset(
    {
        "sites.page_cache.PageCacheMiddleware",
        "sites.static_output.middleware.StaticPagesMiddleware",
    }
)


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
    """What the page cache would keep (``sites.page_cache.is_public_page``), and
    HTML: anything else is not written (and its old file is removed)."""
    return cacheable(request, response) and response.get("Content-Type", "").startswith(
        "text/html"
    )
