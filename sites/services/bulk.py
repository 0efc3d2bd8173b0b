"""Fast creation of many live pages, for synthetic benchmark clusters and tests.

``Page.add_child`` costs a dozen queries per page (tree bookkeeping, revisions,
search and reference indexes), which makes 100 sites x 1,000 pages take far too
long. Here the tree paths are computed once per column and the rows are inserted
in batches: one INSERT for the ``Page`` rows and one for the ``ArticlePage`` rows
per batch. Django refuses ``bulk_create`` on multi-table models, so the child rows
go through ``QuerySet._insert`` (the primitive ``bulk_create`` itself uses).

Only for seeding: it skips revisions, the admin search index and the reference
index, which a real publish through Wagtail maintains.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale, Page

from ..models import ArticlePage, ColumnPage, DateSource

BATCH_SIZE = 500


@transaction.atomic
def bulk_add_articles(column: ColumnPage, articles: Iterable[ArticlePage]) -> int:
    """Append ``articles`` (unsaved, with title/slug/body/publish_date set) as live
    children of ``column``; returns how many were added."""
    return bulk_add_children(column, articles)


@transaction.atomic
def bulk_add_children(parent: Page, pages: Iterable[Page]) -> int:
    """Append ``pages`` (unsaved instances of one page type, title and slug set)
    as live children of ``parent``; returns how many were added. Their pks are
    set, so they can be parents in turn (e.g. site homes, then their columns)."""
    pages = list(pages)
    if not pages:
        return 0
    model = type(pages[0])
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last = parent.get_last_child()
    position = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    child_fields = model._meta.local_concrete_fields
    now = timezone.now()

    for start in range(0, len(pages), BATCH_SIZE):
        batch = pages[start : start + BATCH_SIZE]
        rows = []
        for page in batch:
            position += 1
            if hasattr(page, "date_source"):
                # The dates come from the source, not from a publication here.
                page.date_source = DateSource.IMPORTED
            published = getattr(page, "publish_date", None) or now
            rows.append(
                Page(
                    title=page.title,
                    draft_title=page.title,
                    slug=page.slug,
                    path=Page._get_path(parent.path, parent.depth + 1, position),
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}{page.slug}/",
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    show_in_menus=page.show_in_menus,
                )
            )
        Page.objects.bulk_create(rows)
        for row, page in zip(rows, batch, strict=True):
            page.page_ptr_id = page.pk = row.pk
            for field in ("path", "depth", "url_path", "content_type_id", "live"):
                setattr(page, field, getattr(row, field))
        model.objects._insert(batch, fields=child_fields)

    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return len(pages)
