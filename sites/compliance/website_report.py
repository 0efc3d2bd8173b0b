"""政府网站工作年度报表 (国办函〔2018〕12号, REQUIREMENTS §1.9, R50, R72).

The figures the platform knows are computed from its own data; the rest are typed
in by the site's administrator. Apps contribute figures through the Wagtail hook
``cluster_website_report_figures(site, year) -> dict`` (e.g. the interaction app
for letters, consultations and interviews), so the core never imports them; a
field an app fills is read-only, one no installed app fills stays editable.
The 报表 is published by 31 January of the next year (late is flagged).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from ..models import ArticlePage, ColumnPage, ColumnType, SiteProfile, SiteVisitDay
from ..services.tree import descendants_q
from ..widgets import DateInput

AUTO = "auto"  # computed by the core
APP = "app"  # computed by an app through the hook when one provides it
MANUAL = "manual"


@dataclass(frozen=True)
class ReportField:
    key: str
    label: str
    section: str
    kind: str = "int"  # int | decimal | bool | text | date
    source: str = MANUAL


def _f(section, key, label, kind="int", source=MANUAL):
    return ReportField(key, label, section, kind, source)


BASIC, TRAFFIC, PUBLISH, TOPIC, INTERPRET, SERVICE, INTERACT, SECURITY, MEDIA, INNOVATE, SIGN = (
    "基本信息", "访问量", "信息发布（条）", "专栏专题（个）", "解读回应", "办事服务",
    "互动交流", "安全防护", "移动新媒体", "创新发展", "填报信息",
)  # fmt: skip

FIELDS: tuple[ReportField, ...] = (
    _f(BASIC, "site_name", "网站名称", "text", AUTO),
    _f(BASIC, "home_url", "首页网址", "text", AUTO),
    _f(BASIC, "sponsor", "主办单位", "text", AUTO),
    _f(BASIC, "site_type", "网站类型", "text", AUTO),
    _f(BASIC, "site_code", "政府网站标识码", "text", AUTO),
    _f(BASIC, "icp_number", "ICP备案号", "text", AUTO),
    _f(BASIC, "psb_number", "公安机关备案号", "text", AUTO),
    _f(TRAFFIC, "unique_visitors", "独立用户访问总量（个）"),
    _f(TRAFFIC, "page_views", "网站总访问量（次）"),
    _f(PUBLISH, "info_total", "信息发布总数", source=AUTO),
    _f(PUBLISH, "info_overview", "概况类信息更新量", source=AUTO),
    _f(PUBLISH, "info_news", "政务动态信息更新量", source=AUTO),
    _f(PUBLISH, "info_disclosure", "信息公开目录信息更新量", source=AUTO),
    _f(TOPIC, "topics_maintained", "专栏专题维护数量", source=AUTO),
    _f(TOPIC, "topics_new", "新开设专栏专题数量", source=AUTO),
    _f(INTERPRET, "interpretation_total", "解读信息发布总数（条）", source=AUTO),
    _f(INTERPRET, "interpretation_materials", "其中：解读材料数量（条）", source=AUTO),
    _f(INTERPRET, "interpretation_products", "其中：解读产品数量（个）"),
    _f(INTERPRET, "media_articles", "其中：媒体评论文章数量（篇）"),
    _f(INTERPRET, "responses", "回应公众关注热点或重大舆情数量（次）"),
    _f(SERVICE, "service_catalog", "是否发布服务事项目录", "bool"),
    _f(SERVICE, "registered_users", "注册用户数（个）"),
    _f(SERVICE, "service_items", "政务服务事项数量（项）"),
    _f(SERVICE, "service_online", "可全程在线办理政务服务事项数量（项）"),
    _f(SERVICE, "cases_total", "办件量总数（件）"),
    _f(SERVICE, "cases_person", "其中：自然人办件量（件）"),
    _f(SERVICE, "cases_legal", "其中：法人办件量（件）"),
    _f(INTERACT, "unified_platform", "是否使用统一平台", "bool"),
    _f(INTERACT, "letters_received", "留言办理：收到留言数量（条）", source=APP),
    _f(INTERACT, "letters_answered", "留言办理：办结留言数量（条）", source=APP),
    _f(
        INTERACT, "letters_average_days", "留言办理：平均办理时间（天）", "decimal", APP
    ),
    _f(INTERACT, "letters_published", "留言办理：公开答复数量（条）", source=APP),
    _f(INTERACT, "consultations", "征集调查：征集调查期数（期）", source=APP),
    _f(INTERACT, "consultation_opinions", "征集调查：收到意见数量（条）", source=APP),
    _f(
        INTERACT, "consultation_results", "征集调查：公布调查结果期数（期）", source=APP
    ),
    _f(INTERACT, "interviews", "在线访谈：访谈期数（期）", source=APP),
    _f(INTERACT, "interview_questions", "在线访谈：网民留言数量（条）", source=APP),
    _f(INTERACT, "interview_answers", "在线访谈：答复网民提问数量（条）", source=APP),
    _f(INTERACT, "smart_qa", "是否提供智能问答功能", "bool"),
    _f(SECURITY, "security_checks", "安全检测评估次数（次）"),
    _f(SECURITY, "security_problems", "发现问题数量（个）"),
    _f(SECURITY, "security_fixed", "问题整改数量（个）"),
    _f(SECURITY, "security_monitoring", "是否建立安全监测预警机制", "bool"),
    _f(SECURITY, "security_drills", "是否开展应急演练", "bool"),
    _f(SECURITY, "security_officer", "是否明确网站安全责任人", "bool"),
    _f(MEDIA, "weibo_name", "微博名称", "text"),
    _f(MEDIA, "weibo_posts", "微博信息发布量（条）"),
    _f(MEDIA, "weibo_followers", "微博关注量（个）"),
    _f(MEDIA, "wechat_name", "微信名称", "text"),
    _f(MEDIA, "wechat_posts", "微信信息发布量（条）"),
    _f(MEDIA, "wechat_followers", "微信订阅数（个）"),
    _f(MEDIA, "other_media", "其他新媒体（名称、发布量、关注量）", "text"),
    _f(INNOVATE, "search_service", "搜索即服务", "bool"),
    _f(INNOVATE, "multilingual", "多语言版本", "bool"),
    _f(INNOVATE, "accessible", "无障碍浏览", "bool", AUTO),
    _f(INNOVATE, "personalised", "千人千网", "bool"),
    _f(INNOVATE, "innovation_other", "其他创新", "text"),
    _f(SIGN, "head", "单位负责人", "text"),
    _f(SIGN, "reviewer", "审核人", "text"),
    _f(SIGN, "filler", "填报人", "text"),
    _f(SIGN, "phone", "联系电话", "text"),
    _f(SIGN, "filled_on", "填报日期", "date"),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}
SECTIONS = tuple(dict.fromkeys(f.section for f in FIELDS))


def deadline_for(year: int) -> datetime.date:
    return datetime.date(year + 1, 1, 31)


def _year_bounds(year: int):
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    return start, timezone.make_aware(datetime.datetime(year + 1, 1, 1))


def core_figures(site, year: int) -> dict:
    """What the platform itself knows about ``site`` in ``year`` (a handful of queries)."""
    home = site.root_page
    profile = SiteProfile.objects.filter(site=site).first()
    start, end = _year_bounds(year)
    columns = {
        c.path: c
        for c in ColumnPage.objects.live()
        .filter(descendants_q(home.path))
        .only("path", "column_type", "first_published_at")
    }
    per_type: dict[str, int] = {}
    total = 0
    for path in (
        ArticlePage.objects.live()
        .filter(descendants_q(home.path), publish_date__gte=start, publish_date__lt=end)
        .values_list("path", flat=True)
    ):
        total += 1
        column = columns.get(path[: -Page.steplen])
        if column is not None:
            per_type[column.column_type] = per_type.get(column.column_type, 0) + 1
    topics = [c for c in columns.values() if c.column_type == ColumnType.TOPIC]
    interpretations = per_type.get(ColumnType.INTERPRETATION, 0)
    return {
        "site_name": site.site_name,
        "home_url": site.root_url + "/",
        "sponsor": (profile.sponsor if profile else "") or site.site_name,
        "site_type": profile.get_kind_display() if profile else "",
        "site_code": (profile.code if profile else "") or "",
        "icp_number": profile.icp_number if profile else "",
        "psb_number": profile.psb_number if profile else "",
        "info_total": total,
        "info_overview": per_type.get(ColumnType.OVERVIEW, 0),
        "info_news": per_type.get(ColumnType.NEWS, 0),
        "info_disclosure": per_type.get(ColumnType.DISCLOSURE, 0)
        + per_type.get(ColumnType.POLICY, 0)
        + interpretations,
        "topics_maintained": len(topics),
        "topics_new": sum(
            1
            for c in topics
            if c.first_published_at and start <= c.first_published_at < end
        ),
        "interpretation_total": interpretations,
        "interpretation_materials": interpretations,
        # Every site of the cluster has the platform's 无障碍/适老化 tools (R67).
        "accessible": True,
    }


def visit_figures(site, year: int) -> dict:
    """页面访问量 and 独立用户 of ``year`` from the platform's own counts (R72);
    none when the platform counted nothing that year (the figures stay typed).
    Unique visitors add up the days: a visitor is only known within a day."""
    from django.db.models import Count, Sum

    totals = SiteVisitDay.objects.filter(site=site, day__year=year).aggregate(
        days=Count("pk"), views=Sum("page_views"), visitors=Sum("unique_visitors")
    )
    if not totals["days"]:
        return {}
    return {"page_views": totals["views"], "unique_visitors": totals["visitors"]}


def app_figures(site, year: int) -> dict:
    figures = {}
    for provide in hooks.get_hooks("cluster_website_report_figures"):
        for key, value in (provide(site, year) or {}).items():
            if key in FIELD_BY_KEY:
                figures[key] = value
    return figures


def computed_figures(site, year: int) -> tuple[dict, set[str]]:
    """The figures and the keys that are computed (read-only in the form)."""
    figures = core_figures(site, year)
    figures.update(visit_figures(site, year))
    from_apps = app_figures(site, year)
    figures.update(from_apps)
    return figures, set(figures) | set(from_apps)


def refresh(report) -> None:
    """Recompute the known figures of ``report``; typed-in values are kept."""
    figures, keys = computed_figures(report.site, report.year)
    data = dict(report.data)
    data.update(figures)
    data["_computed"] = sorted(keys)
    report.data = data
    report.computed_at = timezone.now()


def editable_keys(report) -> list[str]:
    computed = set(report.data.get("_computed", []))
    return [f.key for f in FIELDS if f.key not in computed and f.source != AUTO]


BOOL_CHOICES = [("", "—"), ("yes", "是"), ("no", "否")]


def report_form(report, data=None):
    """A form for the typed-in fields of ``report``."""
    fields = {}
    initial = {}
    for key in editable_keys(report):
        spec = FIELD_BY_KEY[key]
        value = report.data.get(key)
        if spec.kind == "int":
            fields[key] = forms.IntegerField(
                label=spec.label, min_value=0, required=False
            )
        elif spec.kind == "decimal":
            fields[key] = forms.DecimalField(
                label=spec.label,
                min_value=0,
                max_digits=8,
                decimal_places=1,
                required=False,
            )
        elif spec.kind == "bool":
            fields[key] = forms.ChoiceField(
                label=spec.label, choices=BOOL_CHOICES, required=False
            )
            value = {True: "yes", False: "no"}.get(value, "")
        elif spec.kind == "date":
            fields[key] = forms.DateField(
                label=spec.label,
                required=False,
                widget=DateInput(),
            )
        else:
            fields[key] = forms.CharField(
                label=spec.label, max_length=200, required=False
            )
        initial[key] = value
    form_class = type("WebsiteReportForm", (forms.Form,), fields)
    return form_class(data=data, initial=initial)


def apply_form(report, form) -> None:
    data = dict(report.data)
    for key, value in form.cleaned_data.items():
        spec = FIELD_BY_KEY[key]
        if spec.kind == "bool":
            value = {"yes": True, "no": False}.get(value)
        elif spec.kind == "decimal" and value is not None:
            value = float(value)
        elif spec.kind == "date" and value is not None:
            value = value.isoformat()
        data[key] = value
    report.data = data


def display_value(spec: ReportField, value) -> str:
    if value is None or value == "":
        return "—" if spec.kind != "int" else "0"
    if spec.kind == "bool":
        return "是" if value else "否"
    return str(value)


def field_sections(fields, data) -> list[tuple[str, list[tuple[ReportField, str]]]]:
    """``fields`` grouped by section, each with its display value from ``data``."""
    return [
        (
            section,
            [
                (f, display_value(f, data.get(f.key)))
                for f in fields
                if f.section == section
            ],
        )
        for section in dict.fromkeys(f.section for f in fields)
    ]


def sections_of(report) -> list[tuple[str, list[tuple[ReportField, str]]]]:
    return field_sections(FIELDS, report.data)


def publication_state(report, today: datetime.date | None = None) -> tuple[str, bool]:
    """(label, late) of ``report`` (None = not generated) for its year."""
    today = today or timezone.localdate()
    if report is None:
        return "未生成", False
    deadline = deadline_for(report.year)
    if report.published_at:
        published = timezone.localtime(report.published_at).date()
        return (
            "已发布（逾期）" if published > deadline else "已发布"
        ), published > deadline
    return ("未发布（已逾期）" if today > deadline else "未发布"), today > deadline
