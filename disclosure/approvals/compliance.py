"""Compliance checks of approval notices for the dashboard (REQUIREMENTS R61–R65).

Each check runs a fixed number of queries for any number of sites: records are
counted per site in one grouped query and only a few offenders per site are
listed with links.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from sites.compliance import Check, CheckResult, Finding, Indicator, Status
from sites.services.workdays import WorkingDayCalendar

from ..models import Decision, DecisionKind, DecisionStatus
from .supervision import open_late_decisions, open_late_results, open_overdue_cases

#: Offending items listed per site (the count covers all of them).
MAX_FINDINGS = 20


def _results(sites, per_site: dict[int, list[Finding]], counts: dict[int, int],
             summary) -> dict[int, CheckResult]:  # fmt: skip
    results = {}
    for site in sites:
        count = counts.get(site.pk, 0)
        if count:
            results[site.pk] = CheckResult(
                Status.FAIL, per_site.get(site.pk, []), summary(count)
            )
        else:
            results[site.pk] = CheckResult(Status.PASS, [], "")
    return results


def _link(roots: dict[int, str], site_id: int, name: str, pk: int) -> str:
    """The record's page on its own site (the dashboard runs on another host)."""
    return roots.get(site_id, "") + reverse(name, args=[pk])


def _top(queryset, order: str, fields: tuple[str, ...]):
    """At most MAX_FINDINGS rows per site, in one query (a window function)."""
    ranked = queryset.annotate(
        rank=Window(RowNumber(), partition_by=F("site_id"), order_by=F(order).asc())
    )
    return (
        ranked.filter(rank__lte=MAX_FINDINGS).only(*fields).order_by("site_id", order)
    )


class LatePublicationCheck(Check):
    id = "approvals_late_publication"
    title = "审批结果、双公示信息逾期公示"
    indicator = "信息发布（扣分）：行政许可、行政处罚信息7个工作日内上网公开"
    explanation = (
        "行政许可、行政处罚决定和办件结果应自作出之日起7个工作日内在网站公示。"
        "逾期公示的记录须由监督员核查并记录处置意见后方可消除。"
    )
    requirements = ("R61", "R62", "R65")
    kind = Indicator.DEDUCT
    points = 2

    def run(self, sites, today: datetime.date) -> dict[int, CheckResult]:
        site_ids = [site.pk for site in sites]
        roots = {site.pk: site.root_url for site in sites}
        decisions = open_late_decisions().filter(site_id__in=site_ids)
        cases = open_late_results().filter(site_id__in=site_ids)
        counts: dict[int, int] = {}
        for queryset in (decisions, cases):
            for row in queryset.values("site_id").annotate(n=Count("pk")).order_by():
                counts[row["site_id"]] = counts.get(row["site_id"], 0) + row["n"]
        findings: dict[int, list[Finding]] = {}
        for d in _top(decisions, "decided_on", (
            "pk", "site_id", "document_number", "document_title", "decided_on",
            "published_at", "publish_due",
        )):  # fmt: skip
            bucket = findings.setdefault(d.site_id, [])
            if len(bucket) < MAX_FINDINGS:
                bucket.append(Finding(
                    f"{d.document_number} {d.document_title}",
                    _link(roots, d.site_id, "approvals:decision_detail", d.pk),
                    f"{d.decided_on:%Y-%m-%d} 作出，应于 {d.publish_due:%Y-%m-%d} 前公示，"
                    f"实际 {d.published_at:%Y-%m-%d} 公示",
                ))  # fmt: skip
        for c in _top(cases, "completed_at", (
            "pk", "site_id", "case_number", "item_name", "result_publish_due",
            "result_published_at", "completed_at",
        )):  # fmt: skip
            bucket = findings.setdefault(c.site_id, [])
            if len(bucket) < MAX_FINDINGS:
                bucket.append(Finding(
                    f"办件 {c.case_number} {c.item_name}",
                    _link(roots, c.site_id, "approvals:case_detail", c.pk),
                    f"办结结果应于 {c.result_publish_due:%Y-%m-%d} 前公示，"
                    f"实际 {c.result_published_at:%Y-%m-%d} 公示",
                ))  # fmt: skip
        return _results(
            sites, findings, counts, lambda n: f"{n} 条审批信息逾期公示且未处置"
        )


