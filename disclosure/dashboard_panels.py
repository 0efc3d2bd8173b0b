"""工作台 panel of the 依申请公开 desk: open cases in red or yellow alarm."""

from __future__ import annotations

from django.urls import reverse

from sites.dashboard_panels import ListPanel, PanelRow, red_first

from .application_vocabulary import OPEN_STATUSES, Status
from .casework import ALARM_LABELS, AlarmClock
from .models import DisclosureApplication
from .permissions import handled_site_ids

# Open cases read to find the alarmed ones, most urgent first.
SCAN = 200


class ApplicationAlarmsPanel(ListPanel):
    name = "disclosure_application_alarms"
    heading = "我的依申请公开预警（红灯/黄灯）"
    order = 22
    empty_text = "没有临期或超期的依申请公开案件。"
    more_url_name = "disclosure_application_list"
    more_label = "全部申请"

    def rows(self, request):
        clock = AlarmClock()
        cases = DisclosureApplication.objects.filter(
            site_id__in=handled_site_ids(request.user),
            # Unregistered cases too: they turn red a working day after arrival.
            status__in=(Status.SUBMITTED, *OPEN_STATUSES),
        ).order_by("due_on", "submitted_at", "pk")[:SCAN]
        rows = []
        for case in cases:
            level = clock.level(case)
            if not level:
                continue
            rows.append(
                PanelRow(
                    f"{case} {case.info_title}",
                    reverse("disclosure_application_detail", args=[case.pk]),
                    f"{case.get_status_display()} · 答复期限 {case.due_on or '—'}",
                    level,
                    f"{'红灯' if level == 'red' else '黄灯'}：{ALARM_LABELS[level]}",
                )
            )
        return red_first(rows)


def panels_for(user) -> list[ListPanel]:
    return [ApplicationAlarmsPanel()] if handled_site_ids(user) else []
