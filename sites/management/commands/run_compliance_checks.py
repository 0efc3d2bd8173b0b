"""Run every registered compliance check and store the run (for cron or a worker).

    python manage.py run_compliance_checks [--date 2026-11-26]

Each run is kept, so the dashboard (网站监管) compares it with the previous one.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from sites.compliance.runner import run_checks
from sites.models import RunTrigger


class Command(BaseCommand):
    help = "运行全部网站监管检查项并保存本次检查结果（供定时任务调用）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", default="", help="监测日期 YYYY-MM-DD，默认今天")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("监测日期格式应为 YYYY-MM-DD。") from exc
        run = run_checks(trigger=RunTrigger.SCHEDULE, today=today)
        failed = run.scores.filter(verdict="fail").count()
        self.stdout.write(
            f"监管检查完成：{run.site_count}个网站，{run.check_count}个检查项，"
            f"不合格网站{failed}个（检查编号{run.pk}）。"
        )
