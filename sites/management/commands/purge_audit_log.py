"""``manage.py purge_audit_log``: drop audit events past the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sites.models import AuditEvent

MINIMUM_DAYS = 180  # 《网络安全法》: network logs are kept at least six months (R73)


class Command(BaseCommand):
    help = "删除超过保存期限的审计日志（保存期限不得少于180天）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=getattr(settings, "AUDIT_LOG_RETENTION_DAYS", 365),
            help="保留最近多少天的日志（不少于180天）",
        )

    def handle(self, *args, **options):
        days = options["days"]
        if days < MINIMUM_DAYS:
            raise CommandError(
                f"审计日志至少保存{MINIMUM_DAYS}天，不能设置为{days}天。"
            )
        cutoff = timezone.now() - timezone.timedelta(days=days)
        removed = AuditEvent.objects.purge_older_than(cutoff)
        self.stdout.write(f"已删除 {cutoff:%Y-%m-%d} 之前的审计日志 {removed} 条。")
