"""What the departments manage: the file upload (整批导入), the per-site API
tokens, and 变更/撤销 of their 双公示决定 (R63) — the day it happened and the
public notice, withdrawn within 3 working days."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views.generic import FormView, View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from sites.desk_viewsets import PolicyOnly, SiteField, SiteFilter, own_sites
from sites.widgets import DateInput

from ..importing import FileError, import_rows, read_csv, read_xlsx, template_csv
from ..models import Decision, DecisionKind, DecisionStatus, ImportToken
from ..records import HEADERS, clean_status_change
from ..tokens import create_token, revoke
from .policy import (
    TEMPLATES,
    CellColumn,
    ScopedMixin,
    SiteFilterSet,
    WhenColumn,
    case_policy,
    log,
    token_policy,
    when,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UploadForm(forms.Form):
    site = SiteField(queryset=None, label="部门网站")
    kind = forms.ChoiceField(
        label="数据类型",
        choices=[("cases", "办件公示"), ("decisions", "双公示（行政许可、行政处罚）")],
    )
    file = forms.FileField(
        label="数据文件", help_text="CSV（UTF-8 或 GB18030 编码）或 xlsx，不超过5MB。"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = own_sites(case_policy, user, "add")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("只接受 .csv 或 .xlsx 文件。")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过5MB，请拆分后分批上传。")
        return upload


class UploadView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    permission_policy = case_policy
    permission_required = "add"
    template_name = TEMPLATES + "upload.html"
    form_class = UploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data, report, file_error = form.cleaned_data, None, ""
        reader = read_xlsx if data["file"].name.lower().endswith(".xlsx") else read_csv
        try:
            rows = reader(data["kind"], data["file"].read())
        except FileError as error:
            file_error = str(error)
        else:
            user = self.request.user
            report = import_rows(
                data["site"], data["kind"], rows, source="upload", user=user
            )
            if report.ok:
                messages.success(self.request, report.summary)
        context = self.get_context_data(form=form, report=report, file_error=file_error)
        failed = (report and not report.ok) or file_error
        return self.render_to_response(context, status=422 if failed else 200)

    def get_context_data(self, **kwargs):
        headers = {kind: [label for label, _ in HEADERS[kind]] for kind in HEADERS}
        return super().get_context_data(headers=headers, **kwargs)


class TemplateDownloadView(UploadView):
    http_method_names = ["get"]

    def get(self, request, kind):
        if kind not in HEADERS:
            raise PermissionDenied
        disposition = f'attachment; filename="{kind}-template.csv"'
        return HttpResponse(
            template_csv(kind),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": disposition},
        )


class ManageItem(MenuItem):
    def is_shown(self, request):
        return case_policy.user_has_permission(request.user, "add")


class UploadViewSet(ViewSet):
    """A form, not a listing: a viewset for its URL namespace and menu item."""

    name = "approvals_upload"
    url_prefix = "approvals/upload"
    icon = "upload"
    menu_label = "导入数据"
    menu_order = 20
    menu_item_class = ManageItem

    def get_urlpatterns(self):
        template = TemplateDownloadView.as_view()
        return [
            path("", UploadView.as_view(), name="index"),
            path("<str:kind>-template.csv", template, name="template"),
        ]


class StateColumn(CellColumn):
    """停用 while active: a form, whose cell needs the CSRF token."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        return {**context, "csrf_token": get_token(parent_context["request"])}


class TokenIndexView(ScopedMixin, IndexView):
    no_results_message = "尚无令牌。"
    add_item_label = "新建令牌"
    columns = [
        Column("site", label="部门", accessor="site.site_name"),
        CellColumn("prefix", label="前缀"),
        Column("label", label="用途"),
        CellColumn("created_at", label="创建"),
        WhenColumn("last_used_at", label="最近使用"),
        StateColumn("revoked_at", label="状态"),
    ]

    def get_base_queryset(self):
        return self.scoped().select_related("site", "created_by")


class TokenForm(WagtailAdminModelForm):
    class Meta:
        model = ImportToken
        fields = ["site", "label"]
        field_classes = {"site": SiteField}
        help_texts = {"label": "例如：审批系统正式环境"}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["site"].queryset = own_sites(token_policy, for_user, "add")


class TokenCreateView(CreateView):
    """The new token is shown once, on this page; it is never stored in clear."""

    def form_valid(self, form):
        user, data = self.request.user, form.cleaned_data
        token, raw = create_token(data["site"], data["label"], user)
        log(self.request, "token_created", token)
        fresh = self.get_form_class()(for_user=user)
        return self.render_to_response(self.get_context_data(form=fresh, new_token=raw))


class TokenRevokeView(ScopedMixin, PermissionCheckedMixin, View):
    permission_policy = token_policy
    permission_required = scope_action = "revoke"

    def post(self, request, pk):
        token = self.get_object()
        revoke(token)
        log(request, "token_revoked", token)
        messages.success(request, f"令牌 {token.prefix}… 已停用。")
        return redirect("approvals_tokens:index")


class TokenViewSet(PolicyOnly, ModelViewSet):
    model = ImportToken
    name = "approvals_tokens"
    url_prefix = "approvals/tokens"
    icon = "key"
    menu_label = "接口令牌"
    menu_order = 30
    index_view_class = TokenIndexView
    add_view_class = TokenCreateView
    copy_view_enabled = False
    index_template_name = TEMPLATES + "tokens.html"
    create_template_name = TEMPLATES + "token_create.html"

    def get_urlpatterns(self):
        revoke_view = TokenRevokeView.as_view()
        return [
            *super().get_urlpatterns(),
            path("revoke/<int:pk>/", revoke_view, name="revoke"),
        ]

    def get_form_class(self, for_update=False):
        return TokenForm


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
        CellColumn("change", label="操作"),
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
    def save_instance(self):
        decision, now = self.form.instance, timezone.now()
        decision.notice_at = now
        decision.save()
        old = DecisionStatus(self.form.initial["status"]).label
        decision.events.create(
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
