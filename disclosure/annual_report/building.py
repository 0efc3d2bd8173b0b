"""Building, checking and publishing the annual report (Art. 49–50, R45–R49).

How the statistics are defined (the official format counts the cases *of the
year*; every definition below is "as of 31 December", so a past year's report
does not change when later work is recorded):

* Applications are the agency's cases whose receipt was confirmed (受理确认日期,
  Art. 31): unregistered submissions and 无效申请 are not applications.
* 一、本年新收: received within the year.
* 二、上年结转: received before 1 January and not replied before 1 January.
* 三、本年度办理结果: replied within the year, by outcome (the 21 leaf rows);
  (三)…(六) are the sums of their leaves and (七) is the sum of (一)…(六).
* 四、结转下年度继续办理: received by 31 December and not replied by then.
  So 一 + 二 = 三(七) + 四 holds for every column, and 四 of one year is 二 of the next.
* Table 1 (第二十条第(一)项) counts the agency's published 规章 and 行政规范性文件:
  本年制发 by 成文日期, 本年废止 by 废止日期, 现行有效 = written by 31 December and
  neither abolished by then nor marked 失效 (no date is recorded for 失效).
* Table 3 counts, per kind of appeal, those decided within the year by their
  result, and as 尚未审结 those filed by 31 December and not decided by then;
  总计 is their sum. An appeal is thus reported with its result in the year it
  ends, and as pending at every year end it spans — like Table 2's 结转.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page, WorkflowState

from disclosure.annual_report.format import (
    APPEAL_GROUP_LABELS,
    APPEAL_GROUPS,
    APPEAL_RESULT_LABELS,
    APPEAL_RESULTS,
    APPEAL_TOTAL,
    APPLICANT_COLUMNS,
    DOCUMENT_COLUMNS,
    DOCUMENT_ROWS,
    GROUPS_WITH_LEAVES,
    MANUAL_ROWS,
    ROW_CARRIED_IN,
    ROW_CARRIED_OUT,
    ROW_NEW,
    ROW_TOTAL,
    SECTION_HEADINGS,
    SINGLE_GROUPS,
    column_label,
    group_key,
    leaf_key,
    leaves_of,
    row_label,
    table2_row_keys,
)
from disclosure.applications.case_terms import Status
from disclosure.approvals.statistics import decision_counts
from disclosure.catalog.metadata_terms import DocumentKind, Validity
from disclosure.models import (
    AnnualReport,
    AnnualReportPage,
    Appeal,
    AppealResult,
    DisclosureApplication,
    DisclosureItem,
    FeeNotice,
)
from sites.audit import record
from sites.models import ColumnPage, SiteKind, SiteProfile
from sites.services.tree import descendants_q

FORMAT = "2021"
FIRST_YEAR = 2021  # the 2021 format applies to reports for 2021 onwards
REPORT_COLUMN_SLUG = "gknb"
WIDTH = len(APPLICANT_COLUMNS) + 1


class ReportError(Exception):
    """A refused action; the message is shown to the user as is."""


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- Table 2 -----------------------------------------------------------------


def applications_of(site):
    """The agency's applications in the statistical sense (see module docstring)."""
    return DisclosureApplication.objects.filter(
        site=site, received_on__isnull=False
    ).exclude(status=Status.VOID)


