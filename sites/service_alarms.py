"""Service outages as an alarm for the cluster admin (issue 16 item 1).

``sites.cache_backends.FailSoftRedisCache`` calls ``outage_started`` when a
process first finds Redis unreachable and ``outage_ended`` when it answers
again. Both write one row at most per outage (not per request, not per
process) and never raise: the alarm must not become the failure.
"""

from __future__ import annotations

import datetime
import logging

from django.db import DatabaseError, transaction
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .models import ServiceOutage
from .services.roles import CLUSTER_ADMIN, SYSTEM_ADMIN

logger = logging.getLogger("sites.cache")
SERVICE_NAMES = {"redis": "Redis 缓存"}
RECENT = datetime.timedelta(days=1)


def outage_started(service: str, detail: str = "") -> None:
    try:
        with transaction.atomic():
            if not ServiceOutage.objects.filter(
                service=service, ended_at__isnull=True
            ).exists():
                ServiceOutage.objects.create(service=service, detail=detail[:255])
    except DatabaseError:
        logger.exception("could not record the %s outage", service)


def outage_ended(service: str) -> None:
    try:
        ServiceOutage.objects.filter(service=service, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )
    except DatabaseError:
        logger.exception("could not record the end of the %s outage", service)


def may_see_alarms(user) -> bool:
    return (
        user.is_superuser
        or user.groups.filter(name__in=[CLUSTER_ADMIN, SYSTEM_ADMIN]).exists()
    )


class ServiceOutagePanel(Component):
    """On the admin home page of the cluster admin and the system admin."""

    name = "service_outages"
    order = 10
    template_name = "sites/admin/service_outage_panel.html"

    def get_context_data(self, parent_context=None):
        since = timezone.now() - RECENT
        outages = list(
            ServiceOutage.objects.filter(ended_at__isnull=True)
            | ServiceOutage.objects.filter(ended_at__gte=since)
        )
        for outage in outages:
            outage.label = SERVICE_NAMES.get(outage.service, outage.service)
        return {
            "open": [o for o in outages if o.ended_at is None],
            "ended": [o for o in outages if o.ended_at is not None],
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["open"] and not context["ended"]:
            return ""
        return super().render_html(parent_context)
