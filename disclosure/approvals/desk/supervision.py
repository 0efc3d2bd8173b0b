"""电子监察 desk (R61–R65): red alerts and yellow cases in one list with its
filters and its xlsx/csv export, an alert page where a supervisor records the
disposition, and the admin page of one case."""

from __future__ import annotations

import io
import itertools

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.views.generic import TemplateView
from openpyxl import load_workbook
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet

from sites import audit
from sites.desk_viewsets import PolicyOnly, SiteFilter

from ...models import (
    AlertReason,
    ApprovalCase,
    ApprovalCaseEvent,
    DecisionEvent,
    SupervisionAlert,
    SupervisionDisposition,
)
from .. import supervision
from ..views import safe_cell
from .policy import DISPOSE, ScopedMixin, alert_policy, case_policy

SIGNALS = [("red", "红灯（待处置）"), ("yellow", "黄灯（即将到期）"),
           ("disposed", "已处置的红灯")]  # fmt: skip
TEMPLATES = "disclosure/approvals/admin/"


def disposition_of(alert) -> SupervisionDisposition | None:
    try:
        return alert.disposition
    except SupervisionDisposition.DoesNotExist:
        return None


class SignalFilterSet(WagtailFilterSet):
    # The signal picks the rows (alerts or yellow cases) in the view itself.
    signal = django_filters.ChoiceFilter(
        label="信号", choices=SIGNALS, empty_label=None, method="as_is"
    )
    reason = django_filters.ChoiceFilter(
        label="原因", choices=AlertReason.choices, empty_label="全部"
    )
    site = SiteFilter(label="部门", queryset=None, empty_label="全部")

    class Meta:
        model = SupervisionAlert
        fields = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        SiteFilter.limit(self, alert_policy.site_ids(request.user, "view"))
        if data and data.get("signal") == "yellow":
            del self.filters["reason"]

    def as_is(self, queryset, name, value):
        return queryset


