"""``manage.py security_report``: the 等保 level-3 self-check (issue #13 item 7).

Prints one line per software-checkable requirement of SECURITY.md §3 and exits
non-zero when any line is red (不符合).
"""

from django.core.management.base import BaseCommand, CommandError

from sites.admin_access.security_report import FAIL, LABELS, OK, WARN, report


class Command(BaseCommand):
    # Runs even while the system checks refuse (that is what it reports on).
    requires_system_checks = []
    help = "等保三级自查：逐项报告当前配置是否符合要求，有不符合项时以非零状态退出。"

    def handle(self, *args, **options):
        lines = report()
        styles = {OK: self.style.SUCCESS, WARN: self.style.WARNING,
                  FAIL: self.style.ERROR}  # fmt: skip
        for line in lines:
            self.stdout.write(
                styles[line.status](f"【{LABELS[line.status]}】")
                + f" {line.title}（{line.clause}）：{line.detail}"
            )
        failed = [line for line in lines if line.status == FAIL]
        counts = {s: sum(line.status == s for line in lines) for s in LABELS}
        self.stdout.write(
            f"共 {len(lines)} 项：通过 {counts[OK]}，注意 {counts[WARN]}，"
            f"不符合 {counts[FAIL]}。"
        )
        if failed:
            raise CommandError(
                "不符合等保三级要求：" + "、".join(line.title for line in failed)
            )
