"""Bad input refused at the door with a 400 (or 413) and a Chinese message,
before any view or database sees it (issue 14 items 6–7, SECURITY.md §1).

- A number in the path beyond a 64-bit integer ("/hdjl/zxft/99999…/live.json")
  cannot be a primary key; the database driver would raise on it.
- A NUL character in the path or the query string (PostgreSQL refuses it).
- ``id`` query parameters of the admin (choosers, bulk actions, the admin API)
  must be numbers (or Wagtail's "all").
- A request body larger than the configured caps is refused from its
  Content-Length, before a byte of it is read: anonymous visitors may send
  ``PUBLIC_UPLOAD_MAX_BYTES`` (letters with their attachments), signed-in admin
  users ``ADMIN_UPLOAD_MAX_BYTES`` (documents, images). The web server of the
  production profile caps the body again (client_max_body_size).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape

INT64_MAX = 2**63 - 1
_ID = re.compile(r"[0-9]{1,18}\Z")


def _answer(request, status: int, message: str) -> HttpResponse:
    path = request.path
    if path.endswith(".json") or path.startswith("/api/"):
        return JsonResponse(
            {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    body = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>请求无效</title>"
        '<link rel="stylesheet" href="/static/themes/css/site.css"></head>'
        '<body><main id="main" class="container error-page"><h1>请求无效</h1>'
        f'<p>{escape(message)}</p><p><a href="/">返回首页</a></p></main></body></html>'
    )
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def _admin_path(path: str) -> bool:
    return path.startswith("/admin/")


def _body_cap(request) -> int:
    if _admin_path(request.path):
        return int(getattr(settings, "ADMIN_UPLOAD_MAX_BYTES", 60 * 1024 * 1024))
    return int(getattr(settings, "PUBLIC_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _answer(request, 400, "请求头 Content-Length 无效。")
        cap = _body_cap(request)
        if length > cap:
            return _answer(
                request,
                413,
                f"提交的内容过大（上限{cap // (1024 * 1024)}MB），请压缩附件或分次提交。",
            )
        # A NUL byte is never meant; PostgreSQL refuses it in any text (a 500).
        # Only "%00" or a raw NUL in the query string decodes to one: a query
        # string without either is not parsed here (most requests have none).
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or (
            ("%00" in query or "\x00" in query)
            and any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            )
        ):
            return _answer(request, 400, "链接中包含无效字符（空字符）。")
        if _admin_path(request.path):
            ids = request.GET.getlist("id")
            if any(value != "all" and not _ID.match(value) for value in ids):
                return _answer(request, 400, "参数 id 应为编号。")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not -INT64_MAX <= value <= INT64_MAX:
                return _answer(request, 400, "编号无效或超出范围，请核对链接。")
        return None
