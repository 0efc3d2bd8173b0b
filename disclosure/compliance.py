"""Disclosure's compliance checks for the supervision dashboard (issue #7).

Registered through the core's ``cluster_compliance_checks`` hook (disclosure/
wagtail_hooks.py). ``disclosure/catalog/system_checks.py`` holds Django system checks, a
different thing. Each check reads the cluster in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Q
from django.urls import reverse

from disclosure.annual_report.building import (
    FIRST_YEAR,
    pages_in_review,
    publication,
    site_kinds,
)
from disclosure.applications.case_terms import OPEN_STATUSES
from disclosure.applications.case_terms import Status as CaseStatus
from disclosure.applications.casework import AlarmClock
from disclosure.catalog.metadata_terms import DocumentKind, Validity, subtopic_problem
from sites.compliance.base import Check, CheckResult, Finding, Status
from sites.compliance.core_checks import (
    HOME_LEN,
    edit_url,
    end_of,
    local_day,
    public_url,
    site_by_root,
)
from sites.models import ColumnPage
from sites.services.workdays import WorkingDayCalendar

from .models import AnnualReport, DisclosureApplication, DisclosureItem
from .validators import DOCUMENT_NUMBER_RE

INTERPRETATION_WORKING_DAYS = 3
# Policies older than this are outside the monitoring period of a spot check.
INTERPRETATION_LOOKBACK_DAYS = 365


def _roots(sites) -> Q:
    roots = Q(pk__in=[])
    for site in sites:
        roots |= Q(path__startswith=site.root_page.path)
    return roots


# The fixed structure of the 政府信息公开 column (国办公开办函〔2019〕61号, R23).
PLATFORM = ("xxgk", "政府信息公开")
SUB_COLUMNS = (
    ("gkzn", "政府信息公开指南"),
    ("gkzd", "政府信息公开制度"),
    ("fdzdgk", "法定主动公开内容"),
    ("gknb", "政府信息公开年报"),
    ("ysqgk", "依申请公开"),
)


class DisclosureStructureCheck(Check):
    id = "disclosure_structure"
    title = "政府信息公开专栏"
    indicator = "政府信息公开专栏规范（扣分）"
    explanation = (
        "首页须有统一名称的“政府信息公开”一级栏目，下设政府信息公开指南、政府信息公开制度、"
        "法定主动公开内容、政府信息公开年报四个子栏目及依申请公开。"
    )
    requirements = ("R23", "R31")
    points = 5

    def run(self, sites, today):
        slugs = [PLATFORM[0]] + [slug for slug, _ in SUB_COLUMNS]
        columns = list(
            ColumnPage.objects.live()
            .filter(_roots(sites), slug__in=slugs, depth__in=(3, 4))
            .values("path", "depth", "slug", "title", "show_in_menus")
        )
        by_root = site_by_root(sites)
        platform = {}
        for c in columns:
            if (
                c["depth"] == 3
                and c["slug"] == PLATFORM[0]
                and c["title"] == PLATFORM[1]
            ):
                platform[c["path"][:HOME_LEN]] = c
        children = defaultdict(set)
        for c in columns:
            parent = platform.get(c["path"][:HOME_LEN])
            if c["depth"] == 4 and parent and c["path"].startswith(parent["path"]):
                children[c["path"][:HOME_LEN]].add((c["slug"], c["title"]))
        results = {}
        for root, site in by_root.items():
            home = public_url(site, site.root_page.url_path)
            findings = []
            top = platform.get(root)
            if top is None:
                findings.append(Finding("缺少“政府信息公开”一级栏目", home))
            else:
                if not top["show_in_menus"]:
                    findings.append(
                        Finding("“政府信息公开”栏目未在首页导航中显示", home)
                    )
                for slug, title in SUB_COLUMNS:
                    if (slug, title) not in children[root]:
                        findings.append(Finding(f"缺少子栏目“{title}”", home))
            results[site.pk] = CheckResult(
                Status.FAIL if findings else Status.PASS,
                findings,
                "栏目结构符合规范。"
                if not findings
                else f"栏目结构问题{len(findings)}处。",
            )
        return results


class ItemMetadataCheck(Check):
    id = "disclosure_metadata"
    title = "公开信息元数据"
    indicator = "政府信息公开目录信息要素（扣分）"
    explanation = (
        "每条主动公开信息须有索引号、名称、内容概述、成文日期、发布机构、主题分类和发布日期；"
        "文号须用全角六角括号；已废止的文件须有废止日期。"
    )
    requirements = ("R25", "R26", "R28", "R29")
    points = 3

    def run(self, sites, today):
        by_root = site_by_root(sites)
        problems = defaultdict(list)
        items = (
            DisclosureItem.objects.live()
            .filter(_roots(sites))
            .order_by("path")
            .values(
                "pk", "path", "title", "url_path", "index_number", "summary",
                "written_date", "issuing_agency", "topic", "publish_date",
                "document_number", "validity", "abolished_date",
            )
        )  # fmt: skip
        for item in items:
            missing = [
                label
                for key, label in (
                    ("index_number", "索引号"),
                    ("title", "名称"),
                    ("summary", "内容概述"),
                    ("written_date", "成文日期"),
                    ("issuing_agency", "发布机构"),
                    ("topic", "主题分类"),
                    ("publish_date", "发布日期"),
                )
                if not item[key]
            ]
            if item["document_number"] and not DOCUMENT_NUMBER_RE.match(
                item["document_number"]
            ):
                missing.append("文号格式")
            if item["validity"] == Validity.ABOLISHED and not item["abolished_date"]:
                missing.append("废止日期")
            if missing:
                site = by_root[item["path"][:HOME_LEN]]
                problems[site.pk].append(
                    Finding(
                        item["title"] or f"公开信息（ID {item['pk']}）",
                        edit_url(item["pk"]),
                        "缺少或不规范：" + "、".join(missing),
                    )
                )
        results = {}
        for site in sites:
            found = problems[site.pk]
            results[site.pk] = CheckResult(
                Status.FAIL if found else Status.PASS,
                found,
                f"元数据不全的公开信息{len(found)}条。",
            )
        return results


class InterpretationCheck(Check):
    id = "policy_interpretation"
    title = "政策解读"
    indicator = "解读回应：政策文件与解读材料同步（扣分）"
    explanation = (
        "规章和行政规范性文件须在发布后3个工作日内发布政策解读，并与文件互相链接"
        "（国办发〔2016〕19号）。统计监测日前一年内发布的文件。"
    )
    requirements = ("R32",)
    points = 5

    def run(self, sites, today):
        since = end_of(
            today - datetime.timedelta(days=INTERPRETATION_LOOKBACK_DAYS + 1)
        )
        policies = list(
            DisclosureItem.objects.live()
            .filter(
                _roots(sites),
                document_kind__in=[DocumentKind.REGULATION, DocumentKind.NORMATIVE],
                publish_date__gte=since,
                publish_date__lt=end_of(today),
            )
            .order_by("path")
            .values("pk", "path", "title", "url_path", "publish_date")
        )
        firsts: dict[int, datetime.date] = {}
        for interprets_id, published in (
            DisclosureItem.objects.live()
            .filter(interprets_id__in=[p["pk"] for p in policies])
            .values_list("interprets_id", "publish_date")
        ):
            day = local_day(published)
            if interprets_id not in firsts or day < firsts[interprets_id]:
                firsts[interprets_id] = day
        calendar = WorkingDayCalendar()
        by_root = site_by_root(sites)
        late, pending = defaultdict(list), defaultdict(list)
        for policy in policies:
            site = by_root[policy["path"][:HOME_LEN]]
            published = local_day(policy["publish_date"])
            due = calendar.add_working_days(published, INTERPRETATION_WORKING_DAYS)
            first = firsts.get(policy["pk"])
            url = public_url(site, policy["url_path"])
            if first is not None and first <= due:
                continue
            if first is not None:
                late[site.pk].append(
                    Finding(
                        policy["title"],
                        url,
                        f"解读于{first:%Y-%m-%d}发布，晚于期限{due:%Y-%m-%d}",
                    )
                )
            elif today > due:
                late[site.pk].append(
                    Finding(policy["title"], url, f"无政策解读（期限{due:%Y-%m-%d}）")
                )
            else:
                pending[site.pk].append(
                    Finding(policy["title"], url, f"须于{due:%Y-%m-%d}前发布解读")
                )
        results = {}
        for site in sites:
            failed, waiting = late[site.pk], pending[site.pk]
            status = (
                Status.FAIL if failed else (Status.WARN if waiting else Status.PASS)
            )
            results[site.pk] = CheckResult(
                status,
                failed + waiting,
                f"未按期解读的文件{len(failed)}件，待解读{len(waiting)}件。",
            )
        return results


class ApplicationDeadlineCheck(Check):
    id = "application_deadline"
    title = "依申请公开办理时限"
    indicator = "依申请公开按期答复（扣分）"
    explanation = (
        "依申请公开须在20个工作日内答复（延期不超过20个工作日），超期未答复的申请列为不合格，"
        "3个工作日内到期的列为预警。"
    )
    requirements = ("R38", "R39")
    points = 5

    def run(self, sites, today):
        clock = AlarmClock(today)
        red, yellow = defaultdict(list), defaultdict(list)
        cases = DisclosureApplication.objects.filter(
            site__in=[s.pk for s in sites],
            status__in=[*OPEN_STATUSES, CaseStatus.SUBMITTED],
        ).only(
            "pk",
            "site_id",
            "case_number",
            "status",
            "submitted_at",
            "correction_due_on",
            "due_on",
        )
        for case in cases.order_by("due_on", "pk"):
            level = clock.level(case)
            if not level:
                continue
            label = case.case_number or f"未登记申请（ID {case.pk}）"
            due = f"答复期限{case.due_on:%Y-%m-%d}" if case.due_on else "待登记或补正"
            finding = Finding(
                label, reverse("disclosure_application_detail", args=[case.pk]), due
            )
            (red if level == "red" else yellow)[case.site_id].append(finding)
        results = {}
        for site in sites:
            overdue, soon = red[site.pk], yellow[site.pk]
            status = Status.FAIL if overdue else (Status.WARN if soon else Status.PASS)
            results[site.pk] = CheckResult(
                status, overdue + soon, f"超期{len(overdue)}件，即将到期{len(soon)}件。"
            )
        return results


class AnnualReportCheck(Check):
    id = "disclosure_annual_report"
    title = "政府信息公开年报"
    indicator = "政府信息公开工作年度报告按时发布（扣分）"
    explanation = (
        "部门于每年1月31日前、人民政府于3月31日前在“政府信息公开年报”栏目发布上一年度报告"
        "（《条例》第四十九条）。"
    )
    requirements = ("R45",)
    points = 5

    def run(self, sites, today):
        year = today.year - 1
        site_ids = [s.pk for s in sites]
        results = {}
        if year < FIRST_YEAR:
            return {pk: CheckResult(Status.PASS, [], "不适用。") for pk in site_ids}
        reports = {
            r.site_id: r
            for r in AnnualReport.objects.filter(
                site__in=site_ids, year=year
            ).select_related("page")
        }
        in_review = pages_in_review([r.page_id for r in reports.values()])
        kinds = site_kinds(site_ids)
        for site in sites:
            report = reports.get(site.pk)
            state = publication(
                report,
                kinds.get(site.pk, ""),
                year,
                in_review=bool(report and report.page_id in in_review),
                today=today,
            )
            url = (
                reverse("disclosure_annual_reports:detail", args=[report.pk])
                if report
                else reverse("disclosure_annual_reports:index")
            )
            summary = (
                f"{year}年度报告：{state.label}（期限{state.deadline:%Y-%m-%d}）。"
            )
            title = f"{site.site_name}{year}年政府信息公开工作年度报告"
            if state.state == "published" and not state.late:
                results[site.pk] = CheckResult(Status.PASS, [], summary)
            elif state.state == "published":
                results[site.pk] = CheckResult(
                    Status.WARN,
                    [Finding(title, url, f"逾期发布（{state.published_on:%Y-%m-%d}）")],
                    summary,
                )
            elif state.late:
                results[site.pk] = CheckResult(
                    Status.FAIL,
                    [Finding(title, url, f"截至{state.deadline:%Y-%m-%d}未发布")],
                    summary,
                )
            else:
                results[site.pk] = CheckResult(
                    Status.WARN,
                    [Finding(title, url, f"须于{state.deadline:%Y-%m-%d}前发布")],
                    summary,
                )
        return results


class TopicVocabularyCheck(Check):
    id = "disclosure_topic_vocabulary"
    title = "主题分类规范"
    indicator = "政府信息公开目录：主题分类（扣分）"
    explanation = (
        "公开信息的主题分类和二级分类须取自国务院政策文件库的主题分类表（一级\\二级）。"
        "列出的信息请在编辑页的“二级分类”中重新选择。"
    )
    requirements = ("R27",)
    points = 2

    def run(self, sites, today):
        by_root = site_by_root(sites)
        problems = defaultdict(list)
        items = (
            DisclosureItem.objects.live()
            .filter(_roots(sites))
            .order_by("path")
            .values_list("pk", "path", "title", "topic", "subtopic")
        )
        for pk, path, title, topic, subtopic in items:
            problem = subtopic_problem(topic, subtopic)
            if problem:
                site = by_root[path[:HOME_LEN]]
                problems[site.pk].append(Finding(title, edit_url(pk), problem))
        return {
            site.pk: CheckResult(
                Status.FAIL if problems[site.pk] else Status.PASS,
                problems[site.pk],
                f"主题分类不规范的公开信息{len(problems[site.pk])}条。",
            )
            for site in sites
        }


def disclosure_checks() -> list[Check]:
    return [
        DisclosureStructureCheck(),
        ItemMetadataCheck(),
        TopicVocabularyCheck(),
        InterpretationCheck(),
        ApplicationDeadlineCheck(),
        AnnualReportCheck(),
    ]


def website_report_figures(site, year: int) -> dict:
    """The 报表's disclosure figures (国办函〔2018〕12号): items published in the
    catalog in ``year`` and interpretations among them (two queries)."""
    start = end_of(datetime.date(year, 1, 1) - datetime.timedelta(days=1))
    end = end_of(datetime.date(year, 12, 31))
    items = DisclosureItem.objects.live().filter(
        _roots([site]), publish_date__gte=start, publish_date__lt=end
    )
    interpretations = items.filter(interprets__isnull=False).count()
    return {
        "info_disclosure": items.count(),
        "interpretation_total": interpretations,
        "interpretation_materials": interpretations,
    }
