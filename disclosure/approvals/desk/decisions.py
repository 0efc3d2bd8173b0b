"""双公示决定 desk (R63): the decisions of the sites a user manages, and 变更/撤销
of one — the day it happened and the public notice, withdrawn within 3 working days."""

from __future__ import annotations

import django_filters
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from sites.desk_viewsets import PolicyOnly, SiteFilter
from sites.widgets import DateInput

from ..models import Decision, DecisionEvent, DecisionKind, DecisionStatus
from ..records import clean_status_change
from .policy import TEMPLATES, ScopedMixin, SiteFilterSet, WhenColumn, log, when

# The list's columns and the export's, with their headings.
FIELDS = {
    "document_number": "决定文书号",
    "document_title": "决定文书名称",
    "get_kind_display": "类型",
    "site.site_name": "网站",
    "decided_on": "决定日期",
    "get_status_display": "公示状态",
    "status_changed_on": "变更/撤销日期",
}


class DecisionFilterSet(SiteFilterSet):
    kind = django_filters.ChoiceFilter(
        label="类型", choices=DecisionKind.choices, empty_label="全部"
    )
    status = django_filters.ChoiceFilter(
        label="公示状态", choices=DecisionStatus.choices, empty_label="全部"
    )
    site = SiteFilter(label="网站", queryset=None, empty_label="全部")

    class Meta:
        model = Decision
        fields = []


class DecisionIndexView(ScopedMixin, IndexView):
    page_title = "双公示决定"
    paginate_by = 50
    no_results_message = "暂无双公示决定。"
    filterset_class = DecisionFilterSet
    columns = [
        (WhenColumn if name.endswith("_on") else Column)(name, label=label)
        for name, label in FIELDS.items()
    ] + [
        Column(
            "change",
            label="操作",
            accessor=lambda d: format_html(
                '<a class="button button-small button-secondary" href="{}">变更/撤销</a>',
                reverse("approvals_decisions:edit", args=[d.pk]),
            ),
        ),
    ]

    def get_base_queryset(self):
        return self.scoped().select_related("site").order_by("-decided_on", "-pk")


class DecisionChangeForm(WagtailAdminModelForm):
    """变更 or 撤销 a published decision: when it happened and why (R63)."""

    status = forms.ChoiceField(
        label="公示状态",
        choices=[
            (DecisionStatus.CHANGED, "已变更"),
            (DecisionStatus.WITHDRAWN, "已撤销（含被确认违法、无效或被撤销）"),
        ],
    )
    status_changed_on = forms.DateField(
        label="变更/撤销决定日期",
        widget=DateInput(),
        help_text="原决定被变更、撤销或确认无效之日（复议决定、判决或本机关决定的日期）。"
        "须在此后3个工作日内撤回原公示并公开说明理由（行政处罚法第四十八条）。",
    )
    notice = forms.CharField(
        label="公开说明",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="在公示页面向公众说明变更或撤销的理由。",
    )

    class Meta:
        model = Decision
        fields = ["status", "status_changed_on", "notice"]

    def clean(self):
        cleaned = super().clean()
        cleaned["decided_on"] = self.instance.decided_on
        clean_status_change(self, cleaned)
        return cleaned


class DecisionChangeView(ScopedMixin, EditView):
    page_title = "变更/撤销双公示决定"

    def save_instance(self):
        decision, now = self.form.instance, timezone.now()
        decision.notice_at = now
        decision.save()
        old = DecisionStatus(self.form.initial["status"]).label
        DecisionEvent.objects.create(
            decision=decision,
            at=now,
            action="status",
            source="admin",
            note=f"{old} → {decision.get_status_display()}"
            f"（{when(decision.status_changed_on)}）：{decision.notice}",
        )
        log(
            self.request,
            "decision_status",
            decision,
            status=decision.status,
            status_changed_on=when(decision.status_changed_on),
        )
        return decision

    def get_success_message(self, instance=None):
        return f"已记录{self.object.get_status_display()}并公开说明。"

    def get_success_buttons(self):
        return []

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 422
        return response


class DecisionViewSet(PolicyOnly, ModelViewSet):
    model = Decision
    name = "approvals_decisions"
    url_prefix = "approvals/decisions"
    icon = "list-ul"
    menu_label = "双公示决定"
    menu_order = 25
    index_view_class = DecisionIndexView
    edit_view_class = DecisionChangeView
    copy_view_enabled = False
    index_template_name = TEMPLATES + "decision_list.html"
    edit_template_name = TEMPLATES + "decision_change.html"
    list_export = list(FIELDS)
    export_headings = FIELDS
    export_filename = "shuanggongshi"

    def get_form_class(self, for_update=False):
        return DecisionChangeForm
