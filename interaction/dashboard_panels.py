"""工作台 panels of the letter desk (信件办理): letters waiting to be accepted
(待受理), open letters in red or yellow alarm, and for the mailbox's 审核 and
站点管理员 the replies awaiting their review (待审核). Fixed queries per panel."""

from __future__ import annotations

from sites.dashboard_panels import ROWS, AlarmsPanel, CasePanel, alarm_label, when

from .letter_choices import LetterStatus
from .models import Letter
from .services.deadlines import Alarm, AlarmClock
from .services.permissions import handler_site_ids, reviewer_site_ids

SIGNALS = {
    Alarm.HARD: "red",
    Alarm.RED: "red",
    Alarm.UNACKNOWLEDGED: "red",
    Alarm.YELLOW: "yellow",
}


class _LetterPanel(CasePanel):
    detail_url_name = "interaction_admin_letter"
    more_url_name = "interaction_admin_letters"
    more_label = "全部信件"
    clock_class = AlarmClock
    lights = {a: (signal, a.label.split("：")[-1]) for a, signal in SIGNALS.items()}

    def case_title(self, letter):
        return f"{letter.case_number} {letter.redacted_subject}"


def _letters(user):
    # Whole rows: the subject is shown redacted, which reads the writer's data.
    return Letter.objects.for_sites(handler_site_ids(user))


class LettersToAcceptPanel(_LetterPanel):
    name = "interaction_letters_to_accept"
    heading = "待受理信件"
    order = 20
    empty_text = "没有待受理的信件。"
    clock_class = None  # no light: every one of them waits to be accepted

    def items(self, request):
        letters = _letters(request.user).filter(status=LetterStatus.SUBMITTED)
        return letters.order_by("submitted_at")[:ROWS]

    def meta(self, letter):
        return f"来信 {when(letter.submitted_at)} · 受理期限 {letter.acknowledge_due_on or '—'}"


class LetterAlarmsPanel(_LetterPanel, AlarmsPanel):
    name = "interaction_letter_alarms"
    heading = "我的信件预警（红灯/黄灯）"
    order = 21
    empty_text = "没有临期或超期的信件。"
    more_url_name = "interaction_admin_reminders"
    more_label = "催办提醒"

    def open_cases(self, request):
        return _letters(request.user).open().order_by("due_on", "pk")

    def meta(self, letter):
        return f"答复期限 {letter.due_on or '—'}"


class RepliesToReviewPanel(_LetterPanel):
    name = "interaction_replies_to_review"
    heading = "待审核的信件答复"
    order = 22
    empty_text = "没有待审核的信件答复。"

    def items(self, request):
        user = request.user
        return (
            Letter.objects.filter(
                status=LetterStatus.REPLIED,
                mailbox__site_id__in=reviewer_site_ids(user),
            )
            .exclude(replied_by=user)  # nobody reviews their own reply
            .select_related("reply_site")
            .order_by("due_on", "replied_at", "pk")[:ROWS]
        )

    def meta(self, letter):
        site = letter.reply_site.site_name if letter.reply_site else ""
        return f"{site} {when(letter.replied_at)} 提交答复 · 答复期限 {letter.due_on or '—'}"

    def signal_label(self, signal, reason):
        return alarm_label(signal)  # the light alone


def panels_for(user) -> list[CasePanel]:
    panels: list[CasePanel] = []
    if handler_site_ids(user):
        panels += [LettersToAcceptPanel(), LetterAlarmsPanel()]
    if reviewer_site_ids(user):
        panels.append(RepliesToReviewPanel())
    return panels
