"""Rewrite the pages that change with the clock alone (run it from cron every
minute): a 信息报送 whose publication time has come, a consultation that opens
or closes. Scheduled publishing and expiry go through Wagtail's
``publish_scheduled``, whose signals queue their own pages."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sites.static_output import storage
from sites.static_output.clock import due_since
from sites.static_output.queue import enqueue, process_pending

STATE = ".clock"


class Command(BaseCommand):
    help = "重写随时间变化的页面（到点上线的报送稿件、开始或截止的意见征集）。"

    def handle(self, *args, **options):
        base = storage.root()
        if base is None:
            raise CommandError("未设置 STATIC_PAGES_ROOT，静态化发布未启用。")
        now = timezone.now()
        state = base / STATE
        try:
            since = datetime.datetime.fromisoformat(state.read_text().strip())
        except (FileNotFoundError, ValueError):
            since = now - datetime.timedelta(days=1)
        targets = due_since(since, now)
        enqueue(targets)
        outcome = process_pending(blocking=True)
        base.mkdir(parents=True, exist_ok=True)
        storage.write_atomic(state, now.isoformat().encode())
        self.stdout.write(
            f"到点页面 {len(targets)} 个地址；写入 {len(outcome.written)} 个，"
            f"删除 {len(outcome.removed)} 个。"
        )
