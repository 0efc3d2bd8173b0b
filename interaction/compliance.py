"""Compliance checks of 政民互动 for the supervision dashboard (hook
``cluster_compliance_checks``). Each runs for many sites with a fixed number of
queries: one for the letters or pages, and none per site.

- ``letters_unanswered_3_months`` (单项否决, 互动回应差, R53): within the year
  before the check, a valid letter left unanswered for more than three months.
- ``letters_overdue`` (扣分, R53): open letters past their reply deadline.
- ``letters_reply_freshness`` (扣分 −3, R55): no reply published in two months.
- ``consultation_feedback`` (扣分, R58): a consultation closed more than 30 days
  ago without published feedback (征集结果/采纳情况).
- ``interview_timing`` (扣分, R59): an interview of the last year whose preview
  went public less than ``INTERVIEW_PREVIEW_LEAD_HOURS`` before its start, or
  whose 文字实录 came later than ``INTERVIEW_TRANSCRIPT_WORKING_DAYS`` after it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from sites.compliance import Check, CheckResult, Finding, Indicator, Status
from sites.services.workdays import WorkingDayCalendar

from .letter_choices import INVALID_STATUSES, OPEN_STATUSES
from .models import ConsultationPage, InterviewPage, Letter
from .services.consultation_rules import FEEDBACK_DAYS
from .services.deadlines import local_date, veto_line


def _letter_finding(letter, detail) -> Finding:
    return Finding(
        title=f"信件 {letter.case_number}",
        url=reverse("interaction_admin_letter", args=[letter.pk]),
        detail=detail,
    )


def _results(
    sites,
    findings: dict[int, list[Finding]],
    summary_fail,
    summary_pass,
    fail=Status.FAIL,
):
    return {
        site.pk: (
            CheckResult(fail, findings[site.pk], summary_fail(len(findings[site.pk])))
            if findings.get(site.pk)
            else CheckResult(Status.PASS, [], summary_pass)
        )
        for site in sites
    }


class LettersUnansweredThreeMonths(Check):
    id = "letters_unanswered_3_months"
    title = "有效留言超过3个月未答复"
    indicator = "互动回应差（单项否决）"
    explanation = (
        "检查前1年内，不得有有效留言超过3个月未答复（不含信访、纪检举报和不予受理的来信）。"
        "请尽快答复所列信件。"
    )
    requirements = ("R53",)
    kind = Indicator.VETO

    def run(self, sites, today):
        site_ids = [s.pk for s in sites]
        since = today - datetime.timedelta(days=365)
        rows = (
            Letter.objects.exclude(status__in=INVALID_STATUSES)
            .filter(submitted_at__date__gte=since - datetime.timedelta(days=92))
            .filter(Q(mailbox__site_id__in=site_ids) | Q(handling_site_id__in=site_ids))
            # The reply counts from the day it went out (approved in 审核).
            .values_list("pk", "case_number", "submitted_at", "reviewed_at",
                         "handling_site_id", "mailbox__site_id")
        )  # fmt: skip
        findings: dict[int, list[Finding]] = defaultdict(list)
        for pk, case_number, submitted_at, replied_at, handling, owner in rows:
            received = local_date(submitted_at)
            line = veto_line(received)
            answered = local_date(replied_at) if replied_at else None
            late = (answered is None and line < today) or (answered and answered > line)
            # Only breaches within the year before the check count.
            if not late or (answered and answered < since) or line < since:
                continue
            detail = f"{received:%Y-%m-%d}来信，" + (
                f"{answered:%Y-%m-%d}才答复" if answered else "至今未答复"
            )
            finding = Finding(
                title=f"信件 {case_number}",
                url=reverse("interaction_admin_letter", args=[pk]),
                detail=detail,
            )
            for site_id in {owner, handling}:
                if site_id in site_ids:
                    findings[site_id].append(finding)
        return _results(
            sites,
            findings,
            lambda n: f"{n} 件有效留言超过3个月未答复",
            "无超过3个月未答复的有效留言",
        )


class LettersOverdue(Check):
    id = "letters_overdue"
    title = "信件超期未答复"
    indicator = "互动交流：留言办理答复（扣分）"
    explanation = (
        "来信应在信箱类别规定的工作日内答复。所列信件已超过答复期限，请尽快办理。"
    )
    requirements = ("R53",)
    kind = Indicator.DEDUCT
    points = 2

    def run(self, sites, today):
        site_ids = [s.pk for s in sites]
        letters = Letter.objects.filter(
            status__in=OPEN_STATUSES, due_on__lt=today, handling_site_id__in=site_ids
        ).only("pk", "case_number", "due_on", "handling_site_id")
        findings: dict[int, list[Finding]] = defaultdict(list)
        for letter in letters:
            findings[letter.handling_site_id].append(
                _letter_finding(letter, f"答复期限 {letter.due_on:%Y-%m-%d}，已超期")
            )
        return _results(
            sites, findings, lambda n: f"{n} 件信件超期未答复", "无超期未答复的信件"
        )


class LettersReplyFreshness(Check):
    id = "letters_reply_freshness"
    title = "2个月内无新公开的留言答复"
    indicator = "互动交流：留言公开（扣分）"
    explanation = "每2个月内至少应公开一件新的留言答复（R55）。请审核并公开已办结、来信人同意公开的信件。"
    requirements = ("R55",)
    kind = Indicator.DEDUCT
    points = 3

    def run(self, sites, today):
        since = today - datetime.timedelta(days=61)
        site_ids = [s.pk for s in sites]
        fresh = set()
        for mailbox_site, handling_site in (
            Letter.objects.public()
            .filter(published_at__date__gte=since)
            .filter(Q(mailbox__site_id__in=site_ids) | Q(handling_site_id__in=site_ids))
            .values_list("mailbox__site_id", "handling_site_id")
        ):
            fresh.update((mailbox_site, handling_site))
        return {
            site.pk: CheckResult(Status.PASS, [], "2个月内有新公开的留言答复")
            if site.pk in fresh
            else CheckResult(
                Status.FAIL,
                [
                    Finding(
                        "领导信箱",
                        reverse("interaction_admin_letters"),
                        "近2个月没有公开新的答复",
                    )
                ],
                "近2个月没有公开新的留言答复",
            )
            for site in sites
        }


class ConsultationFeedback(Check):
    id = "consultation_feedback"
    title = "意见征集结束后未公布结果反馈"
    indicator = "互动交流：征集调查结果反馈（扣分）"
    explanation = (
        f"意见征集结束后应在{FEEDBACK_DAYS}日内公布征集结果/采纳情况（R58）。"
        "请在所列征集页面填写“征集结果/采纳情况”并发布。"
    )
    requirements = ("R58",)
    kind = Indicator.DEDUCT
    points = 2

    def run(self, sites, today):
        cutoff = timezone.make_aware(
            datetime.datetime.combine(
                today - datetime.timedelta(days=FEEDBACK_DAYS), datetime.time.min
            )
        )
        pages = (
            ConsultationPage.objects.live()
            .filter(closes_at__lt=cutoff, feedback_published_at__isnull=True)
            .only("pk", "title", "path", "closes_at")
        )
        site_of_root = {s.root_page_id: s.pk for s in sites}
        roots = sorted(
            (
                (path, site_of_root[pk])
                for pk, path in Page.objects.filter(pk__in=site_of_root).values_list(
                    "pk", "path"
                )
            ),
            reverse=True,
        )
        findings: dict[int, list[Finding]] = defaultdict(list)
        for page in pages:
            site_id = next(
                (pk for path, pk in roots if page.path.startswith(path)), None
            )
            if site_id is not None:
                findings[site_id].append(Finding(
                    title=page.title,
                    url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    detail=f"{local_date(page.closes_at):%Y-%m-%d}截止，未公布结果反馈",
                ))  # fmt: skip
        return _results(
            sites,
            findings,
            lambda n: f"{n} 项意见征集未按时公布结果反馈",
            "意见征集均已按时公布结果反馈",
        )


# Interviews older than this are outside the monitoring period.
INTERVIEW_LOOKBACK_DAYS = 365


def interview_rules() -> tuple[int, int]:
    """(preview lead in hours, transcript term in working days): R59 fixes only
    the order (preview before, transcript after); the terms are local settings."""
    return (
        int(getattr(settings, "INTERVIEW_PREVIEW_LEAD_HOURS", 24)),
        int(getattr(settings, "INTERVIEW_TRANSCRIPT_WORKING_DAYS", 3)),
    )


def interview_lateness(interview, now, calendar) -> list[str]:
    """What is late about ``interview`` at ``now`` (R59)."""
    lead_hours, transcript_days = interview_rules()
    problems = []
    preview_at = interview.first_published_at
    if preview_at is None or preview_at > interview.starts_at - datetime.timedelta(
        hours=lead_hours
    ):
        shown = f"{local_date(preview_at):%Y-%m-%d}" if preview_at else "未记录"
        problems.append(
            f"预告应在访谈开始（{timezone.localtime(interview.starts_at):%Y-%m-%d %H:%M}）"
            f"前{lead_hours}小时发布，实际发布于{shown}"
        )
    if interview.ends_at < now:
        due = calendar.add_working_days(local_date(interview.ends_at), transcript_days)
        published = interview.transcript_published_at
        if published is None and due < local_date(now):
            problems.append(f"文字实录应于{due:%Y-%m-%d}前发布，至今未发布")
        elif published is not None and local_date(published) > due:
            problems.append(
                f"文字实录应于{due:%Y-%m-%d}前发布，实际发布于{local_date(published):%Y-%m-%d}"
            )
    return problems


class InterviewTiming(Check):
    id = "interview_timing"
    title = "在线访谈预告和文字实录发布时间"
    indicator = "互动交流：在线访谈（扣分）"
    explanation = (
        "在线访谈须在开始前发布预告（主题、嘉宾、时间），结束后及时发布文字实录（R59）。"
        "本平台默认预告至少提前24小时发布、文字实录在访谈结束后3个工作日内发布"
        "（INTERVIEW_PREVIEW_LEAD_HOURS、INTERVIEW_TRANSCRIPT_WORKING_DAYS）。"
    )
    requirements = ("R59",)
    kind = Indicator.DEDUCT
    points = 2

    def run(self, sites, today):
        now = timezone.now()
        since = now - datetime.timedelta(days=INTERVIEW_LOOKBACK_DAYS)
        interviews = (
            InterviewPage.objects.live()
            .filter(starts_at__gte=since)
            .only(
                "pk", "title", "path", "starts_at", "ends_at", "first_published_at",
                "transcript_published_at",
            )
            .order_by("starts_at")
        )  # fmt: skip
        roots = sorted(((s.root_page.path, s.pk) for s in sites), reverse=True)
        calendar = WorkingDayCalendar()
        findings: dict[int, list[Finding]] = defaultdict(list)
        for interview in interviews:
            site_id = next(
                (pk for path, pk in roots if interview.path.startswith(path)), None
            )
            if site_id is None:
                continue
            for problem in interview_lateness(interview, now, calendar):
                findings[site_id].append(
                    Finding(
                        title=interview.title,
                        url=reverse("wagtailadmin_pages:edit", args=[interview.pk]),
                        detail=problem,
                    )
                )
        return _results(
            sites,
            findings,
            lambda n: f"在线访谈预告或文字实录发布不及时{n}处",
            "在线访谈预告和文字实录均按时发布",
        )


def interaction_checks() -> list[Check]:
    return [
        LettersUnansweredThreeMonths(),
        LettersOverdue(),
        LettersReplyFreshness(),
        ConsultationFeedback(),
        InterviewTiming(),
    ]