def count_applications(site, year: int) -> dict:
    start, end = year_bounds(year)
    cases = applications_of(site)
    open_on_start = Q(replied_on__isnull=True) | Q(replied_on__gte=start)
    open_on_end = Q(replied_on__isnull=True) | Q(replied_on__gt=end)
    rows = {key: [0] * WIDTH for key in table2_row_keys()}
    position = {value: index for index, value in enumerate(APPLICANT_COLUMNS)}

    flows = (
        cases.values("applicant_type")
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=start, received_on__lte=end)),
            carried_in=Count("pk", filter=Q(received_on__lt=start) & open_on_start),
            carried_out=Count("pk", filter=Q(received_on__lte=end) & open_on_end),
        )
        .order_by()
    )
    for flow in flows:
        column = position.get(flow["applicant_type"])
        if column is None:
            continue
        rows[ROW_NEW][column] = flow["new"]
        rows[ROW_CARRIED_IN][column] = flow["carried_in"]
        rows[ROW_CARRIED_OUT][column] = flow["carried_out"]

    results = (
        cases.filter(replied_on__gte=start, replied_on__lte=end)
        .values("applicant_type", "outcome")
        .annotate(cases=Count("pk"))
        .order_by()
    )
    for result in results:
        column = position.get(result["applicant_type"])
        key = leaf_key(result["outcome"])
        if column is not None and key in rows:
            rows[key][column] = result["cases"]

    for group in GROUPS_WITH_LEAVES:
        rows[group_key(group)] = _sum_rows(
            rows, [leaf_key(o) for o in leaves_of(group)]
        )
    rows[ROW_TOTAL] = _sum_rows(rows, _total_parts())
    for values in rows.values():
        values[-1] = sum(values[:-1])
    return {"columns": list(APPLICANT_COLUMNS), "rows": rows}


def _total_parts() -> list[str]:
    """The rows (一)…(六) that make up (七)总计."""
    return [leaf_key(g) for g in SINGLE_GROUPS] + [
        group_key(g) for g in GROUPS_WITH_LEAVES
    ]


def _sum_rows(rows: dict, keys: list[str]) -> list[int]:
    return [sum(rows[key][i] for key in keys) for i in range(WIDTH)]


# --- Table 1 -----------------------------------------------------------------


def count_documents(site, year: int) -> dict:
    start, end = year_bounds(year)
    not_abolished_by_end = Q(abolished_date__gt=end) | (
        Q(abolished_date__isnull=True) & ~Q(validity=Validity.ABOLISHED)
    )
    in_force = (
        Q(written_date__lte=end) & ~Q(validity=Validity.EXPIRED) & not_abolished_by_end
    )
    counts = (
        DisclosureItem.objects.live()
        .filter(descendants_q(site.root_page.path))
        .filter(document_kind__in=[DocumentKind.REGULATION, DocumentKind.NORMATIVE])
        .values("document_kind")
        .annotate(
            issued=Count(
                "pk", filter=Q(written_date__gte=start, written_date__lte=end)
            ),
            abolished=Count(
                "pk", filter=Q(abolished_date__gte=start, abolished_date__lte=end)
            ),
            in_force=Count("pk", filter=in_force),
        )
        .order_by()
    )
    table = {key: {c: 0 for c, _ in DOCUMENT_COLUMNS} for key, _ in DOCUMENT_ROWS}
    for row in counts:
        table[row["document_kind"]] = {c: row[c] for c, _ in DOCUMENT_COLUMNS}
    return table


# --- Table 3 -----------------------------------------------------------------


def count_appeals(site, year: int) -> dict:
    start, end = year_bounds(year)
    decided_in_year = Q(decided_on__gte=start, decided_on__lte=end) & ~Q(
        result=AppealResult.PENDING
    )
    pending_at_end = (
        Q(result=AppealResult.PENDING)
        | Q(decided_on__isnull=True)
        | Q(decided_on__gt=end)
    )
    counts = (
        Appeal.objects.filter(application__site=site, filed_on__lte=end)
        .values("kind")
        .annotate(
            maintained=Count(
                "pk", filter=decided_in_year & Q(result=AppealResult.MAINTAINED)
            ),
            corrected=Count(
                "pk", filter=decided_in_year & Q(result=AppealResult.CORRECTED)
            ),
            other=Count("pk", filter=decided_in_year & Q(result=AppealResult.OTHER)),
            pending=Count("pk", filter=pending_at_end),
        )
        .order_by()
    )
    table = {
        group: dict.fromkeys((*APPEAL_RESULTS, APPEAL_TOTAL), 0)
        for group in APPEAL_GROUPS
    }
    for row in counts:
        if row["kind"] in table:
            cells = {r: row[r] for r in APPEAL_RESULTS}
            table[row["kind"]] = {**cells, APPEAL_TOTAL: sum(cells.values())}
    return table


