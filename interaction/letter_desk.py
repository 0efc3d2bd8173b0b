"""信件办理: the letter desk, built on the core's case desk (``sites.casework.desk``).

- 信件办理: the letters of the user's sites — their mailboxes' letters, those
  routed to them and the replies they review — with filters, alarms and export;
  the letter page with its steps (``<pk>/``) and its actions (``<pk>/<action>/``).
- 办理提醒: the handler's open letters due soon or overdue, and follow-ups due.
- 督办: every open letter in yellow, red or hard alarm, for 监督员 (masked data).
"""

from __future__ import annotations

import functools
import operator

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import path
from wagtail.models import Site

from sites.casework.desk import (
    CaseAction,
    CaseDeskPolicy,
    CaseDeskViewSet,
    CaseIndexView,
    DeskScope,
    audit,
    calls,
)
from sites.services.site_roles import SiteRole

from .letter_choices import OPEN_STATUSES, LetterStatus, RedirectChannel, RejectReason
from .models import Letter, LetterAttachment
from .services import deadlines
from .services import letter_workflow as workflow
from .services.permissions import (
    REVIEWER_ROLES,
    can_view,
    handler_site_ids,
    reviews,
    sees_every_letter,
    sees_personal_data,
)
from .services.publication import redact, redact_reply
from .views import attachment_response

letter_policy = CaseDeskPolicy(
    Letter,
    [
        # The letters of the site's mailboxes and those routed to the site.
        DeskScope(
            (SiteRole.LETTER_HANDLER, SiteRole.SITE_ADMIN),
            ("mailbox__site_id", "handling_site_id"),
        ),
        # The replies submitted to the mailboxes whose replies they review (审核).
        DeskScope(REVIEWER_ROLES, ("mailbox__site_id",), Q(replied_at__isnull=False)),
    ],
    "interaction.view_all_letters",
)


