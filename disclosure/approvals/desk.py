"""Admin views: file upload, API tokens, and the 电子监察 list for supervisors.

Who sees what:
* 站点管理员 of a site upload files and manage tokens for their own site, and see
  its yellow and red signals;
* 集群管理员 (``manage_all_approvals``) do so for every site;
* 监督员 (``supervise_approvals``) see every site's signals and alone record
  dispositions that close a red signal.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.models import Site

from sites import audit
from sites.services.site_roles import SiteRole, site_roles
from sites.widgets import DateInput

from ..models import (
    AlertReason,
    ApprovalCase,
    ApprovalCaseEvent,
    Decision,
    DecisionEvent,
    DecisionStatus,
    ImportToken,
    SupervisionAlert,
)
from . import supervision
from .importing import FileError, import_rows, read_csv, read_xlsx, template_csv
from .records import HEADERS
from .tokens import create_token, revoke
from .views import safe_cell

PER_PAGE = 50
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
KIND_CHOICES = [("cases", "办件公示"), ("decisions", "双公示（行政许可、行政处罚）")]


def is_supervisor(user) -> bool:
    return user.is_superuser or user.has_perm("disclosure.supervise_approvals")


def managed_site_ids(user) -> set[int] | None:
    """Sites whose imports ``user`` manages; ``None`` means every site."""
    if user.is_superuser or user.has_perm("disclosure.manage_all_approvals"):
        return None
    return site_roles.site_ids(user, SiteRole.SITE_ADMIN)


def visible_site_ids(user) -> set[int] | None:
    """Sites whose signals ``user`` sees; ``None`` means every site."""
    if is_supervisor(user):
        return None
    return managed_site_ids(user)


def may_manage(user) -> bool:
    managed = managed_site_ids(user)
    return managed is None or bool(managed)


def access(user) -> tuple[bool, bool]:
    """(may watch, may manage) with at most one look-up of the user's site roles."""
    if not user.is_authenticated:
        return False, False
    every = user.is_superuser or user.has_perm("disclosure.manage_all_approvals")
    if every:
        return True, True
    own = bool(site_roles.site_ids(user, SiteRole.SITE_ADMIN))
    return is_supervisor(user) or own, own


def may_watch(user) -> bool:
    visible = visible_site_ids(user)
    return visible is None or bool(visible)


def _sites(ids):
    sites = Site.objects.order_by("pk")
    return sites if ids is None else sites.filter(pk__in=ids)


def _limit(queryset, ids, field="site_id"):
    return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})


# 电子监察 ---------------------------------------------------------------------


def supervision_list(request):
    user = request.user
    if not may_watch(user):
        raise PermissionDenied
    ids = visible_site_ids(user)
    today = timezone.localdate()
    # What is red today stays red (pinned) until a supervisor disposes of it.
    supervision.pin_red_signals(None if ids is None else list(ids), today)
    signal = request.GET.get("signal", "red")
    site_id = request.GET.get("site", "")
    sites = list(_sites(ids))
    if site_id and not any(str(s.pk) == site_id for s in sites):
        site_id = ""
    context = {
        "signal": signal,
        "sites": sites if len(sites) > 1 else [],
        "site_id": site_id,
        "today": today,
        "yellow_days": supervision.yellow_days(),
        "reasons": AlertReason.choices,
        "reason": request.GET.get("reason", ""),
    }
    if signal == "yellow":
        cases = _limit(supervision.yellow_cases(today), ids).select_related("site")
        if site_id:
            cases = cases.filter(site_id=site_id)
        page_obj = Paginator(cases.order_by("promised_due", "pk"), PER_PAGE).get_page(
            request.GET.get("p")
        )
        context.update(page_obj=page_obj, rows=list(page_obj.object_list))
    else:
        alerts = _limit(SupervisionAlert.objects.all(), ids).select_related(
            "site", "case", "decision", "disposition__by"
        )
        alerts = alerts.filter(disposition__isnull=signal != "disposed")
        if site_id:
            alerts = alerts.filter(site_id=site_id)
        if context["reason"] in AlertReason.values:
            alerts = alerts.filter(reason=context["reason"])
        page_obj = Paginator(alerts.order_by("raised_on", "pk"), PER_PAGE).get_page(
            request.GET.get("p")
        )
        context.update(page_obj=page_obj, rows=list(page_obj.object_list))
    return render(request, "disclosure/approvals/admin/supervision_list.html", context)