def compute_tables(site, year: int) -> dict:
    """Tables 1–3 from the records (Table 1's typed-in rows are added by the report)."""
    return {
        "format": FORMAT,
        "year": year,
        "table1": count_documents(site, year),
        "table2": count_applications(site, year),
        "table3": count_appeals(site, year),
    }


# --- checks ------------------------------------------------------------------


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_tables(tables: dict) -> list[str]:
    """Every way the stored tables break the official format's arithmetic (R47, R49).

    Runs on the stored numbers, so an edited or damaged snapshot fails; the
    messages are in Chinese and name the table, row and column.
    """
    problems: list[str] = []
    problems += _check_table1(tables.get("table1"))
    problems += _check_table2(tables.get("table2"))
    problems += _check_table3(tables.get("table3"))
    return problems


def _check_table1(table1) -> list[str]:
    if not isinstance(table1, dict):
        return ["表一数据缺失，请重新生成报告。"]
    problems = []
    for key, label in DOCUMENT_ROWS:
        row = table1.get(key)
        for column, column_name in DOCUMENT_COLUMNS:
            value = row.get(column) if isinstance(row, dict) else None
            if not _is_count(value):
                problems.append(f"表一“{label}”的“{column_name}”不是非负整数。")
    for key, _block, label, _column in MANUAL_ROWS:
        value = table1.get(key)
        if key == "fees":
            try:
                valid = Decimal(str(value)) >= 0
            except (InvalidOperation, ValueError):
                valid = False
        else:
            valid = _is_count(value)
        if not valid:
            problems.append(f"表一“{label}”的数值不是非负数。")
    return problems


def _check_table2(table2) -> list[str]:
    rows = table2.get("rows") if isinstance(table2, dict) else None
    if not isinstance(rows, dict):
        return ["表二数据缺失，请重新生成报告。"]
    problems = []
    for key in table2_row_keys():
        values = rows.get(key)
        if not (
            isinstance(values, list)
            and len(values) == WIDTH
            and all(_is_count(v) for v in values)
        ):
            problems.append(f"表二“{row_label(key)}”一行缺失或含有非负整数以外的数值。")
    if problems:
        return problems

    for key in table2_row_keys():
        values = rows[key]
        if values[-1] != sum(values[:-1]):
            problems.append(
                f"表二“{row_label(key)}”一行：总计（{values[-1]}）"
                f"不等于各类申请人之和（{sum(values[:-1])}）。"
            )
    for group in GROUPS_WITH_LEAVES:
        expected = _sum_rows(rows, [leaf_key(o) for o in leaves_of(group)])
        problems += _compare_row(rows, group_key(group), expected, "各分项之和")
    problems += _compare_row(
        rows, ROW_TOTAL, _sum_rows(rows, _total_parts()), "（一）至（六）之和"
    )
    for index in range(WIDTH):
        received = rows[ROW_NEW][index] + rows[ROW_CARRIED_IN][index]
        settled = rows[ROW_TOTAL][index] + rows[ROW_CARRIED_OUT][index]
        if received != settled:
            problems.append(
                f"表二“{column_label(index)}”列：第一项加第二项之和（{received}）"
                f"不等于第三项加第四项之和（{settled}）。"
            )
    return problems


def _compare_row(rows, key, expected, what) -> list[str]:
    return [
        f"表二“{row_label(key)}”的“{column_label(i)}”列（{rows[key][i]}）"
        f"不等于{what}（{expected[i]}）。"
        for i in range(WIDTH)
        if rows[key][i] != expected[i]
    ]


def _check_table3(table3) -> list[str]:
    if not isinstance(table3, dict):
        return ["表三数据缺失，请重新生成报告。"]
    problems = []
    for group in APPEAL_GROUPS:
        label = APPEAL_GROUP_LABELS[group]
        if group != "reconsideration":
            label = f"行政诉讼（{label}）"
        cells = table3.get(group)
        values = [
            cells.get(r) if isinstance(cells, dict) else None
            for r in (*APPEAL_RESULTS, APPEAL_TOTAL)
        ]
        if not all(_is_count(v) for v in values):
            problems.append(f"表三“{label}”缺失或含有非负整数以外的数值。")
            continue
        if values[-1] != sum(values[:-1]):
            problems.append(
                f"表三“{label}”：总计（{values[-1]}）不等于结果维持、结果纠正、"
                f"其他结果、尚未审结之和（{sum(values[:-1])}）。"
            )
    return problems


