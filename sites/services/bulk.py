"""Fast creation of many live articles, for synthetic benchmark clusters.

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
from wagtail.models import Locale, Page

from ..models import ArticlePage, ColumnPage, DateSource

BATCH_SIZE = 500


@transaction.atomic
def bulk_add_articles(column: ColumnPage, articles: Iterable[ArticlePage]) -> int:
    """Append ``articles`` (unsaved, with title/slug/body/publish_date set) as live
    children of ``column``; returns how many were added."""
    articles = list(articles)
    if not articles:
        return 0
    column = ColumnPage.objects.select_for_update().get(pk=column.pk)
    last = column.get_last_child()
    position = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    child_fields = ArticlePage._meta.local_concrete_fields

    for start in range(0, len(articles), BATCH_SIZE):
        batch = articles[start : start + BATCH_SIZE]
        pages = []
        for article in batch:
            position += 1
            # The dates come from the source, not from a publication here.
            article.date_source = DateSource.IMPORTED
            pages.append(
                Page(
                    title=article.title,
                    draft_title=article.title,
                    slug=article.slug,
                    path=Page._get_path(column.path, column.depth + 1, position),
                    depth=column.depth + 1,
                    numchild=0,
                    url_path=f"{column.url_path}{article.slug}/",
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=article.publish_date,
                    last_published_at=article.publish_date,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    show_in_menus=False,
                )
            )
        Page.objects.bulk_create(pages)
        for page, article in zip(pages, batch, strict=True):
            article.page_ptr_id = article.pk = page.pk
        ArticlePage.objects._insert(batch, fields=child_fields)

    Page.objects.filter(pk=column.pk).update(numchild=F("numchild") + len(articles))
    return len(articles)
