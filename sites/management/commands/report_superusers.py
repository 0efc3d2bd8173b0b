"""``manage.py report_superusers``: list superuser accounts (三员分立, R75).

Exits non-zero when there is one, so that a deployment script or cron job
notices. ``--demote`` removes the superuser flag (audited); the three
administrators' roles cover what a superuser was used for.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sites.audit import record


class Command(BaseCommand):
    # Runs even while the system checks refuse (that is what it reports on).
    requires_system_checks = []
    help = "列出超级用户账号；有则以非零状态退出。--demote 取消其超级用户身份（记入审计日志）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--demote", action="store_true", help="取消所有超级用户的超级用户身份"
        )

    def handle(self, *args, **options):
        users = list(get_user_model().objects.filter(is_superuser=True))
        if not users:
            self.stdout.write(self.style.SUCCESS("没有超级用户。"))
            return
        for user in users:
            state = "启用" if user.is_active else "停用"
            self.stdout.write(f"超级用户：{user.get_username()}（{state}）")
        if options["demote"]:
            for user in users:
                user.is_superuser = False
                user.save(update_fields=["is_superuser"])
                record(
                    "cluster.superuser_demoted",
                    obj=user,
                    username="manage.py report_superusers",
                )
            self.stdout.write(
                self.style.SUCCESS(f"已取消 {len(users)} 个账号的超级用户身份。")
            )
            return
        raise CommandError(
            f"共有 {len(users)} 个超级用户。生产环境不允许超级用户（三员分立），"
            "请用 --demote 取消，并为其分配系统管理员、安全管理员或审计管理员角色。"
        )