def fees_collected(site, year: int) -> Decimal:
    """信息处理费 actually paid in ``year`` on this agency's cases (R42)."""
    start, end = year_bounds(year)
    total = FeeNotice.objects.filter(
        application__site=site, paid_on__gte=start, paid_on__lte=end
    ).aggregate(total=Sum("amount"))["total"]
    return Decimal(total or 0)


def stale_differences(report: AnnualReport) -> list[str]:
    """Where the stored tables differ from the records as they are now (R48)."""
    current = compute_tables(report.site, report.year)
    stored = report.tables or {}
    differences = []
    fee = fees_collected(report.site, report.year)
    if Decimal(report.processing_fee or 0) != fee:
        differences.append(
            f"信息处理费：报告为{report.processing_fee}元，当前记录为{fee:.2f}元。"
        )
    decided = decision_counts(report.site, report.year)
    for key, field, label in (
        ("licensing", "licensing_decisions", "行政许可"),
        ("penalty", "penalty_decisions", "行政处罚"),
    ):
        if decided is not None and getattr(report, field) != decided[key]:
            differences.append(
                f"表一“{label}”的本年处理决定数量：报告为{getattr(report, field)}，"
                f"当前双公示记录为{decided[key]}。"
            )

    table1 = stored.get("table1") or {}
    for key, label in DOCUMENT_ROWS:
        for column, column_name in DOCUMENT_COLUMNS:
            was = (table1.get(key) or {}).get(column)
            now = current["table1"][key][column]
            if was != now:
                differences.append(
                    f"表一“{label}”的“{column_name}”：报告为{was}，当前记录为{now}。"
                )
    rows = (stored.get("table2") or {}).get("rows") or {}
    for key in table2_row_keys():
        for index, now in enumerate(current["table2"]["rows"][key]):
            was = (rows.get(key) or [None] * WIDTH)[index]
            if was != now:
                differences.append(
                    f"表二“{row_label(key)}”的“{column_label(index)}”列："
                    f"报告为{was}，当前记录为{now}。"
                )
    table3 = stored.get("table3") or {}
    for group in APPEAL_GROUPS:
        for result in (*APPEAL_RESULTS, APPEAL_TOTAL):
            was = (table3.get(group) or {}).get(result)
            now = current["table3"][group][result]
            if was != now:
                differences.append(
                    f"表三“{APPEAL_GROUP_LABELS[group]}”的"
                    f"“{APPEAL_RESULT_LABELS[result]}”：报告为{was}，当前记录为{now}。"
                )
    return differences


# --- generating --------------------------------------------------------------


