"""政府网站监管年度报表 (R51; 国办函〔2018〕12号, REQUIREMENTS §1.9).

The supervising office's yearly report with its sections 网站抽查, 安全检查,
网站开设整合, 我为政府网站找错 留言办理, 假冒政府网站处置 and 人员培训. What the
platform records is computed (the dashboard's runs, tamper alarms, the sites
of the cluster); the rest (找错 messages arrive on the national platform,
training happens offline) is typed in by the supervisor. Published by 31
January on the portal (``/jgndbb/``).
"""

from __future__ import annotations

import datetime
import io

from django import forms
from django.db.models import Count
from django.utils import timezone

from ..integrity.models import TamperAlarm
from ..models import ComplianceRun, SiteKind, SiteProfile, SiteScore, Verdict
from .website_report import ReportField, display_value, field_sections

AUTO, MANUAL = "auto", "manual"
SPOT, SECURITY, SITES, FIND_ERRORS, FAKE, TRAINING, SIGN = (
    "网站抽查", "安全检查", "网站开设整合", "“我为政府网站找错”平台网民留言办理",
    "假冒政府网站处置", "人员培训", "填报信息",
)  # fmt: skip


def _f(section, key, label, kind="int", source=MANUAL):
    return ReportField(key, label, section, kind, source)


FIELDS: tuple[ReportField, ...] = (
    _f(SPOT, "spot_checks", "全年抽查（监测）次数（次）", source=AUTO),
    _f(SPOT, "sites_checked", "抽查网站数（个）", source=AUTO),
    _f(SPOT, "site_checks", "抽查网站总次数（个次）", source=AUTO),
    _f(SPOT, "failed_q1", "第一季度不合格网站数（个）", source=AUTO),
    _f(SPOT, "failed_q2", "第二季度不合格网站数（个）", source=AUTO),
    _f(SPOT, "failed_q3", "第三季度不合格网站数（个）", source=AUTO),
    _f(SPOT, "failed_q4", "第四季度不合格网站数（个）", source=AUTO),
    _f(SPOT, "failed_year", "全年不合格网站数（个）", source=AUTO),
    _f(SPOT, "pass_rate", "抽查合格率（%）", "decimal", AUTO),
    _f(SPOT, "accountability", "问责人次（人次）"),
    _f(SECURITY, "security_checks", "安全检查次数（次）"),
    _f(SECURITY, "tamper_alarms", "监测发现网页篡改等安全问题（个）", source=AUTO),
    _f(SECURITY, "tamper_restored", "其中：已恢复整改（个）", source=AUTO),
    _f(SECURITY, "security_incidents", "发生安全事件（起）"),
    _f(SITES, "sites_total", "运行政府网站总数（个）", source=AUTO),
    _f(SITES, "sites_portal", "其中：政府门户网站（个）", source=AUTO),
    _f(SITES, "sites_department", "其中：部门网站（个）", source=AUTO),
    _f(SITES, "sites_banner", "其中：旗县区网站（个）", source=AUTO),
    _f(SITES, "sites_topic", "其中：专题网站（个）", source=AUTO),
    _f(SITES, "sites_opened", "本年新开设网站（个）"),
    _f(SITES, "sites_closed", "本年关停整合网站（个）"),
    _f(FIND_ERRORS, "errors_received", "收到网民留言（条）"),
    _f(FIND_ERRORS, "errors_handled", "按期办理（条）"),
    _f(FIND_ERRORS, "errors_late", "超期办理（条）"),
    _f(FAKE, "fake_found", "发现假冒政府网站（个）"),
    _f(FAKE, "fake_handled", "已处置（个）"),
    _f(TRAINING, "training_sessions", "培训次数（次）"),
    _f(TRAINING, "training_people", "培训人数（人次）"),
    _f(SIGN, "office", "填报单位", "text"),
    _f(SIGN, "filler", "填报人", "text"),
    _f(SIGN, "phone", "联系电话", "text"),
    _f(SIGN, "filled_on", "填报日期", "date"),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}
KIND_KEYS = {
    SiteKind.PORTAL: "sites_portal",
    SiteKind.DEPARTMENT: "sites_department",
    SiteKind.BANNER: "sites_banner",
    SiteKind.TOPIC: "sites_topic",
}


def deadline_for(year: int) -> datetime.date:
    return datetime.date(year + 1, 1, 31)


def computed_figures(year: int) -> dict:
    """The figures the platform recorded in ``year`` (a handful of queries)."""
    runs = ComplianceRun.objects.filter(
        finished_at__isnull=False, monitored_on__year=year
    )
    scores = SiteScore.objects.filter(run__in=runs)
    failed = scores.filter(verdict=Verdict.FAIL)
    quarters = {}
    for quarter in range(1, 5):
        months = range(3 * quarter - 2, 3 * quarter + 1)
        quarters[f"failed_q{quarter}"] = (
            failed.filter(run__monitored_on__month__in=months)
            .values("site_id")
            .distinct()
            .count()
        )
    total, passed = scores.count(), scores.filter(verdict=Verdict.PASS).count()
    alarms = TamperAlarm.objects.filter(detected_at__year=year)
    kinds = dict(
        SiteProfile.objects.values_list("kind").annotate(n=Count("pk")).order_by()
    )
    return {
        "spot_checks": runs.count(),
        "sites_checked": scores.values("site_id").distinct().count(),
        "site_checks": total,
        **quarters,
        "failed_year": failed.values("site_id").distinct().count(),
        "pass_rate": round(100 * passed / total, 1) if total else 0.0,
        "tamper_alarms": alarms.count(),
        "tamper_restored": alarms.filter(restored=True).count(),
        "sites_total": sum(kinds.values()),
        **{key: kinds.get(kind, 0) for kind, key in KIND_KEYS.items()},
    }


def refresh(report) -> None:
    """Recompute the recorded figures of ``report``; typed-in values are kept."""
    data = dict(report.data)
    data.update(computed_figures(report.year))
    report.data = data
    report.computed_at = timezone.now()


def manual_fields() -> list[ReportField]:
    return [f for f in FIELDS if f.source == MANUAL]


def report_form(report, data=None) -> forms.Form:
    fields, initial = {}, {}
    for spec in manual_fields():
        if spec.kind == "int":
            field = forms.IntegerField(label=spec.label, min_value=0, required=False)
        elif spec.kind == "date":
            field = forms.DateField(
                label=spec.label,
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
        else:
            field = forms.CharField(label=spec.label, max_length=100, required=False)
        fields[spec.key] = field
        initial[spec.key] = report.data.get(spec.key)
    return type("SupervisionReportForm", (forms.Form,), fields)(
        data=data, initial=initial
    )


def apply_form(report, form) -> None:
    data = dict(report.data)
    for key, value in form.cleaned_data.items():
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[key] = value
    report.data = data


def sections_of(report) -> list[tuple[str, list[tuple[ReportField, str]]]]:
    return field_sections(FIELDS, report.data)


def workbook_bytes(report) -> bytes:
    """The 报表 as one xlsx sheet: 栏目, 指标, 数值 (numbers stay numbers)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{report.year}年度"
    sheet.append([f"{report.year}年度政府网站监管年度报表"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["栏目", "指标", "数值"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for spec in FIELDS:
        value = report.data.get(spec.key)
        if spec.kind in ("int", "decimal"):
            value = value if value is not None else 0
        else:
            value = display_value(spec, value)
            # A typed text starting with "=" must not become a formula.
            if value.startswith(("=", "+", "-", "@")):
                value = "'" + value
        sheet.append([spec.section, spec.label, value])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