class OverdueCasesCheck(Check):
    id = "approvals_overdue_cases"
    title = "办件超过承诺时限未处置"
    indicator = "办事服务（扣分）：电子监察红灯未处置"
    explanation = (
        "办件超过承诺时限（电子监察红灯）且监督员尚未记录处置意见。"
        "部门应尽快办结并说明原因，由监督员核查处置。"
    )
    requirements = ("R64", "R65")
    kind = Indicator.DEDUCT
    points = 2

    def run(self, sites, today: datetime.date) -> dict[int, CheckResult]:
        site_ids = [site.pk for site in sites]
        roots = {site.pk: site.root_url for site in sites}
        cases = open_overdue_cases(today).filter(site_id__in=site_ids)
        counts = {
            row["site_id"]: row["n"]
            for row in cases.values("site_id").annotate(n=Count("pk")).order_by()
        }
        findings: dict[int, list[Finding]] = {}
        for c in _top(cases, "promised_due", (
            "pk", "site_id", "case_number", "item_name", "promised_due", "state",
        )):  # fmt: skip
            bucket = findings.setdefault(c.site_id, [])
            if len(bucket) < MAX_FINDINGS:
                bucket.append(Finding(
                    f"办件 {c.case_number} {c.item_name}",
                    _link(roots, c.site_id, "approvals:case_detail", c.pk),
                    f"承诺办结期限 {c.promised_due:%Y-%m-%d}，当前状态：{c.get_state_display()}",
                ))  # fmt: skip
        return _results(sites, findings, counts, lambda n: f"{n} 件办件超期且未处置")


#: 行政处罚法 第四十八条: withdraw within 三日, and by 第八十五条 those are working days.
WITHDRAWAL_WORKING_DAYS = 3


class PenaltyWithdrawalCheck(Check):
    id = "approvals_penalty_withdrawal"
    title = "行政处罚决定变更、撤销后撤回公示"
    indicator = "信息发布（扣分）：处罚决定变更、撤销后3个工作日内撤回并说明理由"
    explanation = (
        "公开的行政处罚决定被依法变更、撤销、确认违法或者确认无效的，应当在三日（工作日，"
        "行政处罚法第八十五条）内撤回原决定信息并公开说明理由（第四十八条）。请在“审批公示 → "
        "双公示决定”中用“变更/撤销”记录原决定的变更/撤销日期和说明；未记录日期的无法核对，列为预警。"
    )
    requirements = ("R63",)
    kind = Indicator.DEDUCT
    points = 2

    def run(self, sites, today: datetime.date) -> dict[int, CheckResult]:
        roots = {site.pk: site.root_url for site in sites}
        changed = (
            Decision.objects.filter(
                site_id__in=[site.pk for site in sites], kind=DecisionKind.PENALTY
            )
            .exclude(status=DecisionStatus.VALID)
            .only(
                "pk", "site_id", "document_number", "document_title", "status",
                "status_changed_on", "notice_at",
            )
            .order_by("site_id", "status_changed_on", "pk")
        )  # fmt: skip
        calendar = WorkingDayCalendar()
        late: dict[int, list[Finding]] = {}
        undated: dict[int, list[Finding]] = {}
        for d in changed:
            link = _link(roots, d.site_id, "approvals:decision_detail", d.pk)
            title = f"{d.document_number} {d.document_title}"
            if d.status_changed_on is None:
                undated.setdefault(d.site_id, []).append(Finding(
                    title, link,
                    f"{d.get_status_display()}，未记录变更/撤销决定日期，无法核对3个工作日",
                ))  # fmt: skip
                continue
            due = calendar.add_working_days(
                d.status_changed_on, WITHDRAWAL_WORKING_DAYS
            )
            done = timezone.localtime(d.notice_at).date() if d.notice_at else None
            if done is None and due >= today:
                continue
            if done is None or done > due:
                shown = f"实际 {done:%Y-%m-%d} 撤回" if done else "至今未撤回"
                late.setdefault(d.site_id, []).append(Finding(
                    title, link,
                    f"{d.status_changed_on:%Y-%m-%d} {d.get_status_display()[1:]}，"
                    f"应于 {due:%Y-%m-%d} 前撤回原公示并说明理由，{shown}",
                ))  # fmt: skip
        results = {}
        for site in sites:
            if late.get(site.pk):
                found = late[site.pk] + undated.get(site.pk, [])
                results[site.pk] = CheckResult(
                    Status.FAIL, found[:MAX_FINDINGS],
                    f"{len(late[site.pk])} 条变更/撤销的处罚决定未在3个工作日内撤回公示",
                )  # fmt: skip
            elif undated.get(site.pk):
                results[site.pk] = CheckResult(
                    Status.WARN, undated[site.pk][:MAX_FINDINGS],
                    f"{len(undated[site.pk])} 条变更/撤销的处罚决定未记录变更/撤销日期",
                )  # fmt: skip
            else:
                results[site.pk] = CheckResult(
                    Status.PASS, [], "变更/撤销的处罚决定均按时撤回公示"
                )
        return results


def checks() -> list[Check]:
    return [LatePublicationCheck(), OverdueCasesCheck(), PenaltyWithdrawalCheck()]
