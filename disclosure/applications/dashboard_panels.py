"""工作台 panels of the 依申请公开 desk: open cases in red or yellow alarm, and the
reply drafts awaiting the reviewer's 签发."""

from __future__ import annotations

from disclosure.applications.case_terms import OPEN_STATUSES, Status
from disclosure.applications.casework import ALARM_LABELS, AlarmClock
from disclosure.applications.permissions import handled_site_ids, reviewed_site_ids
from disclosure.models import DisclosureApplication, DraftState, ReplyDraft
from sites.dashboard_panels import ROWS, AlarmsPanel, CasePanel, when


class _CasePanel(CasePanel):
    detail_url_name = "disclosure_application_detail"
    more_url_name = "disclosure_application_list"
    more_label = "全部申请"
    clock_class = AlarmClock
    lights = {level: (level, label) for level, label in ALARM_LABELS.items() if level}

    def case_title(self, case):
        return f"{case} {case.info_title}"


class ApplicationAlarmsPanel(_CasePanel, AlarmsPanel):
    name = "disclosure_application_alarms"
    heading = "我的依申请公开预警（红灯/黄灯）"
    order = 22
    empty_text = "没有临期或超期的依申请公开案件。"

    def open_cases(self, request):
        return DisclosureApplication.objects.filter(
            site_id__in=handled_site_ids(request.user),
            # Unregistered cases too: they turn red a working day after arrival.
            status__in=(Status.SUBMITTED, *OPEN_STATUSES),
        ).order_by("due_on", "submitted_at", "pk")

    def meta(self, case):
        return f"{case.get_status_display()} · 答复期限 {case.due_on or '—'}"


class ReplyReviewPanel(_CasePanel):
    """Reply drafts of the reviewer's sites waiting for 审核签发 (never their own)."""

    name = "disclosure_reply_review"
    heading = "待我审核签发的依申请公开答复"
    order = 12
    empty_text = "没有待审核签发的依申请公开答复。"

    def items(self, request):
        return (
            ReplyDraft.objects.filter(
                state=DraftState.PENDING,
                application__site_id__in=reviewed_site_ids(request.user),
            )
            .exclude(author=request.user)
            .select_related("application", "author")
            .order_by("application__due_on", "submitted_at", "pk")[:ROWS]
        )

    def case_of(self, draft):
        return draft.application

    def meta(self, draft):
        author = draft.author
        name = (author.get_full_name() or author.get_username()) if author else ""
        return (
            f"{draft.get_outcome_display()} · {name} {when(draft.submitted_at)}"
            f" 提交 · 答复期限 {draft.application.due_on or '—'}"
        )


def panels_for(user) -> list[CasePanel]:
    panels: list[CasePanel] = []
    if handled_site_ids(user):
        panels.append(ApplicationAlarmsPanel())
    if reviewed_site_ids(user):
        panels.append(ReplyReviewPanel())
    return panels