def _date(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def _record(alert):
    target = alert.case or alert.decision
    text = (
        f"办件 {target.case_number} {target.item_name}"
        if alert.case
        else f"{target.document_number} {target.document_title}"
    )
    url = reverse("approvals_supervision:inspect", args=[alert.pk])
    return format_html('<a href="{}">{}</a>', url, text)


def _handled(alert):
    disposition = disposition_of(alert)
    if disposition is None:
        return "待处置"
    return f"{disposition.by.get_username()} {_date(disposition.at)}"


RED_COLUMNS = [
    Column("raised_on", label="发现日期", accessor=lambda a: f"{a.raised_on:%Y-%m-%d}"),
    Column("site", label="部门", accessor="site.site_name"),
    Column("reason", label="原因", accessor=lambda a: format_html(
        '<span class="alarm alarm-red">红灯</span> {}', a.get_reason_display())),
    Column("record", label="记录", accessor=_record),
    Column("disposition", label="处置", accessor=_handled),
]  # fmt: skip
YELLOW_COLUMNS = [
    Column("case_number", label="受理编号", accessor=lambda c: format_html(
        '<a href="{}">{}</a>', reverse("approvals_supervision:case", args=[c.pk]),
        c.case_number)),
    Column("site", label="部门", accessor="site.site_name"),
    Column("item_name", label="事项"),
    Column("accepted_at", label="受理时间", accessor=lambda c: _date(c.accepted_at)),
    Column("promised_due", label="承诺期限", accessor=lambda c: format_html(
        '<span class="alarm alarm-yellow">黄灯</span> {}{}', f"{c.promised_due:%Y-%m-%d}",
        "（暂定）" if c.due_provisional else "")),
    Column("state", label="状态", accessor="get_state_display"),
]  # fmt: skip
EXPORT_HEADER = ["信号", "原因", "部门", "受理编号/文书号", "事项/决定", "申请人/行政相对人",
                 "期限", "状态", "发现日期", "处置人", "处置时间", "处置意见"]  # fmt: skip


class SupervisionIndexView(ScopedMixin, IndexView):
    """红灯 (open or disposed) or 黄灯 by the 信号 filter. The export holds every
    red and yellow signal of the chosen 部门, as the link says."""

    filterset_class = SignalFilterSet
    page_title = "电子监察"
    paginate_by = 50
    no_results_message = "没有符合条件的记录。"
    list_export = [f"c{n}" for n in range(len(EXPORT_HEADER))]
    export_headings = dict(zip(list_export, EXPORT_HEADER, strict=True))

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.today = timezone.localdate()
        signal = request.GET.get("signal")
        self.signal = signal if signal in dict(SIGNALS) else "red"

    @cached_property
    def columns(self):
        return YELLOW_COLUMNS if self.signal == "yellow" else RED_COLUMNS

    def get_context_data(self, **kwargs):
        return super().get_context_data(yellow_days=supervision.yellow_days(), **kwargs)

    def get_base_queryset(self):
        ids = alert_policy.site_ids(self.request.user, "view")
        # What is red today stays red (pinned) until a supervisor disposes of it.
        supervision.pin_red_signals(None if ids is None else list(ids), self.today)
        if self.signal == "yellow" and not self.is_export:
            return self.yellow_cases().order_by("promised_due", "pk")
        alerts = self.scoped().select_related(
            "site", "case", "decision", "disposition__by"
        )
        if self.is_export:
            return alerts.order_by("site_id", "raised_on", "pk")
        disposed = self.signal == "disposed"
        return alerts.filter(disposition__isnull=not disposed).order_by(
            "raised_on", "pk"
        )

    def yellow_cases(self):
        cases = case_policy.instances_user_has_any_permission_for(
            self.request.user, ["view"]
        )
        return supervision.yellow_cases(self.today, cases).select_related("site")

    @cached_property
    def chosen_site(self):
        valid = self.filters and self.filters.is_valid()
        return valid and self.filters.form.cleaned_data.get("site")

    def filter_queryset(self, queryset):
        if not self.is_export:
            return super().filter_queryset(queryset)
        return queryset.filter(site=self.chosen_site) if self.chosen_site else queryset

    def render_to_response(self, context, **response_kwargs):
        if not self.is_export:
            return super().render_to_response(context, **response_kwargs)
        audit.record("disclosure.approvals_supervision_export",
                     user=self.request.user, request=self.request)  # fmt: skip
        yellow = self.filter_queryset(self.yellow_cases())
        rows = itertools.chain(
            context["object_list"], yellow.order_by("site_id", "promised_due", "pk")
        )
        return self.as_spreadsheet(rows, self.request.GET["export"])

    def get_filename(self):
        return f"dzjc-{self.today:%Y%m%d}"

    def write_xlsx(self, queryset, output):
        # Wagtail names the sheet "Sheet1"; supervisors know it as 电子监察.
        buffer = io.BytesIO()
        super().write_xlsx(queryset, buffer)
        workbook = load_workbook(buffer)
        workbook.worksheets[0].title = "电子监察"
        workbook.save(output)

    def to_row_dict(self, item):
        if isinstance(item, ApprovalCase):
            cells = ["黄灯", f"距承诺期限不超过{supervision.yellow_days()}个工作日",
                     item.site.site_name, item.case_number, item.item_name,
                     item.party_display, item.promised_due.isoformat(),
                     item.get_state_display(), self.today.isoformat(), "", "", ""]  # fmt: skip
        else:
            target, disposition = item.case or item.decision, disposition_of(item)
            if item.case:
                row = [target.case_number, target.item_name, target.party_display,
                       target.promised_due.isoformat(), target.get_state_display()]  # fmt: skip
            else:
                row = [target.document_number, target.document_title,
                       target.party_display, target.publish_due.isoformat(),
                       target.get_status_display()]  # fmt: skip
            cells = ["红灯（已处置）" if disposition else "红灯",
                     item.get_reason_display(), item.site.site_name, *row,
                     item.raised_on.isoformat(),
                     disposition.by.get_username() if disposition else "",
                     _date(disposition.at) if disposition else "",
                     disposition.text if disposition else ""]  # fmt: skip
        return dict(zip(self.list_export, map(safe_cell, cells), strict=True))


class DispositionForm(forms.Form):
    text = forms.CharField(
        label="处置意见", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        help_text="写明核查情况、责任部门的说明和处理结果。处置记录保存后不能修改或删除。",
    )  # fmt: skip


class AlertView(ScopedMixin, InspectView):
    """One red alert with its record's history; supervisors dispose of it here."""

    fields = ["reason"]

    def get_object(self, queryset=None):
        if not self.user_has_permission("view"):
            raise PermissionDenied
        related = self.scoped().select_related("site", "case", "decision")
        return get_object_or_404(related, pk=self.pk)

    @cached_property
    def can_dispose(self):
        allowed = alert_policy.user_has_permission_for_instance(
            self.request.user, DISPOSE, self.object
        )
        return allowed and disposition_of(self.object) is None

    def post(self, request, *args, **kwargs):
        if not self.can_dispose:
            raise PermissionDenied
        form = DispositionForm(request.POST)
        if form.is_valid():
            try:
                supervision.dispose(self.object, request.user,
                                    form.cleaned_data["text"], request)  # fmt: skip
            except supervision.DispositionError as error:
                form.add_error("text", str(error))
            else:
                messages.success(request, "处置意见已记录，该红灯已消除。")
                return redirect("approvals_supervision:inspect", self.object.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, form=None, **kwargs):
        alert = self.object
        if alert.case_id:
            events = ApprovalCaseEvent.objects.filter(case_id=alert.case_id)
            events = events.select_related("actor")
        else:
            events = DecisionEvent.objects.filter(decision_id=alert.decision_id)
        others = SupervisionAlert.objects.filter(
            case_id=alert.case_id, decision_id=alert.decision_id
        )
        return super().get_context_data(
            alert=alert,
            target=alert.case or alert.decision,
            events=list(events),
            form=form or (DispositionForm() if self.can_dispose else None),
            disposition=disposition_of(alert),
            other_alerts=list(
                others.exclude(pk=alert.pk).select_related("disposition")
            ),
            **kwargs,
        )


class CaseView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """One case with its signal, its whole history and its red alerts (any state)."""

    permission_policy = case_policy
    permission_required = "view"
    template_name = TEMPLATES + "case_detail.html"

    def get_context_data(self, **kwargs):
        cases = case_policy.instances_user_has_any_permission_for(
            self.request.user, ["view"]
        ).select_related("site")
        case = get_object_or_404(
            cases.defer("party_id_encrypted", "party_id_digest"), pk=kwargs["pk"]
        )
        today = timezone.localdate()
        return super().get_context_data(
            case=case,
            signal=supervision.case_signal(case, today),
            remaining=supervision.remaining_days(case, today),
            events=list(case.events.select_related("actor")),
            alerts=list(case.alerts.select_related("disposition__by")),
            **kwargs,
        )


class SupervisionViewSet(PolicyOnly, ModelViewSet):
    model = SupervisionAlert
    name = "approvals_supervision"
    url_prefix = "approvals/supervision"
    icon = "warning"
    menu_label = "电子监察"
    menu_order = 10
    index_view_class = SupervisionIndexView
    inspect_view_class = AlertView
    inspect_view_enabled = True
    copy_view_enabled = False
    index_template_name = TEMPLATES + "supervision_list.html"
    index_results_template_name = TEMPLATES + "supervision_results.html"
    inspect_template_name = TEMPLATES + "alert_detail.html"

    def get_urlpatterns(self):
        # Alerts are raised by the system and never edited or deleted: the list,
        # the alert (with its disposition) and the case page are all there is.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("case/<int:pk>/", CaseView.as_view(), name="case"),
        ]
