"""Public 办件公示 (/zwfw/bjgs/) and 双公示 (/xxgk/sgs/) pages of every site (R61–R64).

A department's pages list its own records; the portal's list the whole cluster
below it, with a department filter. Lists, details and CSV exports show natural
persons only masked (name 张**, ID 1501**********123X) — the full ID number is
not even loaded. Every page runs a fixed number of queries.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Site

from sites.models import ColumnPage, SiteKind, SiteProfile
from sites.public_forms import TypedTextMixin

from ..models import (
    ApprovalCase,
    ApprovalCaseEvent,
    CaseState,
    Decision,
    DecisionKind,
    DecisionStatus,
)

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 100
CASES_TITLE = "办件公示"
DECISIONS_TITLE = "双公示"
#: Columns the pages hang under (standard slugs, see sites/standard.py).
CASES_COLUMN = "zwfw"
DECISIONS_COLUMN = "xxgk"
# Never loaded for public pages: the encrypted ID and its digest.
PRIVATE_FIELDS = ("party_id_encrypted", "party_id_digest", "fingerprint")


@dataclass
class Scope:
    site: Site
    cluster_wide: bool
    members: list[dict]  # {"site_id", "code", "name"} in display order

    @property
    def site_ids(self):
        return [member["site_id"] for member in self.members]

    def by_code(self, code):
        return next((m for m in self.members if m["code"] == code), None)


def scope_for(request) -> Scope:
    """The site of the request and the sites its lists cover (one query)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有与此域名对应的网站。")
    profiles = list(
        SiteProfile.objects.values(
            "pk", "parent_id", "kind", "code", "site_id", "site__site_name"
        )  # fmt: skip
    )
    own = next((p for p in profiles if p["site_id"] == site.pk), None)
    if own is None:
        return Scope(
            site, False, [{"site_id": site.pk, "code": "", "name": site.site_name}]
        )
    members = {own["pk"]}
    cluster_wide = own["kind"] == SiteKind.PORTAL
    if cluster_wide:
        children = {}
        for profile in profiles:
            children.setdefault(profile["parent_id"], []).append(profile["pk"])
        pending = [own["pk"]]
        while pending:
            for child in children.get(pending.pop(), []):
                if child not in members:
                    members.add(child)
                    pending.append(child)
    rows = [p for p in profiles if p["pk"] in members]
    rows.sort(key=lambda p: (p["pk"] != own["pk"], p["code"] or ""))
    return Scope(
        site,
        cluster_wide,
        [
            {
                "site_id": p["site_id"],
                "code": p["code"] or "",
                "name": p["site__site_name"],
            }
            for p in rows
        ],  # fmt: skip
    )


def _column(site: Site, slug: str):
    return ColumnPage.objects.child_of(site.root_page).filter(slug=slug).live().first()


def _clean_query(value):
    value = (value or "").strip()
    if any(ord(char) < 32 for char in value):
        raise forms.ValidationError("检索词包含无效字符，请重新输入。")
    return value


