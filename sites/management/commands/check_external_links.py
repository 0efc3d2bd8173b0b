"""Check the external links of every live page (background job for cron or a worker).

    python manage.py check_external_links [--timeout 15] [--interval 1] [--limit N]

Collects the links, then fetches each with a timeout, at most one request per
host every ``--interval`` seconds, and stores the results that the 网站监管
check ``external_links`` reads.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from sites.compliance.link_checker import harvest, probe


class Command(BaseCommand):
    help = "检测全部站点页面中的外部链接（超时、限速），结果供网站监管使用。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=15.0, help="单个链接超时秒数"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="同一主机两次请求的最短间隔秒数"
        )
        parser.add_argument(
            "--limit", type=int, default=None, help="本次最多检测的链接数"
        )
        parser.add_argument(
            "--max-age-hours",
            type=float,
            default=None,
            help="只检测超过此时长未检测的链接",
        )

    def handle(self, *args, **options):
        if options["timeout"] <= 0 or options["interval"] < 0:
            raise CommandError("超时须大于0，间隔不能为负数。")
        found = harvest()
        age = options["max_age_hours"]
        checked = probe(
            timeout=options["timeout"],
            min_interval=options["interval"],
            limit=options["limit"],
            stale_after=datetime.timedelta(hours=age) if age else None,
        )
        self.stdout.write(f"外部链接{found}个，本次检测{checked}个。")
