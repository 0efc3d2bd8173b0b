"""双公示决定 desk (R63): the decisions of the sites a user manages, and 变更/撤销
of one — the day it happened and the public notice, withdrawn within 3 working days."""

from __future__ import annotations

import django_filters
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from sites import audit
from sites.desk_viewsets import PolicyOnly, SiteFilter
from sites.widgets import DateInput

from ...models import Decision, DecisionEvent, DecisionKind, DecisionStatus
from ..records import clean_status_change
from .policy import ScopedMixin, decision_policy

TEMPLATES = "disclosure/approvals/admin/"


class DecisionFilterSet(WagtailFilterSet):
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

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        SiteFilter.limit(self, decision_policy.site_ids(request.user, "view"))


def _day(value) -> str:
    return f"{value:%Y-%m-%d}" if value else "—"


class DecisionIndexView(ScopedMixin, IndexView):
    page_title = "双公示决定"
    paginate_by = 50
    no_results_message = "暂无双公示决定。"
    filterset_class = DecisionFilterSet
    columns = [
        Column("document_number", label="决定文书号"),
        Column("document_title", label="决定文书名称"),
        Column("kind", label="类型", accessor="get_kind_display"),
        Column("site", label="网站", accessor="site.site_name"),
        Column("decided_on", label="决定日期", accessor=lambda d: _day(d.decided_on)),
        Column("status", label="公示状态", accessor="get_status_display"),
        Column("status_changed_on", label="变更/撤销日期",
               accessor=lambda d: _day(d.status_changed_on)),
        Column("change", label="操作", accessor=lambda d: format_html(
            '<a class="button button-small button-secondary" href="{}">变更/撤销</a>',
            reverse("approvals_decisions:edit", args=[d.pk]))),
    ]  # fmt: skip

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
        label="公开说明", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="在公示页面向公众说明变更或撤销的理由。",
    )  # fmt: skip

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

    def get_object(self, queryset=None):
        decision = super().get_object(queryset)
        self.old_status = DecisionStatus(decision.status).label
        return decision

    def save_instance(self):
        decision, data, now = self.form.instance, self.form.cleaned_data, timezone.now()
        decision.notice_at = now
        decision.save()
        DecisionEvent.objects.create(
            decision=decision, at=now, action="status", source="admin",
            note=f"{self.old_status} → {decision.get_status_display()}"
            f"（{data['status_changed_on']:%Y-%m-%d}）：{data['notice']}",
        )  # fmt: skip
        audit.record(
            "disclosure.approvals_decision_status", user=self.request.user,
            site=decision.site, obj=decision, title=str(decision), request=self.request,
            status=decision.status,
            status_changed_on=f"{decision.status_changed_on:%Y-%m-%d}",
        )  # fmt: skip
        return decision

    def get_context_data(self, **kwargs):
        return super().get_context_data(decision=self.object, **kwargs)

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
    list_export = ["document_number", "document_title", "kind", "site",
                   "decided_on", "status", "status_changed_on"]  # fmt: skip
    export_headings = {"document_number": "决定文书号", "document_title": "决定文书名称",
                       "kind": "类型", "site": "网站", "decided_on": "决定日期",
                       "status": "公示状态", "status_changed_on": "变更/撤销日期"}  # fmt: skip
    export_filename = "shuanggongshi"

    def get_form_class(self, for_update=False):
        return DecisionChangeForm
