"""Render a public page as an anonymous visitor would receive it, without the
page cache: the expected hash must come from the database and the templates,
never from a cached copy (which is itself one of the things checked)."""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass

from django.conf import settings
from django.test import Client
from django.test.client import ClientHandler
from django.test.utils import override_settings
from django.utils.cache import cc_delim_re

from ..site_lookup import READ_FRESH

PAGE_CACHE_MIDDLEWARE = "sites.page_cache.PageCacheMiddleware"
STATIC_PAGES_MIDDLEWARE = "sites.static_output.middleware.StaticPagesMiddleware"
_lock = threading.Lock()
_handlers: dict[frozenset, ClientHandler] = {}


class _UncachedHandler(ClientHandler):
    """Django's request handler with the project's middleware minus ``skipped``."""

    def __init__(self, skipped: frozenset, **kwargs):
        super().__init__(**kwargs)
        self.skipped = skipped

    def load_middleware(self, is_async=False):
        # Loaded once per process; the override only lasts while the chain is built.
        middleware = [m for m in settings.MIDDLEWARE if m not in self.skipped]
        with override_settings(MIDDLEWARE=middleware):
            super().load_middleware(is_async)


def _uncached_handler(skipped: frozenset) -> ClientHandler:
    with _lock:
        if skipped not in _handlers:
            handler = _UncachedHandler(skipped, enforce_csrf_checks=False)
            handler.load_middleware()
            _handlers[skipped] = handler
        return _handlers[skipped]


@dataclass(frozen=True)
class Served:
    status: int
    body: bytes
    location: str = ""
    # The same for every visitor (no cookie, not varying by cookie, not private):
    # pages with a form, a token or a session are per visitor and not recorded.
    shared: bool = True

    @property
    def sha256(self) -> str:
        return served_digest(self.status, self.body, self.location)


# Values that differ per response by design (a CSP nonce, a CSRF token) are
# blanked before hashing; everything else is compared byte for byte.
PER_RESPONSE = re.compile(rb'(nonce|name="csrfmiddlewaretoken" value)="[^"]*"')


def served_digest(status: int, body: bytes, location: str = "") -> str:
    """The body's sha256 for a 200; for anything else the status (and target of a
    redirect), so a page turned into a redirect or an error never matches."""
    if status == 200:
        return hashlib.sha256(PER_RESPONSE.sub(rb'\1=""', body)).hexdigest()
    return hashlib.sha256(f"HTTP {status} {location}".encode()).hexdigest()


def _client(host: str, cached: bool, static_files: bool) -> Client:
    fresh = {} if cached else {READ_FRESH: "1"}  # nothing kept per generation
    client = Client(
        HTTP_HOST=host,
        secure=bool(getattr(settings, "SECURE_SSL_REDIRECT", False)),
        raise_request_exception=False,
        **fresh,
    )
    if not cached:
        skipped = {PAGE_CACHE_MIDDLEWARE}
        if not static_files:
            skipped.add(STATIC_PAGES_MIDDLEWARE)
        client.handler = _uncached_handler(frozenset(skipped))
    return client


def render(
    host: str, path: str, *, cached: bool = False, static_files: bool = True
) -> Served:
    """GET ``path`` on ``host`` anonymously through the real handler.
    ``static_files=False`` renders past the publish-time static files too: a
    recording must not take a file the writer has not rewritten yet."""
    response = _client(host, cached, static_files).get(path)
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", ""))}
    cache_control = response.get("Cache-Control", "").lower()
    shared = not (
        response.cookies
        or "cookie" in vary
        or "*" in vary
        or any(w in cache_control for w in ("private", "no-store", "no-cache"))
    )
    return Served(response.status_code, body, response.get("Location", ""), shared)
