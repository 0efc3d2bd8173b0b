"""Scan everything published for 错敏字 and report the hits per site (R78).

    python manage.py scan_proof_terms [--site 网站标识码] [--fail-on-hits]

For cron (e.g. nightly). The same scan runs as the 错敏字 check of 网站监管.
With --fail-on-hits it exits with status 1 when anything was found, so a
scheduler can alert.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from sites.models import SiteProfile
from sites.services.proofing import scan_published


class Command(BaseCommand):
    help = "按错敏字词表扫描全部已发布页面，按网站报告命中情况。"

    def add_arguments(self, parser):
        parser.add_argument("--site", default="", help="只扫描该网站标识码的网站")
        parser.add_argument(
            "--fail-on-hits", action="store_true", help="发现错敏字时以状态1退出"
        )

    def handle(self, *args, **options):
        sites = Site.objects.select_related("root_page").order_by("site_name")
        if options["site"]:
            profile = SiteProfile.objects.filter(code=options["site"]).first()
            if profile is None:
                raise CommandError(f"找不到网站标识码为 {options['site']} 的网站。")
            sites = sites.filter(pk=profile.site_id)
        sites = list(sites)
        found = scan_published(sites)
        total_pages = 0
        for site in sites:
            rows = found.get(site.pk, [])
            total_pages += len(rows)
            hits = sum(h.count for _, _, page_hits in rows for h in page_hits)
            self.stdout.write(f"{site.site_name}：{len(rows)}个页面，{hits}处")
            for page, url, page_hits in rows:
                for hit in page_hits:
                    self.stdout.write(
                        f"  {page.title}｜{url}｜{hit.describe()}×{hit.count}"
                        f"｜…{hit.context}…"
                    )
        self.stdout.write(
            f"扫描完成：{len(sites)}个网站，{total_pages}个页面含错敏字。"
        )
        if total_pages and options["fail_on_hits"]:
            sys.exit(1)
