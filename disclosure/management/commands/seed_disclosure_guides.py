"""``manage.py seed_disclosure_guides``: a default 公开指南 for every site lacking one."""

from django.core.management.base import BaseCommand
from wagtail.models import Site

from disclosure.guide.services import ensure_guide


class Command(BaseCommand):
    help = (
        "为尚无政府信息公开指南的网站生成默认指南（按网站信息填写并发布，"
        "“政府信息公开指南”栏目链接到该指南）。重复运行不会产生重复数据。"
    )

    def handle(self, *args, **options):
        created = 0
        for site in Site.objects.select_related("root_page").order_by("pk"):
            guide, outcome = ensure_guide(site)
            if outcome == "created":
                created += 1
                self.stdout.write(f"已生成：{site.site_name}的政府信息公开指南")
            elif outcome == "no-column":
                self.stdout.write(
                    f"跳过：{site.site_name}没有“政府信息公开指南”栏目（gkzn）"
                )
        self.stdout.write(f"新生成政府信息公开指南 {created} 个。")
