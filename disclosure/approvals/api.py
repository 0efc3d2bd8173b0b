"""The import API of the approval system (per-department token, JSON, all or nothing).

``POST /api/approvals/v1/<网站标识码>/cases/`` (or ``/decisions/``) with
``Authorization: Bearer <token>`` and a body ``{"items": [{...}, ...]}``. The
answer says how many rows were created, updated or unchanged, or, with status
422, every bad row (``row`` is the 1-based position in ``items``) — and then
nothing was stored. The body is never logged: it may hold ID numbers.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import is_ratelimited

from sites.models import SiteProfile

from .importing import import_rows
from .tokens import find_token

KINDS = ("cases", "decisions")


def _answer(status: int, message: str, **extra) -> JsonResponse:
    return JsonResponse(
        {"accepted": False, "error": message, **extra},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _bearer(request) -> str:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("X-Api-Token", "").strip()


@csrf_exempt
def import_view(request, code: str, kind: str):
    if kind not in KINDS:
        return _answer(
            404, "未知的数据类型，应为 cases（办件）或 decisions（双公示）。"
        )
    if request.method != "POST":
        response = _answer(405, "请使用 POST 方法提交数据。")
        response["Allow"] = "POST"
        return response
    rate = getattr(settings, "APPROVALS_API_RATE", "60/m")
    if is_ratelimited(request, group="approvals-api", key="ip", rate=rate,
                      increment=True):  # fmt: skip
        return _answer(429, "请求过于频繁，请稍后再试。")
    token = find_token(_bearer(request))
    if token is None:
        return _answer(401, "缺少或无效的接口令牌。")
    profile = SiteProfile.objects.filter(code=code).only("site_id").first()
    if profile is None or profile.site_id != token.site_id:
        return _answer(403, "该令牌无权向此网站导入数据。")
    limit = int(getattr(settings, "APPROVALS_API_MAX_BYTES", 2 * 1024 * 1024))
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return _answer(413, f"请求体过大，单次不超过{limit // 1024}KB，请分批提交。")
    try:
        body = request.body
    except Exception:  # RequestDataTooBig behind a missing Content-Length
        return _answer(413, "请求体过大，请分批提交。")
    if len(body) > limit:
        return _answer(413, f"请求体过大，单次不超过{limit // 1024}KB，请分批提交。")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _answer(400, "请求体不是有效的 UTF-8 JSON。")
    except RecursionError:
        return _answer(400, "请求体的 JSON 嵌套层数过多。")
    items = payload.get("items") if isinstance(payload, dict) else payload
    if not isinstance(items, list):
        return _answer(400, '请求体应为 {"items": [...]}。')
    rows = list(enumerate(items, start=1))
    report = import_rows(
        token.site, kind, rows, source="api", username=f"接口令牌 {token.prefix}"
    )
    token.last_used_at = timezone.now()
    token.save(update_fields=["last_used_at"])
    data = report.as_dict()
    data["message"] = report.summary
    return JsonResponse(
        data, status=200 if report.ok else 422,
        json_dumps_params={"ensure_ascii": False},
    )  # fmt: skip
