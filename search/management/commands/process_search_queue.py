"""Work off the queued index updates (cron or a worker; the web processes do it
after each commit unless SEARCH_PROCESS_ON_COMMIT=0)."""

import time

from django.core.management.base import BaseCommand

from search.models import IndexTask
from search.queue import process_pending


class Command(BaseCommand):
    help = "处理待更新的检索索引任务（失败的任务保留，下次重试）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=float, default=0, help="每隔若干秒重复处理（作为常驻进程）"
        )

    def handle(self, *args, **options):
        while True:
            outcome = process_pending(blocking=True)
            left = IndexTask.objects.count()
            self.stdout.write(
                f"更新 {outcome.updated} 条，删除 {outcome.removed} 条，"
                f"失败 {outcome.failed} 条，队列剩余 {left} 条。"
            )
            if not options["loop"]:
                return
            time.sleep(options["loop"])
