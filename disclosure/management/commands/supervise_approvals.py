"""Pin today's red 电子监察 signals (run daily from cron or a worker, R65).

A red signal is also pinned when supervisors open their list and before each
import; the daily run makes sure none goes unrecorded in between.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from disclosure.approvals.supervision import pin_red_signals


class Command(BaseCommand):
    help = "记录电子监察红灯（超期办件、逾期公示），供监督员处置。"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按指定日期计算（YYYY-MM-DD），用于补记。")

    def handle(self, *args, today=None, **options):
        day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        count = pin_red_signals(None, day)
        self.stdout.write(f"新记录红灯 {count} 个。")
