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
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from openpyxl import load_workbook
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from sites.desk_viewsets import PolicyOnly

from .. import supervision
from ..models import AlertReason, ApprovalCase, SupervisionAlert
from ..views import safe_cell
from .policy import (
    DISPOSE,
    TEMPLATES,
    CellColumn,
    ScopedMixin,
    SiteFilterSet,
    WhenColumn,
    case_policy,
    log,
    when,
)

SIGNALS = [
    ("red", "红灯（待处置）"),
    ("yellow", "黄灯（即将到期）"),
    ("disposed", "已处置的红灯"),
]
# The export's columns; the headings are the keys.
EXPORT = [
    "信号",
    "原因",
    "部门",
    "受理编号/文书号",
    "事项/决定",
    "申请人/行政相对人",
    "期限",
    "状态",
    "发现日期",
    "处置人",
    "处置时间",
    "处置意见",
]


class SignalFilterSet(SiteFilterSet):
    # The signal picks the rows (alerts or yellow cases) in the view itself.
    signal = django_filters.ChoiceFilter(
        label="信号", choices=SIGNALS, empty_label=None, method=lambda qs, *_: qs
    )
    reason = django_filters.ChoiceFilter(
        label="原因", choices=AlertReason.choices, empty_label="全部"
    )

    class Meta:
        model = SupervisionAlert
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if data and data.get("signal") == "yellow":
            del self.filters["reason"]


def record_cells(record) -> list:
    """Number, name, party, due day and state of a case or a decision."""
    if isinstance(record, ApprovalCase):
        number, name, due = record.case_number, record.item_name, record.promised_due
        state = record.get_state_display()
    else:
        number, name = record.document_number, record.document_title
        due, state = record.publish_due, record.get_status_display()
    return [number, name, record.party_display, f"{due}", state]


RED_COLUMNS = [
    WhenColumn("raised_on", label="发现日期"),
    Column("site", label="部门", accessor="site.site_name"),
    CellColumn("reason", label="原因"),
    CellColumn("record", label="记录"),
    CellColumn("disposition", label="处置"),
]
YELLOW_COLUMNS = [
    TitleColumn("case_number", label="受理编号", url_name="approvals_supervision:case"),
    Column("site", label="部门", accessor="site.site_name"),
    Column("item_name", label="事项"),
    WhenColumn("accepted_at", label="受理时间"),
    CellColumn("promised_due", label="承诺期限"),
    Column("state", label="状态", accessor="get_state_display"),
]


class SupervisionIndexView(ScopedMixin, IndexView):
    """红灯 (open or disposed) or 黄灯 by the 信号 filter. The export holds every
    red and yellow signal of the chosen 部门, as the link says."""

    filterset_class = SignalFilterSet
    page_title = "电子监察"
    paginate_by = 50
    no_results_message = "没有符合条件的记录。"
    list_export = EXPORT

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.today = timezone.localdate()
        signal = request.GET.get("signal")
        self.signal = signal if signal in dict(SIGNALS) else "red"
        self.columns = YELLOW_COLUMNS if self.signal == "yellow" else RED_COLUMNS

    def get_context_data(self, **kwargs):
        return super().get_context_data(yellow_days=supervision.yellow_days(), **kwargs)

    def get_base_queryset(self):
        ids = self.permission_policy.site_ids(self.request.user, "view")
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
        cases = case_policy.scope(self.request.user, ApprovalCase.objects.all())
        return supervision.yellow_cases(self.today, cases).select_related("site")

    def filter_queryset(self, queryset):
        if not self.is_export:
            return super().filter_queryset(queryset)
        site = self.filters.is_valid() and self.filters.form.cleaned_data.get("site")
        return queryset.filter(site=site) if site else queryset

    def as_spreadsheet(self, queryset, spreadsheet_format):
        log(self.request, "supervision_export")
        yellow = self.filter_queryset(self.yellow_cases())
        rows = itertools.chain(
            queryset, yellow.order_by("site_id", "promised_due", "pk")
        )
        return super().as_spreadsheet(rows, spreadsheet_format)

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
            signal = ["黄灯", f"距承诺期限不超过{supervision.yellow_days()}个工作日"]
            cells = [*signal, item.site.site_name, *record_cells(item), f"{self.today}"]
            cells += ["", "", ""]
        else:
            done = getattr(item, "disposition", None)
            signal = ["红灯（已处置）" if done else "红灯", item.get_reason_display()]
            record = record_cells(item.case or item.decision)
            cells = [*signal, item.site.site_name, *record, f"{item.raised_on}"]
            cells += (
                [done.by.get_username(), when(done.at), done.text]
                if done
                else ["", "", ""]
            )
        return dict(zip(EXPORT, map(safe_cell, cells), strict=True))


class DispositionForm(forms.Form):
    text = forms.CharField(
        label="处置意见",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="写明核查情况、责任部门的说明和处理结果。处置记录保存后不能修改或删除。",
    )


class AlertView(ScopedMixin, InspectView):
    """One red alert with its record's history; supervisors dispose of it here."""

    fields = ["reason"]

    def get_object(self, queryset=None):
        joined = SupervisionAlert.objects.select_related("site", "case", "decision")
        return super().get_object(joined if queryset is None else queryset)

    @cached_property
    def can_dispose(self):
        allowed = self.user_has_permission_for_instance(DISPOSE, self.object)
        return allowed and not hasattr(self.object, "disposition")

    def post(self, request, *args, **kwargs):
        if not self.can_dispose:
            raise PermissionDenied
        form = DispositionForm(request.POST)
        if form.is_valid():
            try:
                supervision.dispose(
                    self.object, request.user, form.cleaned_data["text"], request
                )
            except supervision.DispositionError as error:
                form.add_error("text", str(error))
            else:
                messages.success(request, "处置意见已记录，该红灯已消除。")
                return redirect("approvals_supervision:inspect", self.object.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, form=None, **kwargs):
        alert = self.object
        target = alert.case or alert.decision
        events = target.events.select_related("actor") if alert.case else target.events
        return super().get_context_data(
            alert=alert,
            disposition=getattr(alert, "disposition", None),
            events=list(events.all()),
            form=form or (DispositionForm() if self.can_dispose else None),
            other_alerts=list(
                target.alerts.exclude(pk=alert.pk).select_related("disposition")
            ),
            **kwargs,
        )


class CaseView(ScopedMixin, InspectView):
    """One case with its signal, its whole history and its red alerts (any state)."""

    model = ApprovalCase
    permission_policy = case_policy
    template_name = TEMPLATES + "case_detail.html"
    fields = ["case_number"]

    def get_object(self, queryset=None):
        cases = self.scoped().select_related("site")
        return super().get_object(cases.defer("party_id_encrypted", "party_id_digest"))

    def get_context_data(self, **kwargs):
        case, today = self.object, timezone.localdate()
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
