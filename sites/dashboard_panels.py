"""工作台: the admin dashboard's panels per role (issue #17 item 3).

Each panel is a small ``Component`` listing at most ``ROWS`` items of one kind
of work, scoped to the user's own sites through the site roles policy, in a
fixed number of queries whatever the number of items. Apps add their own panels
(信件, 依申请公开) through the same ``construct_homepage_panels`` hook.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import IntegerField, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState, WorkflowState

from .isolation import is_cluster_wide
from .models import ComplianceRun, SiteProfile, SiteScore, Submission
from .services.checklist import site_checklist
from .services.site_roles import SiteRole, site_roles

ROWS = 10
CONTENT_ROLES = (SiteRole.EDITOR, SiteRole.REVIEWER, SiteRole.SITE_ADMIN)


@dataclass(frozen=True)
class PanelRow:
    title: str
    url: str
    meta: str = ""
    signal: str = ""  # pass | fail | warn | red | yellow: shown with its text
    signal_label: str = ""


def red_first(rows: list[PanelRow]) -> list[PanelRow]:
    """Alarmed cases: red before yellow, each kept in its order (by deadline)."""
    return sorted(rows, key=lambda row: row.signal != "red")[:ROWS]


def alarm_label(signal: str, reason: str = "") -> str:
    """ "红灯：已超期", "黄灯：即将到期": the light, and why where there is a reason."""
    light = "红灯" if signal == "red" else "黄灯"
    return f"{light}：{reason}" if reason else light


def step_name(task) -> str:
    """ "北疆市教育局·签发" → "签发": the step, without the site it belongs to."""
    return task.name.rsplit("·", 1)[-1]


def when(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


class ListPanel(Component):
    """A dashboard panel: a heading, rows, and a link to the full list."""

    template_name = "sites/admin/panels/list_panel.html"
    name = ""
    heading = ""
    order = 50
    empty_text = "暂无待办事项。"
    more_url_name = ""
    more_label = ""

    def rows(self, request) -> list[PanelRow]:
        raise NotImplementedError

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "panel": self,
            "rows": self.rows(request),
            "more_url": reverse(self.more_url_name) if self.more_url_name else "",
        }


class CasePanel(ListPanel):
    """A panel of one desk's cases, in a fixed number of queries: a row an item
    (``items``: a case, or what waits on one, ``case_of``), naming the case and
    opening its page (``detail_url_name``, with the case's key), with what
    else it says (``meta``) and, where the desk has a clock (``clock_class``,
    a ``sites.casework.alarms.WorkingDayAlarmClock``), the case's light
    (``lights`` by the clock's level: the signal and its reason)."""

    detail_url_name = ""
    clock_class: type | None = None

    def items(self, request):
        raise NotImplementedError

    def case_of(self, item):
        return item

    def case_title(self, case) -> str:
        raise NotImplementedError

    def meta(self, item) -> str:
        raise NotImplementedError

    # The clock's level of a case → its light: (signal, reason); a level not
    # listed gives none.
    lights: dict = {}

    def alarm(self, clock, case) -> tuple[str, str] | None:
        return self.lights.get(clock.level(case))

    def signal_label(self, signal: str, reason: str) -> str:
        return alarm_label(signal, reason)

    def item_row(self, item, alarm: tuple[str, str] | None) -> PanelRow:
        case = self.case_of(item)
        signal, reason = alarm or ("", "")
        return PanelRow(
            self.case_title(case),
            reverse(self.detail_url_name, args=[case.pk]),
            self.meta(item),
            signal,
            self.signal_label(signal, reason) if signal else "",
        )

    def rows(self, request):
        clock = self.clock_class() if self.clock_class else None
        return [
            self.item_row(
                item, self.alarm(clock, self.case_of(item)) if clock else None
            )
            for item in self.items(request)
        ]


class AlarmsPanel(CasePanel):
    """Open cases in red or yellow alarm, red first, each in deadline order:
    the ``scan`` most urgent open cases (``open_cases``) are read and one clock
    measures them all."""

    scan = 200

    def open_cases(self, request) -> QuerySet:
        raise NotImplementedError

    def items(self, request):
        return self.open_cases(request)[: self.scan]

    def rows(self, request):
        clock = self.clock_class()
        alarmed = ((case, self.alarm(clock, case)) for case in self.items(request))
        return red_first(
            [self.item_row(case, alarm) for case, alarm in alarmed if alarm]
        )


def _site_roots_q(site_ids) -> Q:
    """Pages below the home pages of these sites (one subquery, no per-site query)."""
    from wagtail.models import Site

    paths = Site.objects.filter(pk__in=site_ids).values_list(
        "root_page__path", flat=True
    )
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path, depth__gt=2)
    return condition


class MyDraftsPanel(ListPanel):
    name = "cluster_my_drafts"
    heading = "我的草稿"
    order = 10
    empty_text = "没有未提交的草稿。"

    def rows(self, request):
        user = request.user
        site_ids = site_roles.site_ids(user, CONTENT_ROLES)
        active = WorkflowState.objects.filter(
            status__in=[
                WorkflowState.STATUS_IN_PROGRESS,
                WorkflowState.STATUS_NEEDS_CHANGES,
            ],
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
        ).values(
            # object_id is text (any model's key); compare it as the page's id.
            page_id=Cast("object_id", output_field=IntegerField())
        )
        pages = (
            Page.objects.filter(_site_roots_q(site_ids))
            .filter(has_unpublished_changes=True, latest_revision__user=user)
            .exclude(pk__in=active)
            .select_related("latest_revision")
            .only(
                "title",
                "latest_revision_created_at",
                "live",
                "latest_revision__object_str",
            )  # fmt: skip
            .order_by("-latest_revision_created_at")[:ROWS]
        )
        return [
            PanelRow(
                # The draft's own title, which may differ from the live one.
                p.latest_revision.object_str or p.title,
                reverse("wagtailadmin_pages:edit", args=[p.pk]),
                f"{'已发布，有未发布的修改' if p.live else '未发布'} · "
                f"{when(p.latest_revision_created_at)}",
            )
            for p in pages
        ]


class ReturnedPanel(ListPanel):
    name = "cluster_returned"
    heading = "退回修改"
    order = 11
    empty_text = "没有被退回的稿件。"

    def rows(self, request):
        states = (
            WorkflowState.objects.filter(
                status=WorkflowState.STATUS_NEEDS_CHANGES,
                requested_by=request.user,
                base_content_type__app_label="wagtailcore",
                base_content_type__model="page",
            )
            .select_related("current_task_state__task")
            .order_by("-created_at")[:ROWS]
        )
        states = list(states)
        titles = dict(
            Page.objects.filter(pk__in=[int(s.object_id) for s in states]).values_list(
                "pk", "title"
            )
        )
        rows = []
        for state in states:
            task = state.current_task_state
            step = step_name(task.task) if task and task.task_id else "审核"
            rows.append(
                PanelRow(
                    titles.get(int(state.object_id), "（已删除的页面）"),
                    reverse("wagtailadmin_pages:edit", args=[state.object_id]),
                    f"{step}退回 · {when(task.finished_at if task else None)}",
                    "warn",
                    "需修改",
                )
            )
        return rows


class AwaitingReviewPanel(ListPanel):
    name = "cluster_awaiting_review"
    heading = "待我审核/签发"
    order = 12
    empty_text = "没有等待您审核或签发的稿件。"

    def rows(self, request):
        user = request.user
        # One query: Wagtail's ``reviewable_by`` asks every task in turn, and
        # every site has its own tasks. Nobody reviews what they submitted (R76).
        mine = Q(task__reviewtask__groups__user=user) | Q(
            task__groupapprovaltask__groups__user=user
        )
        states = list(
            TaskState.objects.filter(mine, status=TaskState.STATUS_IN_PROGRESS)
            .filter(
                task__active=True,
                workflow_state__base_content_type__app_label="wagtailcore",
                workflow_state__base_content_type__model="page",
            )
            .exclude(workflow_state__requested_by=user)
            .exclude(revision__user=user)
            .select_related("task", "workflow_state__requested_by")
            .distinct()
            .order_by("started_at")[:ROWS]
        )
        ids = [int(s.workflow_state.object_id) for s in states]
        titles = dict(Page.objects.filter(pk__in=ids).values_list("pk", "title"))
        rows = []
        for state in states:
            author = state.workflow_state.requested_by
            name = ""
            if author is not None:
                name = f"{author.last_name}{author.first_name}" or author.get_username()
            rows.append(
                PanelRow(
                    titles.get(int(state.workflow_state.object_id), ""),
                    reverse(
                        "wagtailadmin_pages:edit", args=[state.workflow_state.object_id]
                    ),
                    f"{name} 提交于 {when(state.started_at)}",
                    "yellow",
                    f"待{step_name(state.task)}",
                )
            )
        return rows


SUBMISSION_SIGNALS = {"pending": ("yellow", "待采用"), "accepted": ("pass", "已采用"),
                      "declined": ("fail", "未采用")}  # fmt: skip


class SyndicationPanel(ListPanel):
    name = "cluster_syndication"
    heading = "信息报送"
    order = 13
    empty_text = "本网站还没有报送稿件。"
    more_url_name = "sites_syndication_outbox"
    more_label = "报送稿件"

    def rows(self, request):
        site_ids = site_roles.site_ids(request.user, CONTENT_ROLES)
        sent = (
            Submission.objects.filter(source_site_id__in=site_ids)
            .select_related("article", "target_site")
            .only(
                "status",
                "submitted_at",
                "decline_reason",
                "article__title",
                "target_site__site_name",
            )  # fmt: skip
            .order_by("-submitted_at")[:ROWS]
        )
        rows = []
        for s in sent:
            signal, label = SUBMISSION_SIGNALS.get(
                s.status, ("", s.get_status_display())
            )
            reason = f"（{s.decline_reason}）" if s.decline_reason else ""
            rows.append(
                PanelRow(
                    s.article.title,
                    reverse("wagtailadmin_pages:edit", args=[s.article_id]),
                    f"报送{s.target_site.site_name} · {when(s.submitted_at)}{reason}",
                    signal,
                    label,
                )
            )
        return rows


class IncomingSubmissionsPanel(ListPanel):
    name = "cluster_incoming_submissions"
    heading = "待采用的报送稿件"
    order = 14
    empty_text = "没有待采用的报送稿件。"
    more_url_name = "sites_syndication_inbox"
    more_label = "全部报送稿件"

    def rows(self, request):
        site_ids = site_roles.site_ids(
            request.user, (SiteRole.REVIEWER, SiteRole.SITE_ADMIN)
        )
        pending = (
            Submission.objects.filter(target_site_id__in=site_ids, status="pending")
            .select_related("article", "source_site")
            .only("submitted_at", "article__title", "source_site__site_name")
            .order_by("submitted_at")[:ROWS]
        )
        return [
            PanelRow(
                s.article.title,
                reverse("sites_syndication_inbox"),
                f"{s.source_site.site_name} 报送于 {when(s.submitted_at)}",
                "yellow",
                "待采用",
            )
            for s in pending
        ]


class RedLightsPanel(ListPanel):
    """For supervisors and the cluster admin: the sites of the latest run that
    fail, with their red lights."""

    name = "cluster_red_lights"
    heading = "红灯网站（最近一次监管检查）"
    order = 5
    empty_text = "最近一次检查没有不合格网站。"
    more_url_name = "sites_compliance_dashboard"
    more_label = "网站监管"

    def rows(self, request):
        run = (
            ComplianceRun.objects.filter(finished_at__isnull=False)
            .order_by("-started_at", "-pk")
            .first()
        )
        if run is None:
            return []
        scores = SiteScore.objects.filter(run=run).filter(
            Q(verdict="fail") | Q(fail_count__gt=0)
        )
        rows = []
        for score in scores.order_by("verdict", "-fail_count", "site_name")[:ROWS]:
            failed = score.verdict == "fail"
            rows.append(
                PanelRow(
                    score.site_name,
                    reverse("sites_compliance_site", args=[score.site_id]),
                    f"得分{score.score} · 红灯{score.fail_count}项 · 黄灯{score.warn_count}项",
                    "fail" if failed else "red",
                    "不合格" if failed else f"红灯 {score.fail_count}",
                )
            )
        return rows


class SiteChecklistPanel(ListPanel):
    """For site admins: what their site still lacks (待完善事项)."""

    name = "cluster_site_checklist"
    heading = "本网站待完善事项"
    order = 6
    empty_text = "网站信息和标准栏目都已完善。"

    def rows(self, request):
        from wagtail.models import Site

        site_ids = sorted(site_roles.site_ids(request.user, SiteRole.SITE_ADMIN))
        rows = []
        # A site admin holds one site, rarely two: three queries per site.
        for site in Site.objects.filter(pk__in=site_ids[:3]).select_related(
            "root_page"
        ):
            for item in site_checklist(site):
                if not item.done:
                    rows.append(
                        PanelRow(item.title, item.url, site.site_name, "warn", "待完善")
                    )
        return rows[:ROWS]


def panels_for(user) -> list[ListPanel]:
    panels = []
    if is_cluster_wide(user):
        panels.append(RedLightsPanel())
    if site_roles.site_ids(user, SiteRole.SITE_ADMIN):
        panels.append(SiteChecklistPanel())
    content_sites = site_roles.site_ids(user, CONTENT_ROLES)
    if content_sites:
        panels += [MyDraftsPanel(), ReturnedPanel()]
        # Only sites with a site above them send (the portal's staff receive).
        if SiteProfile.objects.filter(
            site_id__in=content_sites, parent__isnull=False
        ).exists():
            panels.append(SyndicationPanel())
    if site_roles.site_ids(user, (SiteRole.REVIEWER, SiteRole.SITE_ADMIN)):
        panels += [AwaitingReviewPanel(), IncomingSubmissionsPanel()]
    return panels
