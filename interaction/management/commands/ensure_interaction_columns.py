"""Bring sites created before 政民互动 up to the standard: the 在线访谈 column under
互动交流 and the default 领导信箱. Idempotent; new sites get both on creation."""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Site

from interaction.services.mailboxes import ensure_default_mailbox
from sites.models import ColumnPage
from sites.standard import STANDARD_COLUMNS


def _standard(slug, columns=STANDARD_COLUMNS):
    for column in columns:
        if column.slug == slug:
            return column
        found = _standard(slug, column.children)
        if found:
            return found
    return None


def ensure_columns(site) -> int:
    """Add the standard 互动交流 sub-columns a site lacks; returns how many."""
    parent = (
        ColumnPage.objects.descendant_of(site.root_page)
        .filter(slug="hdjl", depth=site.root_page.depth + 1)
        .first()
    )
    if parent is None:
        return 0
    have = set(ColumnPage.objects.child_of(parent).values_list("slug", flat=True))
    added = 0
    for column in _standard("hdjl").children:
        if column.slug in have:
            continue
        parent.add_child(instance=ColumnPage(
            title=column.title, slug=column.slug, column_type=column.column_type,
            layout=column.layout, update_cycle_days=column.update_cycle_days,
            description=column.description, keywords=column.title,
            show_in_menus=column.show_in_menus,
        ))  # fmt: skip
        added += 1
    return added


class Command(BaseCommand):
    help = "为已有网站补齐“在线访谈”栏目和默认领导信箱（可重复执行）。"

    def handle(self, *args, **options):
        columns = mailboxes = 0
        for site in Site.objects.select_related("root_page"):
            with transaction.atomic():
                columns += ensure_columns(site)
                had = site.mailboxes.exists()
                ensure_default_mailbox(site)
                mailboxes += not had
        self.stdout.write(f"补齐栏目 {columns} 个，新建信箱 {mailboxes} 个。")
