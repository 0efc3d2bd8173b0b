"""Getting data in: the file upload (整批导入) and the per-site API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.generic import FormView, View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site

from sites.desk_viewsets import PolicyOnly, SiteField, own_sites

from ..importing import FileError, import_rows, read_csv, read_xlsx, template_csv
from ..models import ImportToken
from ..records import HEADERS
from ..tokens import create_token, revoke
from .policy import (
    TEMPLATES,
    ScopedMixin,
    WhenColumn,
    case_policy,
    log,
    token_policy,
    when,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UploadForm(forms.Form):
    site = SiteField(queryset=Site.objects.none(), label="部门网站")
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
    page_title = "导入审批公示数据"

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
        return [
            path("", UploadView.as_view(), name="index"),
            path(
                "<str:kind>-template.csv",
                TemplateDownloadView.as_view(),
                name="template",
            ),
        ]


class StateColumn(Column):
    """停用 (a form, which needs the request) while active; the day it was, after."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if instance.revoked_at:
            day = when(timezone.localdate(instance.revoked_at))
            context["value"] = f"已停用（{day}）"
            return context
        context["value"] = format_html(
            '<form method="post" action="{}"><input type="hidden" '
            'name="csrfmiddlewaretoken" value="{}"><button type="submit" '
            'class="button button-small button-secondary">停用</button></form>',
            reverse("approvals_tokens:revoke", args=[instance.pk]),
            get_token(parent_context["request"]),
        )
        return context


def _created(token):
    by = token.created_by.get_username() if token.created_by else ""
    return f"{when(token.created_at)} {by}"


class TokenIndexView(ScopedMixin, IndexView):
    page_title = "导入接口令牌"
    no_results_message = "尚无令牌。"
    add_item_label = "新建令牌"
    columns = [
        Column("site", label="部门", accessor="site.site_name"),
        Column(
            "prefix",
            label="前缀",
            accessor=lambda t: format_html("<code>{}…</code>", t.prefix),
        ),
        Column("label", label="用途"),
        Column("created_at", label="创建", accessor=_created),
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

    page_title = "新建令牌"

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
