"""Count page views from nginx's access log (production profile, R72).

Static pages are served by nginx and never reach the application; nginx logs
them in the ``cluster`` format of deploy/nginx.conf.template. Run daily after
midnight (e.g. on the log rotated by logrotate): days before today are counted
once; today is left for the next run.
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sites.visits import ACCESS_LOG, read_access_log, store_counts


class Command(BaseCommand):
    help = "从 nginx 访问日志统计各网站每日访问量和独立用户数（不保存 IP 地址）。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="访问日志文件（可多个）。")
        parser.add_argument(
            "--through",
            help="统计到哪一天（YYYY-MM-DD，默认昨天）；已统计过的日期不会重复计数。",
        )

    def handle(self, *args, paths, through=None, **options):
        if through:
            try:
                last = datetime.date.fromisoformat(through)
            except ValueError as error:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{through}") from error
        else:
            last = timezone.localdate() - datetime.timedelta(days=1)
        days: dict[datetime.date, list] = {}
        for name in paths:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"找不到日志文件：{name}")
            with path.open(encoding="utf-8", errors="replace") as lines:
                for day, pairs in read_access_log(lines).items():
                    days.setdefault(day, []).extend(pairs)
        for day in sorted(days):
            if day > last:
                continue
            sites = store_counts(day, days[day], ACCESS_LOG)
            if not sites:
                self.stdout.write(f"{day:%Y-%m-%d}：已统计过或无网站访问，跳过。")
                continue
            views = sum(v for v, _ in sites.values())
            self.stdout.write(f"{day:%Y-%m-%d}：{len(sites)}个网站，访问{views}次。")
