"""网站监管: the compliance dashboard in the admin (issue #7).

监督员, 集群管理员 (and superusers) see every site; a site's ·站点管理员 sees the
same views for their own site only; everyone else is refused. Every view issues
a fixed number of queries whatever the number of sites and findings.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.models import Site

from ..audit import record
from ..isolation import is_cluster_wide
from ..models import (
    CheckOutcome,
    ComplianceRun,
    EmergencyPublication,
    RunTrigger,
    SiteScore,
    Verdict,
)
from ..services.site_roles import SiteRole, site_roles
from .availability_check import chart as availability_chart
from .base import registered_checks
from .calendar_prompt import calendar_prompt
from .runner import run_checks
from .trend import scores_by_site, trend_svg

HISTORY_RUNS = 12
FORMULA_STARTS = ("=", "+", "-", "@")


def visible_site_ids(user) -> set[int] | None:
    """None for every site (cluster-wide roles); else the sites ``user`` administers."""
    if not user.is_authenticated:
        return set()
    if is_cluster_wide(user):
        return None
    return site_roles.site_ids(user, SiteRole.SITE_ADMIN)


def may_view(user) -> bool:
    return visible_site_ids(user) != set()


def _visible(queryset, site_ids, field="site_id"):
    return (
        queryset if site_ids is None else queryset.filter(**{f"{field}__in": site_ids})
    )


def _require(request):
    site_ids = visible_site_ids(request.user)
    if site_ids == set():
        raise PermissionDenied
    return site_ids


def _runs():
    return ComplianceRun.objects.filter(finished_at__isnull=False).select_related(
        "started_by"
    )


def _chosen_run(request):
    """The run asked for (?run=), else the latest finished one; and the one before it."""
    runs = _runs()
    wanted = request.GET.get("run", "")
    if wanted:
        if not wanted.isdigit():
            raise Http404("没有这次检查。")
        run = get_object_or_404(runs, pk=int(wanted))
    else:
        run = runs.first()
    previous = None
    if run is not None:
        previous = (
            runs.filter(
                Q(started_at__lt=run.started_at)
                | Q(started_at=run.started_at, pk__lt=run.pk)
            )
            .order_by("-started_at", "-pk")
            .first()
        )
    return run, previous


def ranking(run, previous, site_ids) -> list[dict]:
    """Sites of ``run`` best first (合格 before 不合格), with the change since ``previous``."""
    scores = list(_visible(SiteScore.objects.filter(run=run), site_ids))
    before = {}
    if previous is not None:
        before = {
            s.site_id: s
            for s in _visible(SiteScore.objects.filter(run=previous), site_ids).only(
                "site_id", "score", "verdict"
            )
        }
    scores.sort(
        key=lambda s: (s.verdict != Verdict.PASS, s.veto_count, -s.score, s.site_name)
    )
    rows = []
    for rank, score in enumerate(scores, start=1):
        old = before.get(score.site_id)
        rows.append(
            {
                "rank": rank,
                "score": score,
                "previous": old,
                "delta": score.score - old.score if old else None,
                "verdict_changed": bool(old and old.verdict != score.verdict),
            }
        )
    return rows


def check_summary(run, site_ids) -> list[dict]:
    return list(
        _visible(CheckOutcome.objects.filter(run=run), site_ids)
        .values("check_id", "title", "indicator", "kind")
        .annotate(
            fails=Count("pk", filter=Q(status="fail")),
            warns=Count("pk", filter=Q(status="warn")),
            findings=Count("pk", filter=~Q(finding_count=0)),
        )
        .order_by("check_id")
    )


def _emergency_publications(site_ids):
    """紧急发布 outside the review workflow (R76), newest first."""
    entries = EmergencyPublication.objects.select_related("site", "published_by")
    if site_ids is not None:
        entries = entries.filter(site_id__in=site_ids)
    return list(entries[:EMERGENCY_ROWS])


EMERGENCY_ROWS = 50


def supervision_links(request) -> list[tuple[str, str]]:
    """(label, url) of the supervision pages apps add to the dashboard through
    the ``cluster_supervision_links`` hook (a function of the request)."""
    return [
        link
        for provide in hooks.get_hooks("cluster_supervision_links")
        for link in provide(request)
    ]


def dashboard(request):
    site_ids = _require(request)
    run, previous = _chosen_run(request)
    context = {
        "run": run,
        "previous": previous,
        "runs": list(_runs()[:HISTORY_RUNS]),
        "cluster_wide": site_ids is None,
        "rows": ranking(run, previous, site_ids) if run else [],
        "checks": check_summary(run, site_ids) if run else [],
        "emergency_publications": _emergency_publications(site_ids),
        "supervision_links": supervision_links(request),
        # Only the cluster-wide roles keep the working-day calendar.
        "calendar_prompt": calendar_prompt(timezone.localdate(), None)
        if site_ids is None
        else None,
    }
    if run:
        context["failed"] = sum(
            1 for r in context["rows"] if r["score"].verdict == Verdict.FAIL
        )
        trends = scores_by_site(site_ids)
        for row in context["rows"]:
            row["trend"] = trend_svg(trends.get(row["score"].site_id, []))
    return TemplateResponse(request, "sites/admin/compliance_dashboard.html", context)


def site_detail(request, site_id: int):
    site_ids = _require(request)
    if site_ids is not None and site_id not in site_ids:
        raise PermissionDenied
    site = get_object_or_404(Site, pk=site_id)
    run, previous = _chosen_run(request)
    outcomes = []
    score = None
    if run is not None:
        outcomes = list(
            CheckOutcome.objects.filter(run=run, site=site).order_by("check_id")
        )
        score = SiteScore.objects.filter(run=run, site=site).first()
        previous_status = {}
        if previous is not None:
            previous_status = dict(
                CheckOutcome.objects.filter(run=previous, site=site).values_list(
                    "check_id", "status"
                )
            )
        for outcome in outcomes:
            outcome.previous_status = previous_status.get(outcome.check_id)
    order = {"fail": 0, "warn": 1, "pass": 2}
    outcomes.sort(key=lambda o: (order.get(o.status, 3), o.check_id))
    history = list(
        SiteScore.objects.filter(site=site, run__finished_at__isnull=False)
        .select_related("run")
        .order_by("-run__started_at", "-run_id")[:HISTORY_RUNS]
    )
    explanations = {check.id: check for check in registered_checks()}
    for outcome in outcomes:
        check = explanations.get(outcome.check_id)
        outcome.explanation = check.explanation if check else ""
        outcome.requirements = "、".join(check.requirements) if check else ""
    return TemplateResponse(
        request,
        "sites/admin/compliance_site.html",
        {
            "site": site,
            "run": run,
            "score": score,
            "outcomes": outcomes,
            "history": history,
            "trend": trend_svg(
                scores_by_site([site.pk]).get(site.pk, []), width=360, height=80
            ),
            "availability": availability_chart(site.pk, timezone.localdate()),
        },
    )


@require_POST
def start_run(request):
    if visible_site_ids(request.user) is not None:
        raise PermissionDenied
    run = run_checks(trigger=RunTrigger.MANUAL, user=request.user)
    record(
        "cluster.compliance.run",
        user=request.user,
        request=request,
        obj=run,
        title=f"监管检查：{run.site_count}个网站，{run.check_count}项",
    )
    messages.success(
        request, f"已完成检查：{run.site_count}个网站，{run.check_count}个检查项。"
    )
    return redirect("sites_compliance_dashboard")


def _text(value) -> str:
    value = "" if value is None else str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def export_xlsx(request):
    """The whole report of the chosen run as one workbook (three sheets)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    site_ids = _require(request)
    run, previous = _chosen_run(request)
    if run is None:
        raise Http404("还没有检查记录。")
    workbook = Workbook()
    bold = Font(bold=True)

    sheet = workbook.active
    sheet.title = "网站排名"
    sheet.append(
        [
            f"网站监管检查报告（监测日期{run.monitored_on:%Y-%m-%d}，{run.get_trigger_display()}）"
        ]
    )
    sheet.append(
        [
            "排名",
            "网站",
            "得分",
            "结论",
            "单项否决项",
            "扣分",
            "较上次",
            "不合格项",
            "预警项",
        ]
    )
    for cell in sheet[2]:
        cell.font = bold
    for row in ranking(run, previous, site_ids):
        s = row["score"]
        sheet.append(
            [
                row["rank"],
                _text(s.site_name),
                s.score,
                s.get_verdict_display(),
                s.veto_count,
                s.deductions,
                row["delta"] if row["delta"] is not None else "",
                s.fail_count,
                s.warn_count,
            ]
        )

    outcomes = list(
        _visible(CheckOutcome.objects.filter(run=run), site_ids)
        .select_related("site")
        .order_by("site__site_name", "check_id")
    )
    detail = workbook.create_sheet("检查结果")
    detail.append(
        ["网站", "检查项", "对应指标", "指标类型", "结果", "扣分", "说明", "问题数"]
    )
    kinds = {"veto": "单项否决", "deduct": "扣分"}
    for o in outcomes:
        detail.append(
            [
                _text(o.site.site_name),
                o.title,
                o.indicator,
                kinds.get(o.kind, o.kind),
                o.status_label,
                o.deduction,
                _text(o.summary),
                o.finding_count,
            ]
        )

    items = workbook.create_sheet("问题明细")
    items.append(["网站", "检查项", "问题", "说明", "链接"])
    for o in outcomes:
        for finding in o.findings:
            url = finding.get("url", "")
            if url.startswith("/"):
                url = request.build_absolute_uri(url)
            items.append(
                [
                    _text(o.site.site_name),
                    o.title,
                    _text(finding.get("title", "")),
                    _text(finding.get("detail", "")),
                    _text(url),
                ]
            )
    for ws in (detail, items):
        for cell in ws[1]:
            cell.font = bold

    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime(run.started_at).strftime("%Y%m%d%H%M")
    response["Content-Disposition"] = f'attachment; filename="compliance-{stamp}.xlsx"'
    return response