class BaseFilterForm(TypedTextMixin):
    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH,
                        validators=[_clean_query], label="关键词")  # fmt: skip
    site = forms.CharField(required=False, max_length=10, label="部门")
    date_from = forms.DateField(required=False, label="起始日期")
    date_to = forms.DateField(required=False, label="截止日期")

    def __init__(self, data, scope: Scope):
        self.scope = scope
        super().__init__(data)

    def clean_site(self):
        code = self.cleaned_data["site"]
        if code and self.scope.by_code(code) is None:
            raise forms.ValidationError("所选部门不在本网站的公示范围内。")
        return code

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return cleaned

    def filters(self) -> dict:
        """The valid filters only: an invalid one is reported and ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if value not in ("", None) and key not in self.errors
        }


class CaseFilterForm(BaseFilterForm):
    item = forms.CharField(required=False, max_length=200, label="事项")
    state = forms.ChoiceField(
        required=False, choices=[("", "全部")] + CaseState.choices, label="办理状态"
    )


class DecisionFilterForm(BaseFilterForm):
    kind = forms.ChoiceField(
        required=False, choices=[("", "全部")] + DecisionKind.choices, label="类型"
    )
    status = forms.ChoiceField(
        required=False, choices=[("", "全部")] + DecisionStatus.choices,
        label="公示状态",
    )  # fmt: skip


def _site_filter(queryset, filters, scope):
    if "site" in filters:
        return queryset.filter(site_id=scope.by_code(filters["site"])["site_id"])
    return queryset.filter(site_id__in=scope.site_ids)


def public_cases(scope: Scope, filters: dict):
    cases = _site_filter(
        ApprovalCase.objects.select_related("site").defer(*PRIVATE_FIELDS),
        filters, scope,
    )  # fmt: skip
    if "q" in filters:
        q = filters["q"]
        cases = cases.filter(
            Q(case_number__icontains=q) | Q(item_name__icontains=q)
            | Q(item_code__icontains=q) | Q(party_name__icontains=q)
        )  # fmt: skip
    if "item" in filters:
        cases = cases.filter(item_name=filters["item"])
    if "state" in filters:
        cases = cases.filter(state=filters["state"])
    if "date_from" in filters:
        cases = cases.filter(accepted_at__date__gte=filters["date_from"])
    if "date_to" in filters:
        cases = cases.filter(accepted_at__date__lte=filters["date_to"])
    return cases


def public_decisions(scope: Scope, filters: dict):
    decisions = _site_filter(
        Decision.objects.select_related("site").defer(*PRIVATE_FIELDS),
        filters, scope,
    )  # fmt: skip
    if "q" in filters:
        q = filters["q"]
        decisions = decisions.filter(
            Q(document_number__icontains=q) | Q(document_title__icontains=q)
            | Q(party_name__icontains=q) | Q(content__icontains=q)
            | Q(party_code__icontains=q)
        )  # fmt: skip
    for name in ("kind", "status"):
        if name in filters:
            decisions = decisions.filter(**{name: filters[name]})
    if "date_from" in filters:
        decisions = decisions.filter(decided_on__gte=filters["date_from"])
    if "date_to" in filters:
        decisions = decisions.filter(decided_on__lte=filters["date_to"])
    return decisions


def _params(filters) -> QueryDict:
    params = QueryDict(mutable=True)
    for key, value in filters.items():
        params[key] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return params


def _errors(form) -> list[str]:
    return [m for messages in form.errors.values() for m in messages]


def _list(request, *, form_class, records, column_slug, title, template, extra):
    scope = scope_for(request)
    form = form_class(request.GET or None, scope=scope)
    filters = form.filters()
    page_obj = Paginator(records(scope, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "home_page": scope.site.root_page.specific,
        "page": _column(scope.site, column_slug),
        "list_title": title,
        "scope": scope,
        "form": form,
        "filters": filters,
        "params": _params(filters),
        "errors": _errors(form),
        "page_obj": page_obj,
        **extra(scope),
    }
    return render(request, template, context)


def case_list(request):
    def extra(scope):
        items = (
            ApprovalCase.objects.filter(site_id__in=scope.site_ids)
            .values_list("item_name", flat=True)
            .distinct()
            .order_by("item_name")[:200]
        )
        return {"items": list(items), "states": CaseState.choices}

    return _list(
        request, form_class=CaseFilterForm, records=public_cases,
        column_slug=CASES_COLUMN, title=CASES_TITLE,
        template="disclosure/approvals/case_list.html", extra=extra,
    )  # fmt: skip


def decision_list(request):
    def extra(scope):
        return {"kinds": DecisionKind.choices, "statuses": DecisionStatus.choices}

    return _list(
        request, form_class=DecisionFilterForm, records=public_decisions,
        column_slug=DECISIONS_COLUMN, title=DECISIONS_TITLE,
        template="disclosure/approvals/decision_list.html", extra=extra,
    )  # fmt: skip


def case_detail(request, pk: int):
    scope = scope_for(request)
    case = (
        ApprovalCase.objects.select_related("site")
        .defer(*PRIVATE_FIELDS)
        .filter(pk=pk, site_id__in=scope.site_ids)
        .first()
    )
    if case is None:
        raise Http404("未找到该办件。")
    steps = ApprovalCaseEvent.objects.filter(case=case, action__in=["created", "state"])
    return render(
        request,
        "disclosure/approvals/case_detail.html",
        {
            "home_page": scope.site.root_page.specific,
            "page": _column(scope.site, CASES_COLUMN),
            "list_title": CASES_TITLE,
            "case": case,
            "steps": list(steps.only("at", "action", "from_state", "to_state")),
        },
    )


def decision_detail(request, pk: int):
    scope = scope_for(request)
    decision = (
        Decision.objects.select_related("site")
        .defer(*PRIVATE_FIELDS)
        .filter(pk=pk, site_id__in=scope.site_ids)
        .first()
    )
    if decision is None:
        raise Http404("未找到该决定。")
    return render(
        request,
        "disclosure/approvals/decision_detail.html",
        {
            "home_page": scope.site.root_page.specific,
            "page": _column(scope.site, DECISIONS_COLUMN),
            "list_title": DECISIONS_TITLE,
            "decision": decision,
            "withdrawn": decision.status == DecisionStatus.WITHDRAWN,
        },
    )


# Public exports (masked, like the pages) --------------------------------------


class _Echo:
    def write(self, value):
        return value


def safe_cell(value):
    """Spreadsheets run a cell starting with = + - @ as a formula: quote it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _stream_csv(filename, header, rows):
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _date(value):
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def case_export(request):
    scope = scope_for(request)
    filters = CaseFilterForm(request.GET or None, scope=scope).filters()
    header = ["受理编号", "事项名称", "事项编码", "申请人", "受理部门", "受理时间",
              "承诺时限（工作日）", "法定时限（工作日）", "办理状态", "办结时间", "办理结果"]  # fmt: skip
    rows = (
        [
            c.case_number,
            c.item_name,
            c.item_code,
            c.party_display,
            c.site.site_name,
            _date(c.accepted_at),
            c.promised_days,
            c.legal_days,
            c.get_state_display(),
            _date(c.completed_at),
            c.get_result_display(),
        ]  # fmt: skip
        for c in public_cases(scope, filters).iterator(chunk_size=500)
    )
    return _stream_csv(f"bjgs-{timezone.localdate():%Y%m%d}.csv", header, rows)


def decision_export(request):
    scope = scope_for(request)
    filters = DecisionFilterForm(request.GET or None, scope=scope).filters()
    header = ["类型", "决定文书名称", "决定文书号", "许可/处罚类别", "许可内容/处罚事由",
              "依据", "处罚结果", "行政相对人", "决定日期", "有效期自", "有效期至",
              "决定机关", "公示状态", "变更/撤销说明"]  # fmt: skip

    def row(d):
        if d.status == DecisionStatus.WITHDRAWN:
            # R63: the withdrawn content is no longer published, only the notice.
            return [d.get_kind_display(), d.document_title, d.document_number, "", "",
                    "", "", "", _date(d.decided_on), "", "", d.authority,
                    d.get_status_display(), d.notice]  # fmt: skip
        return [d.get_kind_display(), d.document_title, d.document_number, d.category,
                d.content, d.basis, d.result, d.party_display, _date(d.decided_on),
                _date(d.valid_from), _date(d.valid_until), d.authority,
                d.get_status_display(), d.notice]  # fmt: skip

    rows = (row(d) for d in public_decisions(scope, filters).iterator(chunk_size=500))
    return _stream_csv(f"sgs-{timezone.localdate():%Y%m%d}.csv", header, rows)
