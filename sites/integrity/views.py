"""The alarm list (防篡改告警) for supervisors and site admins (their own sites)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone

from ..compliance.views import _require
from .models import TamperAlarm

SHOWN_DAYS = 90


def visible_alarms(site_ids):
    """Alarms of the last SHOWN_DAYS days the viewer may see (None: every site)."""
    since = timezone.now() - datetime.timedelta(days=SHOWN_DAYS)
    alarms = TamperAlarm.objects.filter(detected_at__gte=since).select_related("site")
    if site_ids is not None:
        # Documents belong to no site: only cluster-wide roles see their alarms.
        alarms = alarms.filter(Q(site_id__in=site_ids))
    return alarms


def alarm_list(request):
    site_ids = _require(request)
    alarms = list(visible_alarms(site_ids)[:500])
    return TemplateResponse(
        request,
        "sites/admin/integrity_alarms.html",
        {
            "alarms": alarms,
            "open_count": sum(1 for a in alarms if not a.restored),
            "days": SHOWN_DAYS,
        },
    )
