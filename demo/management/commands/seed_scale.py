"""``manage.py seed_scale``: a synthetic cluster for benchmarks (not for demos)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.synthetic import synthetic_text
from sites.models import ArticlePage, ColumnPage, SiteKind, SiteProfile
from sites.services.bulk import bulk_add_articles
from sites.services.provisioning import SiteSpec, create_site

PORTAL_CODE = "1598000001"
COLUMNS = ("gzdt", "tzgg", "zcwj")


class Command(BaseCommand):
    help = "生成用于性能测试的合成站群：--sites 个部门网站，每个 --pages 篇文章。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--sites", type=int, default=10, help="网站数（不含门户）")
        parser.add_argument("--pages", type=int, default=100, help="每个网站的文章数")
        parser.add_argument("--domain", default="scale.localhost")
        parser.add_argument("--port", type=int, default=None)
        parser.add_argument(
            "--words", type=int, default=40, help="每篇正文的词组数（每组约5个字）"
        )

    def handle(self, *args, **options):
        if "production" in settings.SETTINGS_MODULE:
            raise CommandError("合成数据不能在生产环境配置下生成。")
        count, pages = options["sites"], options["pages"]
        if not 1 <= count <= 9999 or not 0 <= pages <= 100_000:
            raise CommandError("--sites 应在1到9999之间，--pages 应在0到100000之间。")
        domain, port = options["domain"], options["port"]
        self.words = max(1, options["words"])
        started = time.monotonic()

        self._site(
            PORTAL_CODE, "规模测试门户", f"www.{domain}", SiteKind.PORTAL, None, port
        )
        total = 0
        for number in range(1, count + 1):
            site = self._site(
                f"1598{number + 1:06d}",
                f"规模测试单位{number:04d}",
                f"s{number:04d}.{domain}",
                SiteKind.DEPARTMENT,
                PORTAL_CODE,
                port,
            )
            total += self._fill(site, number, pages)
            if number % 10 == 0:
                self.stdout.write(
                    f"  {number}/{count} 个网站，{time.monotonic() - started:.0f} 秒"
                )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：{count} 个网站，新增文章 {total} 篇，用时 {elapsed:.1f} 秒。"
            )
        )

    def _site(self, code, name, hostname, kind, parent, port):
        profile = SiteProfile.objects.filter(code=code).select_related("site").first()
        if profile:
            return profile.site
        return create_site(
            SiteSpec(
                code=code,
                name=name,
                hostname=hostname,
                kind=kind,
                parent_code=parent,
                port=port,
            )  # fmt: skip
        )

    def _fill(self, site, number, pages) -> int:
        columns = {
            c.slug: c
            for c in ColumnPage.objects.child_of(site.root_page).filter(
                slug__in=COLUMNS
            )
        }
        existing = ArticlePage.objects.descendant_of(site.root_page).count()
        now = timezone.now()
        added = 0
        for index, slug in enumerate(COLUMNS):
            share = pages // len(COLUMNS) + (1 if index < pages % len(COLUMNS) else 0)
            have = (
                ArticlePage.objects.child_of(columns[slug]).count() if existing else 0
            )
            articles = []
            for item in range(have, share):
                seed = number * 100_003 + index * 10_007 + item
                articles.append(
                    ArticlePage(
                        title=f"{columns[slug].title}第{item + 1}号：{synthetic_text(seed, 12)}",
                        slug=f"a{index}{item:06d}",
                        publish_date=now - timezone.timedelta(hours=item * 7 + index),
                        summary=synthetic_text(seed + 1, 40),
                        source=site.site_name,
                        body=[
                            (
                                "paragraph",
                                f"<p>{synthetic_text(seed + 2, self.words * 5)}</p>",
                            )
                        ],
                    )
                )
            added += bulk_add_articles(columns[slug], articles)
        return added
