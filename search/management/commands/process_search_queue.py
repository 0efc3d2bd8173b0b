"""Work off the queued index updates: once (cron, or after a repair), or as the
standing worker with ``--loop 1`` (SEARCH_QUEUE_ON_COMMIT="worker", production).
A busy writer lock is waited for, so nothing waits for the next round."""

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
            worked = outcome.updated or outcome.removed or outcome.failed
            if worked or not options["loop"]:  # a standing worker is quiet when idle
                self.stdout.write(
                    f"更新 {outcome.updated} 条，删除 {outcome.removed} 条，"
                    f"失败 {outcome.failed} 条，队列剩余 {left} 条。"
                )
            if not options["loop"]:
                return
            time.sleep(options["loop"])
