"""The embedded profile (no nginx): answer a public page from its static file.

Placed right after WhiteNoise and before the page cache: a hit costs a
``stat``-free ``open`` and a read of a file every process shares (the files are
rewritten by the single writer, so all workers answer the same page), no site
look-up, no cache round trip, no unpickling. Only what nginx would serve from the
files is served here: GET/HEAD, no query string, a path ending in ``/``, a known
hostname directory. Everything else goes on to the application.
"""

from __future__ import annotations

import os
import re
import time

from django.http import HttpResponse

from . import storage

_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$")
_PATH = re.compile(r"^/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*$")
HEADER = "X-Static-Page"
_HEADERS_TTL = 5.0


class StaticPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._headers: dict[str, str] = {}
        self._headers_read = 0.0

    def __call__(self, request):
        base = storage.root()
        if base is None:
            return self.get_response(request)
        meta = request.META
        path = request.path_info
        if (
            request.method not in ("GET", "HEAD")
            or meta.get("QUERY_STRING")
            or not _PATH.match(path)
            or path.startswith(("/admin/", "/static/", "/media/", "/documents/"))
        ):
            return self.get_response(request)
        host = meta.get("HTTP_HOST", "").rsplit(":", 1)[0].lower()
        if not _HOST.match(host):
            return self.get_response(request)
        try:
            with open(os.path.join(base, host + path, storage.INDEX), "rb") as f:
                content = f.read()
        except OSError:  # not written (yet), removed, or not a static page
            return self.get_response(request)
        response = HttpResponse(content, content_type="text/html; charset=utf-8")
        for name, value in self._shared_headers(base).items():
            response[name] = value
        response[HEADER] = "hit"
        return response

    def _shared_headers(self, base) -> dict[str, str]:
        now = time.monotonic()
        if now - self._headers_read > _HEADERS_TTL:
            self._headers = storage.load_headers(base)
            self._headers_read = now
        return self._headers
