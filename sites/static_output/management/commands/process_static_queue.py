"""Work off the queued static-page rewrites (the standing writer of the
production profile; web processes also kick it after each commit)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from sites.static_output import storage
from sites.static_output.models import StaticPageTask
from sites.static_output.queue import process_pending


class Command(BaseCommand):
    help = "处理待更新的静态页面任务（失败的任务保留，下次重试）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=float, default=0, help="每隔若干秒重复处理（作为常驻进程）"
        )

    def handle(self, *args, **options):
        if not storage.enabled():
            raise CommandError("未设置 STATIC_PAGES_ROOT，静态化发布未启用。")
        while True:
            close_old_connections()
            outcome = process_pending(blocking=True)
            if not options["loop"] or outcome.written or outcome.removed:
                self.stdout.write(
                    f"写入 {len(outcome.written)} 个，删除 {len(outcome.removed)} 个，"
                    f"未变 {outcome.unchanged} 个，失败 {outcome.failed} 个，"
                    f"队列剩余 {StaticPageTask.objects.count()} 个。"
                )
            if not options["loop"]:
                return
            time.sleep(options["loop"])