class OverdueIndexView(CaseIndexView):
    """督办: every open letter in alarm, across the cluster, for supervisors."""

    any_permission_required = None

    def dispatch(self, request, *args, **kwargs):
        if not sees_every_letter(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        alarms = self.desk.alarm_filters(self.clock).values()
        return (
            super().get_base_queryset().filter(functools.reduce(operator.or_, alarms))
        )


# --- the actions: one row per step of a letter ---------------------------------


def _to_site(service):
    """``service`` to the chosen 承办单位, which is the result."""

    def run(request, letter, post):
        value = post.get("site", "")
        site = Site.objects.filter(pk=int(value)).first() if value.isdigit() else None
        if site is None:
            raise workflow.WorkflowError("请选择承办单位。")
        service(letter, request.user, site, post.get("note", ""), request=request)
        return site

    return run


def _review(approve):
    def run(request, letter, post):
        return workflow.review(
            letter, request.user, approve, post.get("note", ""),
            request=request, publish_now=post.get("publish") == "1",
        )  # fmt: skip

    return run


S, W = LetterStatus, workflow
ACTIONS = {
    "accept": CaseAction("受理", _to_site(W.accept), (S.SUBMITTED,),
                         done=lambda letter, site: "已受理，由本单位办理。"
                         if site.pk == letter.mailbox.site_id
                         else f"已受理并转办至{site.site_name}。"),
    "reject": CaseAction("不予受理", calls(W.reject, "reason", "note"), (S.SUBMITTED,),
                         done="已不予受理，来信人可查询到说明。"),
    "redirect": CaseAction("引导至其他渠道", calls(W.redirect_channel, "channel"),
                           (S.SUBMITTED,), done="已引导来信人通过相应渠道反映。"),
    "route": CaseAction("转办", _to_site(W.reroute), (S.HANDLING,),
                        done=lambda letter, site: f"已转办至{site.site_name}。"),
    "reply": CaseAction("提交答复", calls(W.reply, "reply"), (S.HANDLING,),
                        done="答复已提交，等待信箱所属单位审核。"),
    "approve": CaseAction("审核通过", _review(True), (S.REPLIED,), done=lambda _, result:
                          "审核通过，信件已办结，答复已公开（个人信息已隐去）。"
                          if result.is_published else "审核通过，信件已办结。"),
    "return": CaseAction("退回承办单位", _review(False), (S.REPLIED,),
                         done="已退回承办单位。"),
    "publish": CaseAction(
        "公开", calls(W.publish, "public_subject", "public_content", "public_reply"),
        (S.CLOSED,), done="信件已公开（个人信息已隐去）。"),
    "unpublish": CaseAction("撤销公开", calls(W.unpublish, "note"), (S.CLOSED,),
                            done="已撤销公开。"),
    "follow_up": CaseAction("登记回访", calls(W.record_follow_up, "note"), (S.CLOSED,),
                            done="已登记回访情况。"),
}  # fmt: skip


# --- the letter page -----------------------------------------------------------


def _last_return(letter, events):
    """The reviewer's comment the clerk has to act on (returned, not yet replied)."""
    if letter.status != "handling":
        return None
    last = next((e for e in reversed(events) if e.action in ("return", "reply")), None)
    return last if last is not None and last.action == "return" else None


def _public_preview(letter):
    """What publication would show, for the reviewer before approving (issue 18)."""
    if letter.status != "replied" or not letter.may_publish:
        return None
    return {
        "subject": redact(letter.subject, letter),
        "content": redact(letter.content, letter),
        "reply": redact_reply(letter.reply, letter),
    }


# --- the reminders and the attachments -----------------------------------------


def reminders(request):
    """The handler's to-do list: open letters in alarm and follow-ups due."""
    sites = handler_site_ids(request.user)
    if not sites:
        raise PermissionDenied
    clock = deadlines.AlarmClock()
    letters = letter_desk.cases().for_sites(sites)
    alarm = letter_desk.alarm_filters(clock)
    due = letters.filter(alarm["yellow"] | alarm["red"] | alarm["hard"])
    follow_ups = letters.filter(
        follow_up_due_on__isnull=False, follow_up_done_at__isnull=True
    )
    waiting_review = letters.filter(status="replied", mailbox__site_id__in=sites)
    return render(request, "interaction/admin/reminders.html", {
        "rows": [(letter, clock.level(letter))
                 for letter in due.order_by("due_on", "pk")[:200]],
        "follow_ups": follow_ups.order_by("follow_up_due_on")[:200],
        "waiting_review": waiting_review.order_by("replied_at")[:200],
        "today": clock.on,
    })  # fmt: skip


def letter_attachment(request, pk):
    attachment = get_object_or_404(
        LetterAttachment.objects.select_related("letter__mailbox"), pk=pk
    )
    letter = attachment.letter
    if not can_view(request.user, letter):
        raise PermissionDenied
    # Every download is recorded, the supervisors' and cluster admins' included.
    audit(
        request, "interaction.letter.attachment_download", letter,
        letter.mailbox.site, attachment=attachment.pk,
    )  # fmt: skip
    return attachment_response(attachment)


# --- the desk ------------------------------------------------------------------


class LetterDesk(CaseDeskViewSet):
    model = Letter
    name = "letter_desk"
    url_prefix = "interaction/letters"
    menu_label = "信件办理"
    permission_policy = letter_policy
    actions = ACTIONS
    case_error = workflow.WorkflowError
    open_filter = ("未答复", OPEN_STATUSES)
    alarm_choices = [
        ("yellow", "黄色预警"), ("red", "红色预警"), ("ack", "受理超时"), ("hard", "严重超期"),
    ]  # fmt: skip
    site_filter = ("承办单位", "handling_site")
    text_filter = ("编号或标题", ("case_number", "subject"))
    template_prefix = "interaction/admin/letters/"
    related = ("mailbox__site", "category", "handling_site")
    case_related = ("reply_site",)
    alarm_clock = deadlines.AlarmClock
    alarm_label = staticmethod(lambda level: level.label if level else "")
    export_filename = "letters"
    export_columns = {
        "case_number": "信件编号",
        "mailbox.site.site_name": "信箱",
        "category.name": "类别",
        "handling_site.site_name": "承办单位",
        # Masked as on the list: an export leaves the admin.
        "masked_name": "来信人",
        "redacted_subject": "标题",
        "submitted_at": "来信时间",
        "get_status_display": "状态",
        "due_on": "答复期限",
        "alarm": "预警",
    }
    legacy_names = {
        "index": "interaction_admin_letters",
        "inspect": "interaction_admin_letter",
        "action": "interaction_admin_letter_action",
    }
    moved_routes = (
        ("interaction/reminders/", "interaction_admin_reminders", "reminders"),
        ("interaction/overdue/", "interaction_admin_overdue", "overdue"),
        ("interaction/attachments/<int:pk>/", "interaction_admin_attachment",
         "attachment"),
    )  # fmt: skip

    def alarm_filters(self, clock):
        open_letters = Q(status__in=OPEN_STATUSES)
        return {
            "yellow": open_letters
            & Q(due_on__gte=clock.on, due_on__lte=clock.yellow_horizon),
            "red": open_letters & Q(due_on__lt=clock.on),
            "ack": Q(status="submitted", acknowledge_due_on__lt=clock.on),
            "hard": open_letters & Q(submitted_at__date__lte=clock.hard_since),
        }

    def case_context(self, request, letter, bound=None):
        user_sites = handler_site_ids(request.user)
        owner = letter.mailbox.site_id in user_sites
        reviewer = reviews(request.user, letter)
        events = list(letter.events.select_related("actor", "from_site", "to_site"))
        author = letter.replied_by_id == request.user.pk
        full = sees_personal_data(request.user, letter)
        if full:
            # Who read a writer's name, phone and ID number in full, and when.
            site = letter.mailbox.site
            audit(request, "interaction.letter.view_personal_data", letter, site)
        return {
            "letter": letter,
            "events": events,
            "attachments": list(letter.attachments.all()),
            "full": full,
            "owner": owner, "handler": letter.handling_site_id in user_sites,
            # 审核: the mailbox owner's 审核/站点管理员, never the reply's author.
            "reviewer": reviewer, "may_review": reviewer and not author,
            "author": author,
            "returned": _last_return(letter, events),
            "alarm": deadlines.AlarmClock().level(letter),
            "preview": _public_preview(letter) if owner or reviewer else None,
            "sites": Site.objects.order_by("pk"),
            "reject_reasons": RejectReason.choices,
            "channels": RedirectChannel.choices,
        }  # fmt: skip

    @property
    def overdue_view(self):
        return self.construct_view(
            OverdueIndexView,
            **self.get_index_view_kwargs(
                filterset_class=self.filters("site"),
                default_ordering=("due_on", "pk"),
                page_title="信件督办",
                template_name="interaction/admin/overdue.html",
                export_filename="letters-overdue",
            ),
        )

    def extra_urlpatterns(self):
        return [
            path("reminders/", reminders, name="reminders"),
            path("overdue/", self.overdue_view, name="overdue"),
            path("attachments/<int:pk>/", letter_attachment, name="attachment"),
        ]


letter_desk = LetterDesk()
