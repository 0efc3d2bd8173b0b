"""Crawl every cluster site as an inspector's crawler would (R6–R8, R12, R13).

    python manage.py crawl_sites [--site HOSTNAME]

Renders a bounded sample per site (every page type, every app list and a
detail page of each), checks meta tags, footer items, links and images, and
stores the offending URLs for the 网站监管 check ``crawl``.
"""

from django.core.management.base import BaseCommand, CommandError

from sites.compliance.crawl import crawl
from sites.compliance.runner import cluster_sites


class Command(BaseCommand):
    help = "以检查爬虫的视角抓取各网站页面，检查元数据、页脚、链接和图片，结果供网站监管使用。"

    def add_arguments(self, parser):
        parser.add_argument("--site", default="", help="只爬取该主机名的网站")

    def handle(self, *args, **options):
        sites = cluster_sites()
        if options["site"]:
            sites = [s for s in sites if s.hostname == options["site"]]
            if not sites:
                raise CommandError(f"没有主机名为“{options['site']}”的网站。")
        for row in crawl(sites):
            self.stdout.write(
                f"{row.site.site_name}：页面{row.pages}个，链接{row.links}个，"
                f"问题{len(row.findings)}处。"
            )
