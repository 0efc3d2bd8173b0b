"""Recording into the audit log (issue #3 item 5).

Wagtail already writes a log entry for every page, snippet, setting, user and
group action; each new entry is mirrored here with the site it belongs to.
Logins, failed logins and logouts come from Django's auth signals; exports and
other cluster actions call ``record`` directly.
"""

from __future__ import annotations

import contextvars
import ipaddress
import logging

from django.conf import settings
from wagtail.models import Site

from .models import AuditEvent

logger = logging.getLogger(__name__)

# The request being answered, so that entries written deep inside services
# (Wagtail's own log entries for 撤稿, 取消发布, user edits; syndication) still
# carry the client's address. One value per request context, never shared.
_current_request: contextvars.ContextVar = contextvars.ContextVar(
    "audit_request", default=None
)


class AuditRequestMiddleware:
    """Makes the current request known to ``record`` and ``mirror_log_entry``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def current_request():
    return _current_request.get()


def client_ip(request) -> str | None:
    """The visitor's address: behind a reverse proxy the header named by
    ``CLIENT_IP_HEADER`` (the same one rate limits use), else REMOTE_ADDR."""
    if request is None:
        return None
    header = getattr(settings, "RATELIMIT_IP_META_KEY", None)
    address = request.META.get(header) if header else None
    if address:
        # X-Forwarded-For style lists: the first entry is the client; anything
        # that is not an address is ignored rather than stored.
        address = address.split(",")[0].strip()
        try:
            ipaddress.ip_address(address)
        except ValueError:
            address = None
    return address or request.META.get("REMOTE_ADDR") or None


def record(action, *, user=None, username="", site=None, obj=None, title="",
           request=None, **detail):  # fmt: skip
    """Append one event. Never raises: a failed audit write is logged, not fatal."""
    try:
        AuditEvent.objects.create(
            action=action,
            user=user if getattr(user, "pk", None) else None,
            username=(getattr(user, "get_username", lambda: "")() or username)[:150],
            site=site,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_title=(title or (str(obj) if obj is not None else ""))[:255],
            ip_address=client_ip(request or current_request()),
            detail=detail,
        )
    except Exception:  # pragma: no cover - the database is down; keep serving
        logger.exception("audit event %s could not be written", action)


REASON_KEYS = ("reason", "old", "new", "terms")


def _site_id_of(page) -> int | None:
    """The site whose home page heads ``page`` (as ``site_for_path``), from
    Wagtail's site root paths: a shared cache that a change of a site clears,
    so the three log entries of a workflow approval cost no query for it."""
    segments = (page.url_path or "").strip("/").split("/")
    if page.depth < 2 or not segments[0]:
        return None
    home = f"/{segments[0]}/"
    for root in Site.get_site_root_paths():
        if root.root_path == home:
            return root.site_id
    return None


def mirror_log_entry(entry) -> None:
    """Copy a new Wagtail log entry (page or model) into the audit log."""
    page = getattr(entry, "page", None)
    site_id = _site_id_of(page) if page is not None else None
    if site_id is None and entry.content_type.model == "site":
        site_id = Site.objects.filter(pk=entry.object_id).values_list("pk").first()
        site_id = site_id[0] if site_id else None
    AuditEvent.objects.create(
        timestamp=entry.timestamp,
        action=entry.action,
        user=entry.user,
        username=(entry.user.get_username() if entry.user else "")[:150],
        site_id=site_id,
        object_type=f"{entry.content_type.app_label}.{entry.content_type.model}",
        object_id=str(entry.object_id),
        object_title=(entry.label or "")[:255],
        ip_address=client_ip(current_request()),
        detail={
            "wagtail_log": entry._meta.label_lower,
            "wagtail_log_id": entry.pk,
            # A typed reason (紧急发布, 更正发布日期, 错敏字放行) belongs in the audit trail.
            **{k: v for k, v in (entry.data or {}).items() if k in REASON_KEYS},
        },
    )