def case_detail(request, pk: int):
    """One case with its signal, its whole history and its red alerts (any state)."""
    user = request.user
    if not may_watch(user):
        raise PermissionDenied
    ids = visible_site_ids(user)
    case = get_object_or_404(
        _limit(ApprovalCase.objects.select_related("site"), ids).defer(
            "party_id_encrypted", "party_id_digest"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    return render(
        request,
        "disclosure/approvals/admin/case_detail.html",
        {
            "case": case,
            "signal": supervision.case_signal(case, today),
            "remaining": supervision.remaining_days(case, today),
            "events": list(case.events.select_related("actor")),
            "alerts": list(case.alerts.select_related("disposition__by")),
        },
    )


EXPORT_HEADER = ["信号", "原因", "部门", "受理编号/文书号", "事项/决定", "申请人/行政相对人",
                 "期限", "状态", "发现日期", "处置人", "处置时间", "处置意见"]  # fmt: skip


def supervision_export(request):
    """The red (open and disposed) and yellow lists as one xlsx, masked like the pages."""
    from openpyxl import Workbook

    user = request.user
    if not may_watch(user):
        raise PermissionDenied
    ids = visible_site_ids(user)
    today = timezone.localdate()
    supervision.pin_red_signals(None if ids is None else list(ids), today)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("电子监察")
    sheet.append(EXPORT_HEADER)
    alerts = _limit(SupervisionAlert.objects.all(), ids).select_related(
        "site", "case", "decision", "disposition__by"
    )
    for alert in alerts.order_by("site_id", "raised_on", "pk"):
        target = alert.case or alert.decision
        disposition = (
            getattr(alert, "disposition", None) if hasattr_disposition(alert) else None
        )
        if alert.case:
            row = [target.case_number, target.item_name, target.party_display,
                   target.promised_due.isoformat(), target.get_state_display()]  # fmt: skip
        else:
            row = [target.document_number, target.document_title, target.party_display,
                   target.publish_due.isoformat(), target.get_status_display()]  # fmt: skip
        sheet.append([safe_cell(cell) for cell in [
            "红灯（已处置）" if disposition else "红灯", alert.get_reason_display(),
            alert.site.site_name, *row, alert.raised_on.isoformat(),
            disposition.by.get_username() if disposition else "",
            timezone.localtime(disposition.at).strftime("%Y-%m-%d %H:%M")
            if disposition else "",
            disposition.text if disposition else "",
        ]])  # fmt: skip
    yellow = _limit(supervision.yellow_cases(today), ids).select_related("site")
    for case in yellow.order_by("site_id", "promised_due", "pk"):
        sheet.append([safe_cell(cell) for cell in [
            "黄灯", f"距承诺期限不超过{supervision.yellow_days()}个工作日",
            case.site.site_name, case.case_number, case.item_name, case.party_display,
            case.promised_due.isoformat(), case.get_state_display(), today.isoformat(),
            "", "", "",
        ]])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    from sites import audit

    audit.record("disclosure.approvals_supervision_export", user=user, request=request)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="dzjc-{today:%Y%m%d}.xlsx"'
    return response


class DispositionForm(forms.Form):
    text = forms.CharField(
        label="处置意见", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        help_text="写明核查情况、责任部门的说明和处理结果。处置记录保存后不能修改或删除。",
    )  # fmt: skip


def alert_detail(request, pk: int):
    user = request.user
    if not may_watch(user):
        raise PermissionDenied
    ids = visible_site_ids(user)
    alert = get_object_or_404(
        _limit(
            SupervisionAlert.objects.select_related("site", "case", "decision"), ids
        ),
        pk=pk,
    )
    can_dispose = is_supervisor(user) and not hasattr_disposition(alert)
    form = DispositionForm(request.POST or None) if can_dispose else None
    if request.method == "POST":
        if not can_dispose:
            raise PermissionDenied
        if form.is_valid():
            try:
                supervision.dispose(alert, user, form.cleaned_data["text"], request)
            except supervision.DispositionError as error:
                form.add_error("text", str(error))
            else:
                messages.success(request, "处置意见已记录，该红灯已消除。")
                return redirect("approvals_alert_detail", alert.pk)
    if alert.case_id:
        events = ApprovalCaseEvent.objects.filter(case_id=alert.case_id).select_related(
            "actor"
        )
    else:
        events = DecisionEvent.objects.filter(decision_id=alert.decision_id)
    return render(
        request,
        "disclosure/approvals/admin/alert_detail.html",
        {
            "alert": alert,
            "target": alert.case or alert.decision,
            "events": list(events),
            "form": form,
            "disposition": getattr(alert, "disposition", None)
            if hasattr_disposition(alert)
            else None,
            "other_alerts": list(
                SupervisionAlert.objects.filter(
                    case_id=alert.case_id, decision_id=alert.decision_id
                )
                .exclude(pk=alert.pk)
                .select_related("disposition")
            ),
        },
    )


def hasattr_disposition(alert) -> bool:
    from ..models import SupervisionDisposition

    try:
        return alert.disposition is not None
    except SupervisionDisposition.DoesNotExist:
        return False


# Upload -----------------------------------------------------------------------


class UploadForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label="部门网站")
    kind = forms.ChoiceField(choices=KIND_CHOICES, label="数据类型")
    file = forms.FileField(
        label="数据文件", help_text="CSV（UTF-8 或 GB18030 编码）或 xlsx，不超过5MB。"
    )

    def __init__(self, *args, site_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = _sites(site_ids)
        self.fields["site"].label_from_instance = lambda site: site.site_name

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError("只接受 .csv 或 .xlsx 文件。")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过5MB，请拆分后分批上传。")
        return upload


def upload(request):
    user = request.user
    if not may_manage(user):
        raise PermissionDenied
    ids = managed_site_ids(user)
    form = UploadForm(request.POST or None, request.FILES or None, site_ids=ids)
    report = None
    file_error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = data["file"].read()
        reader = read_xlsx if data["file"].name.lower().endswith(".xlsx") else read_csv
        try:
            rows = reader(data["kind"], content)
        except FileError as error:
            file_error = str(error)
        else:
            report = import_rows(
                data["site"], data["kind"], rows, source="upload", user=user
            )
            if report.ok:
                messages.success(request, report.summary)
    return render(
        request,
        "disclosure/approvals/admin/upload.html",
        {
            "form": form,
            "report": report,
            "file_error": file_error,
            "headers": {
                kind: [label for label, _ in HEADERS[kind]] for kind in HEADERS
            },
            "kinds": KIND_CHOICES,
        },
        status=422 if (report and not report.ok) or file_error else 200,
    )


def upload_template(request, kind: str):
    if not may_manage(request.user):
        raise PermissionDenied
    if kind not in HEADERS:
        raise PermissionDenied
    response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
    return response


# Tokens -----------------------------------------------------------------------


class TokenForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label="部门网站")
    label = forms.CharField(
        label="用途说明", max_length=100, help_text="例如：审批系统正式环境"
    )

    def __init__(self, *args, site_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = _sites(site_ids)
        self.fields["site"].label_from_instance = lambda site: site.site_name


def tokens(request):
    user = request.user
    if not may_manage(user):
        raise PermissionDenied
    ids = managed_site_ids(user)
    form = TokenForm(request.POST or None, site_ids=ids)
    new_token = None
    if request.method == "POST" and form.is_valid():
        token, new_token = create_token(
            form.cleaned_data["site"], form.cleaned_data["label"], user
        )
        from sites import audit

        audit.record(
            "disclosure.approvals_token_created", user=user, site=token.site,
            obj=token, request=request,
        )  # fmt: skip
        form = TokenForm(site_ids=ids)
    listing = _limit(ImportToken.objects.select_related("site", "created_by"), ids)
    return render(
        request,
        "disclosure/approvals/admin/tokens.html",
        {"form": form, "tokens": list(listing), "new_token": new_token},
    )


@require_POST
def token_revoke(request, pk: int):
    user = request.user
    if not may_manage(user):
        raise PermissionDenied
    token = get_object_or_404(
        _limit(ImportToken.objects.all(), managed_site_ids(user)), pk=pk
    )
    revoke(token)
    from sites import audit

    audit.record(
        "disclosure.approvals_token_revoked", user=user, site=token.site, obj=token,
        request=request,
    )  # fmt: skip
    messages.success(request, f"令牌 {token.prefix}… 已停用。")
    return redirect("approvals_tokens")


# 双公示 decisions: 变更/撤销 (R63) ------------------------------------------------


def decision_list(request):
    """The decisions of the sites ``request.user`` manages, newest first."""
    user = request.user
    if not may_manage(user):
        raise PermissionDenied
    decisions = _limit(
        Decision.objects.select_related("site").order_by("-decided_on", "-pk"),
        managed_site_ids(user),
    )
    page = Paginator(decisions, PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request,
        "disclosure/approvals/admin/decision_list.html",
        {"page": page, "decisions": list(page.object_list)},
    )


class DecisionChangeForm(forms.Form):
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

    def __init__(self, *args, decision=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision

    def clean(self):
        from .records import clean_status_change

        cleaned = super().clean()
        cleaned["decided_on"] = self.decision.decided_on
        clean_status_change(self, cleaned)
        return cleaned


def decision_change(request, pk: int):
    user = request.user
    if not may_manage(user):
        raise PermissionDenied
    decision = get_object_or_404(
        _limit(Decision.objects.select_related("site"), managed_site_ids(user)), pk=pk
    )
    initial = {
        "status": decision.status if decision.status != DecisionStatus.VALID else "",
        "status_changed_on": decision.status_changed_on,
        "notice": decision.notice,
    }
    form = DecisionChangeForm(request.POST or None, initial=initial, decision=decision)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        now = timezone.now()
        old = DecisionStatus(decision.status).label
        decision.status = data["status"]
        decision.status_changed_on = data["status_changed_on"]
        decision.notice = data["notice"]
        decision.notice_at = now
        decision.save()
        DecisionEvent.objects.create(
            decision=decision, at=now, action="status", source="admin",
            note=f"{old} → {decision.get_status_display()}"
            f"（{data['status_changed_on']:%Y-%m-%d}）：{data['notice']}",
        )  # fmt: skip
        audit.record(
            "disclosure.approvals_decision_status", user=user, site=decision.site,
            obj=decision, title=str(decision), request=request,
            status=decision.status,
            status_changed_on=f"{decision.status_changed_on:%Y-%m-%d}",
        )  # fmt: skip
        messages.success(request, f"已记录{decision.get_status_display()}并公开说明。")
        return redirect("approvals_decisions")
    return render(
        request,
        "disclosure/approvals/admin/decision_change.html",
        {"decision": decision, "form": form},
        status=422 if form.errors else 200,
    )
