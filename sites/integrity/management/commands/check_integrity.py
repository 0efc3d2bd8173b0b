"""``manage.py check_integrity``: compare stored content, files and served pages
with what was published; alarm, audit and restore (R77). Run it from cron."""

from django.core.management.base import BaseCommand

from sites.audit import record as audit
from sites.integrity.checking import check_integrity
from sites.integrity.recording import record_everything


class Command(BaseCommand):
    help = "防篡改检测：比对发布时记录的页面和文件哈希，发现篡改即告警并恢复。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--baseline",
            action="store_true",
            help="为全部已发布页面和文件重新建立基准（首次部署或升级后运行一次）",
        )
        parser.add_argument(
            "--no-restore", action="store_true", help="只告警，不自动恢复"
        )
        parser.add_argument(
            "--render-seconds",
            type=float,
            default=None,
            help="本次最多用多少秒重新生成页面（最久未比对的优先，下次接着比对）；"
            "存储内容和文件每次都全部比对",
        )

    def handle(self, *args, baseline=False, no_restore=False, **options):
        render_seconds = options.get("render_seconds")
        if baseline:
            count = record_everything()
            audit("integrity.baseline", count=count)
            self.stdout.write(f"已记录 {count} 个页面和文件的哈希。")
            return
        report = check_integrity(restore=not no_restore, render_seconds=render_seconds)
        for alarm in report.alarms:
            self.stderr.write(
                f"篡改告警：{alarm.get_kind_display()} {alarm.url} "
                f"发布时 {alarm.expected_sha256} 检测到 {alarm.found_sha256}"
                + ("（已恢复）" if alarm.restored else "（未恢复）")
            )
        self.stdout.write(
            f"检查 {report.checked} 项（重新生成页面 {report.rendered} 个）："
            f"告警 {len(report.alarms)} 处，"
            f"恢复 {report.restored} 处，合法变更后重新记录 {report.rerecorded} 处。"
        )
        if any(not alarm.restored for alarm in report.alarms):
            raise SystemExit(2)
