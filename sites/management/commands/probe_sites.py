"""Probe the availability and transport security of every cluster site (R11, R14, R15).

    python manage.py probe_sites [--timeout 15] [--columns 3] [--all]

Run from cron every few minutes: each run probes only the sites whose last
round is older than a day divided by ``AVAILABILITY_PROBES_PER_DAY`` (default
20), so the probes spread over the day. ``--all`` probes every site now.
"""

from django.core.management.base import BaseCommand, CommandError

from sites.compliance.availability import due_sites, probe
from sites.compliance.runner import cluster_sites


class Command(BaseCommand):
    help = (
        "探测各网站首页和抽样栏目的可访问性（IPv4/IPv6）及HTTPS，结果供网站监管使用。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=None, help="单次请求超时秒数（默认15）"
        )
        parser.add_argument(
            "--columns", type=int, default=None, help="每次抽样探测的栏目数（默认3）"
        )
        parser.add_argument(
            "--all", action="store_true", help="不论上次探测时间，立即探测全部网站"
        )

    def handle(self, *args, **options):
        timeout, columns = options["timeout"], options["columns"]
        if (timeout is not None and timeout <= 0) or (
            columns is not None and columns < 0
        ):
            raise CommandError("超时须大于0，栏目数不能为负数。")
        sites = cluster_sites()
        if not options["all"]:
            sites = due_sites(sites)
        stored = probe(sites, timeout=timeout, columns=columns) if sites else 0
        self.stdout.write(f"本次探测网站{len(sites)}个，记录{stored}条。")
