"""Give articles saved before issue #17 the platform's address.

Before the fix, the admin copied a Chinese title's digits into the slug
("2027", "2026-2"). Each such article gets ``t<发布日期>_<token>``; Wagtail's
redirects app records a permanent redirect from the old address (its
``page_slug_changed`` handler), so bookmarks and search engines follow.
Dry run unless ``--apply``.
"""

import re

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page

from sites.models import ArticlePage

PLATFORM_SLUG = re.compile(r"^t\d{8}_[0-9a-f]+(-\d+)?$")


def unique_slug(page) -> str:
    parent = page.get_parent()
    while True:
        slug = page.default_slug_base()
        if Page._slug_is_available(slug, parent, page):
            return slug


class Command(BaseCommand):
    help = "把旧的文章地址（如 /gzdt/2027/）改为平台地址 t发布日期_编号，并自动建立旧地址的永久重定向。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help="实际修改（默认只列出）"
        )

    def handle(self, *args, apply=False, **options):
        changed = 0
        for article in ArticlePage.objects.order_by("path").specific():
            if PLATFORM_SLUG.match(article.slug):
                continue
            old_url = article.url_path
            if apply:
                with transaction.atomic():
                    article.slug = unique_slug(article)
                    article.save(update_fields=["slug", "url_path"], clean=False)
                    revision = article.latest_revision
                    if revision is not None:
                        # The next publication of that revision keeps the new address.
                        revision.content["slug"] = article.slug
                        revision.save(update_fields=["content"])
            self.stdout.write(
                f"{old_url} → {article.url_path if apply else '（待修改）'}"
            )
            changed += 1
        verb = "已修改" if apply else "需修改"
        self.stdout.write(f"{verb}文章地址 {changed} 个。")
