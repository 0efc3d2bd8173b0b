"""The audit log in the admin: for the 审计管理员 and supervisors only (R75)."""

import datetime

import django_filters
from django.utils import timezone
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.models import Site

from .audit import record
from .audit_labels import action_label
from .models import AuditEvent

AUDIT_PERMISSION = "sites.view_auditevent"


def action_choices():
    used = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    return sorted(((a, action_label(a)) for a in used), key=lambda c: c[1])


class AuditEventFilterSet(WagtailFilterSet):
    username = django_filters.CharFilter(label="用户名", lookup_expr="icontains")
    action = django_filters.ChoiceFilter(label="操作", choices=action_choices)
    site = django_filters.ModelChoiceFilter(
        label="网站", queryset=Site.objects.order_by("site_name")
    )
    timestamp = django_filters.DateFromToRangeFilter(
        label="日期", widget=DateRangePickerWidget
    )
    object_title = django_filters.CharFilter(label="对象名称", lookup_expr="icontains")

    class Meta:
        model = AuditEvent
        fields = ["username", "action", "site", "timestamp", "object_title"]


class ActionColumn(Column):
    def get_value(self, instance):
        return instance.action_label


class TimeColumn(Column):
    """Absolute local time (2026-12-07 14:03): an audit trail is read later, when
    "3 分钟前" means nothing."""

    def get_value(self, instance):
        return f"{timezone.localtime(instance.timestamp):%Y-%m-%d %H:%M}"


class ActorColumn(Column):
    def get_value(self, instance):
        return instance.actor_name


class AuditLogView(ReportView):
    page_title = "审计日志"
    header_icon = "history"
    model = AuditEvent
    filterset_class = AuditEventFilterSet
    index_url_name = "sites_audit_log"
    index_results_url_name = "sites_audit_log_results"
    paginate_by = 50
    columns = [
        TimeColumn("timestamp", label="时间"),
        ActorColumn("username", label="用户"),
        ActionColumn("action", label="操作"),
        Column("site", label="网站"),
        Column("object_title", label="对象"),
        Column("ip_address", label="IP地址"),
    ]
    list_export = ["timestamp", "username", "action", "actor_name", "site", "object_type",
                   "object_id", "object_title", "ip_address"]  # fmt: skip
    export_headings = {
        "timestamp": "时间", "username": "用户", "action": "操作", "actor_name": "姓名",
        "site": "网站",
        "object_type": "对象类型", "object_id": "对象编号", "object_title": "对象名称",
        "ip_address": "IP地址",
    }  # fmt: skip

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        if not request.user.has_perm(AUDIT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return AuditEvent.objects.select_related("site", "user").order_by(
            "-timestamp", "-pk"
        )

    def get_filename(self):
        return f"audit-log-{datetime.date.today():%Y-%m-%d}"

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["timestamp"] = f"{timezone.localtime(item.timestamp):%Y-%m-%d %H:%M:%S}"
        row["action"] = action_label(item.action)
        row["site"] = item.site.site_name if item.site else ""
        return row

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            # Exporting the log is itself an audited action.
            record(
                "cluster.audit_export",
                user=self.request.user,
                request=self.request,
                format=self.request.GET.get("export", ""),
                filters={k: v for k, v in self.request.GET.items() if k != "export"},
            )
        return super().render_to_response(context, **response_kwargs)