def allowed_years(today: datetime.date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return list(range(today.year, FIRST_YEAR - 1, -1))


def default_overview(site, year: int, tables: dict) -> str:
    """A factual first paragraph for 一、总体情况, from the same records."""
    start, end = year_bounds(year)
    published = (
        DisclosureItem.objects.live()
        .filter(descendants_q(site.root_page.path))
        .filter(publish_date__date__gte=start, publish_date__date__lte=end)
        .count()
    )
    rows = tables["table2"]["rows"]
    table1, table3 = tables["table1"], tables["table3"]
    lawsuits = sum(table3[g][APPEAL_TOTAL] for g in APPEAL_GROUPS[1:])
    return (
        f"{year}年，{site.site_name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        f"在本机关网站政府信息公开专栏主动公开政府信息{published}条，"
        f"其中制发规章{table1['regulation']['issued']}件、"
        f"行政规范性文件{table1['normative']['issued']}件。"
        f"全年新收政府信息公开申请{rows[ROW_NEW][-1]}件，"
        f"上年结转{rows[ROW_CARRIED_IN][-1]}件，"
        f"办结{rows[ROW_TOTAL][-1]}件，结转下年度继续办理{rows[ROW_CARRIED_OUT][-1]}件。"
        f"因政府信息公开被申请行政复议{table3[APPEAL_GROUPS[0]][APPEAL_TOTAL]}件、"
        f"被提起行政诉讼{lawsuits}件。"
    )


def generate(site, year: int, user=None, request=None) -> AnnualReport:
    """Create the report, or refresh its tables; narratives and typed-in figures stay."""
    if year not in allowed_years():
        raise ReportError(
            f"报告年度应在{FIRST_YEAR}年至{timezone.localdate().year}年之间"
            "（2021年版年度报告格式适用于2021年度及以后的报告）。"
        )
    tables = compute_tables(site, year)
    with transaction.atomic():
        report = (
            AnnualReport.objects.select_for_update()
            .filter(site=site, year=year)
            .first()
        )
        created = report is None
        if created:
            report = AnnualReport(
                site=site, year=year, overview=default_overview(site, year, tables)
            )
        report.tables = tables
        # From the fee notices, never typed in: the sentence in 六 must match them.
        report.processing_fee = fees_collected(site, year)
        # Rows (五)(六) of Table 1 come from the 双公示 records when the site keeps them.
        decided = decision_counts(site, year)
        if decided is not None:
            report.licensing_decisions = decided["licensing"]
            report.penalty_decisions = decided["penalty"]
        report.generated_at = timezone.now()
        report.generated_by = user if getattr(user, "pk", None) else None
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as exc:  # generated by someone else meanwhile
            raise ReportError("该年度报告刚由他人生成，请刷新后再试。") from exc
    record(
        "disclosure.annual_report.generate" if created else "disclosure.annual_report.regenerate",
        user=user, site=site, obj=report, title=report.title, request=request,
    )  # fmt: skip
    return report


# --- publishing --------------------------------------------------------------


def report_column(site) -> ColumnPage | None:
    return (
        ColumnPage.objects.filter(descendants_q(site.root_page.path))
        .filter(slug=REPORT_COLUMN_SLUG)
        .first()
    )


def publish_problems(
    report: AnnualReport, differences: list[str] | None = None
) -> list[str]:
    """Why the report may not be published yet (empty when it may)."""
    problems = check_tables(report.tables or {})
    problems += stale_differences(report) if differences is None else differences
    if problems:
        problems.insert(0, "统计表未通过核验，请重新生成报告后再发布：")
    if not report.overview.strip():
        problems.append("请填写“一、总体情况”。")
    if not report.problems.strip():
        problems.append("请填写“五、存在的主要问题及改进情况”。")
    return problems


def _body(report: AnnualReport) -> list:
    """The narratives as stream blocks, so the site search finds the report."""
    sections = (
        (SECTION_HEADINGS[0], report.overview),
        (SECTION_HEADINGS[4], report.problems),
        (SECTION_HEADINGS[5], report.other_matters),
    )
    body = []
    for heading, text in sections:
        paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
        if paragraphs:
            body.append(("heading", {"text": heading, "level": "h2"}))
            body += [("paragraph", f"<p>{escape(p)}</p>") for p in paragraphs]
    return body or [("paragraph", f"<p>{escape(report.title)}</p>")]


def _free_slug(column: ColumnPage, slug: str) -> str:
    candidate, number = slug, 1
    while not Page._slug_is_available(candidate, column):
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def publish(report: AnnualReport, user, request=None) -> str:
    """Publish the report as a page in the 年报 column.

    Users who may publish in that column publish at once; editors submit it to
    the site's review workflow (R76: nobody publishes alone). Returns
    "published" or "submitted".
    """
    problems = publish_problems(report)
    if problems:
        raise ReportError("".join(problems[:6]))
    column = report_column(report.site)
    if column is None:
        raise ReportError(
            "本网站没有“政府信息公开年报”栏目，请联系集群管理员按统一标准补建。"
        )
    permissions = column.permissions_for_user(user)
    may_publish = permissions.can_publish_subpage()
    if not (may_publish or permissions.can_add_subpage()):
        raise ReportError("您没有在本网站“政府信息公开年报”栏目发布内容的权限。")

    with transaction.atomic():
        page = report.page
        if page is None:
            page = AnnualReportPage(
                slug=_free_slug(column, f"nb{report.year}"), live=False
            )
        _copy_into(page, report)
        if page.pk is None:
            page.title = report.title
            column.add_child(instance=page)
            report.page = page
            AnnualReport.objects.filter(pk=report.pk).update(page=page)
        # An existing page changes through its revision only: the public page
        # stays as it is until the revision is published (or approved).
        revision = page.save_revision(user=user, log_action=True)
        if may_publish:
            revision.publish(user=user)
            outcome = "published"
        else:
            outcome = _submit_for_review(page, user)
    record(
        f"disclosure.annual_report.{outcome}", user=user, site=report.site,
        obj=report, title=report.title, request=request,
    )  # fmt: skip
    return outcome


def _copy_into(page: AnnualReportPage, report: AnnualReport) -> None:
    page.year = report.year
    page.agency = report.site.site_name
    page.tables = report.tables
    page.overview = report.overview
    page.problems = report.problems
    page.other_matters = report.other_matters
    page.processing_fee = report.processing_fee
    page.summary = f"{report.site.site_name}{report.year}年政府信息公开工作年度报告。"
    page.source = report.site.site_name
    page.body = _body(report)
    if page.first_published_at is None:
        page.publish_date = timezone.now()


def _submit_for_review(page: AnnualReportPage, user) -> str:
    workflow = page.get_workflow()
    if workflow is None:
        raise ReportError("本网站未设置审核流程，请由审核人员或站点管理员发布。")
    state = page.current_workflow_state
    if state is None:
        workflow.start(page, user)
    elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resubmit(user=user)
    return "submitted"


# --- deadlines and publication state (R45) ----------------------------------


def deadline_for(kind: str, year: int) -> datetime.date:
    """31 January for departments; 31 March for the people's governments'
    consolidated reports (the portal and banner/county sites), Art. 49."""
    if kind in (SiteKind.PORTAL, SiteKind.BANNER):
        return datetime.date(year + 1, 3, 31)
    return datetime.date(year + 1, 1, 31)


@dataclass(frozen=True)
class Publication:
    state: str  # missing | draft | review | published
    label: str
    published_on: datetime.date | None
    deadline: datetime.date
    late: bool


STATE_LABELS = {
    "missing": "未生成",
    "draft": "未发布",
    "review": "待审核",
    "published": "已发布",
}


def publication(
    report: AnnualReport | None,
    kind: str,
    year: int,
    in_review: bool = False,
    today: datetime.date | None = None,
) -> Publication:
    today = today or timezone.localdate()
    deadline = deadline_for(kind, year)
    page = report.page if report is not None else None
    published_on = None
    if report is None:
        state = "missing"
    elif page is not None and page.live and page.first_published_at:
        state = "published"
        published_on = timezone.localtime(page.first_published_at).date()
    elif in_review:
        state = "review"
    else:
        state = "draft"
    late = published_on > deadline if published_on else today > deadline
    return Publication(state, STATE_LABELS[state], published_on, deadline, late)


def pages_in_review(page_ids) -> set[int]:
    """Which of these report pages wait in a review workflow (one query)."""
    ids = [str(pk) for pk in page_ids if pk]
    if not ids:
        return set()
    return {
        int(object_id)
        for object_id in WorkflowState.objects.filter(
            object_id__in=ids,
            status__in=[
                WorkflowState.STATUS_IN_PROGRESS,
                WorkflowState.STATUS_NEEDS_CHANGES,
            ],
            base_content_type__model="page",
            base_content_type__app_label="wagtailcore",
        ).values_list("object_id", flat=True)
    }


def site_kinds(site_ids) -> dict[int, str]:
    return dict(
        SiteProfile.objects.filter(site_id__in=list(site_ids)).values_list(
            "site_id", "kind"
        )
    )
