"""Turn the spooled page views of closed days into per-site counts (R72)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sites.visits import flush_spool


class Command(BaseCommand):
    help = "统计访问量：把截至某日（默认昨天）的访问记录汇总为各网站每日访问量和独立用户数。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--through",
            help="统计到哪一天（YYYY-MM-DD，默认昨天；当天的记录在次日统计）。",
        )

    def handle(self, *args, through=None, **options):
        if through:
            try:
                day = datetime.date.fromisoformat(through)
            except ValueError as error:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{through}") from error
        else:
            day = timezone.localdate() - datetime.timedelta(days=1)
        for counted, sites in flush_spool(day).items():
            views = sum(v for v, _ in sites.values())
            self.stdout.write(
                f"{counted:%Y-%m-%d}：{len(sites)}个网站，访问{views}次。"
            )
