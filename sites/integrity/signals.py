"""Re-record after every legitimate change, once it is committed.

A publish records the page and every address that shows it; anything else that
may change what pages show (a publish elsewhere on the site, 信息报送, the site
profile, grey mode, an image or a document) marks the affected records *stale*:
the next check verifies the stored content and then re-records the new output
instead of alarming. Recording never fails a publish: errors are logged.
"""

from __future__ import annotations

import logging
import threading
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from ..models import ClusterSettings, SiteProfile, Submission
from ..page_cache import sites_showing_page, with_sites_above
from ..static_output.handover import hand_over, handing_over
from .models import Kind, PublishedHash
from .recording import forget_page, record_document, record_publication

logger = logging.getLogger("security")


def _after_commit(work, *args) -> None:
    def run():
        try:
            work(*args)
        except Exception:
            logger.exception(
                "integrity: recording after %s failed", getattr(work, "__name__", work)
            )

    transaction.on_commit(run)


def _mark_stale(site_pks=None) -> None:
    entries = PublishedHash.objects.filter(kind=Kind.PAGE)
    if site_pks is not None:
        entries = entries.filter(site_id__in=site_pks)
    entries.update(stale=True)


def _sites_of(page) -> set[int]:
    return sites_showing_page(page)


_batch = threading.local()


def _queue_publication(page) -> None:
    """Publishes of one transaction are recorded together after its commit: a
    column or home page shown by many of them is rendered once (seeding, bulk
    publishing, scheduled publishing). With static output on, the addresses the
    writer renders are handed to it here, in the transaction (their records
    marked pending, static_output/handover.py): the publishing request renders
    none of them and waits for nothing."""
    hand_over(page)
    pending = _batch.__dict__.setdefault("pages", {})
    pending[page.pk] = True
    _after_commit(_record_batch)


def _record_batch() -> None:
    from wagtail.models import Page

    pending = _batch.__dict__.pop("pages", {})
    # A rolled-back publish may have left its page here: only live pages count.
    pages = list(Page.objects.filter(pk__in=list(pending)).live())
    for page in pages:
        _mark_stale(_sites_of(page))
    done: set = set()
    # What the publish handed to the writer in its transaction (no state kept
    # here: a rolled-back transaction leaves nothing behind for the next one).
    handed = handing_over()
    for page in pages:
        record_publication(page, done, handed_to_writer=handed)


def _unpublished(page) -> None:
    _mark_stale(_sites_of(page))
    forget_page(page)


def _moved(page) -> None:
    from wagtail.models import Page

    _mark_stale()
    forget_page(page)
    page = Page.objects.get(pk=page.pk)
    if page.live:
        record_publication(page)


def _document_saved(document) -> None:
    _mark_stale()
    record_document(document)


def on_published(sender, instance, **kwargs):
    _queue_publication(instance)


def on_unpublished(sender, instance, **kwargs):
    _after_commit(_unpublished, instance)


def on_moved(sender, instance, **kwargs):
    _after_commit(_moved, instance)


def on_page_deleted(sender, instance, **kwargs):
    site_root = instance.path[:8]
    _after_commit(_stale_under, site_root)


def _stale_under(root_path: str) -> None:
    from wagtail.models import Site

    _mark_stale(
        Site.objects.filter(root_page__path=root_path).values_list("pk", flat=True)
    )


def on_submission_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return

    _after_commit(lambda: _mark_stale(with_sites_above([instance.target_site_id])))


def on_shared_change(sender, raw=False, **kwargs):
    if not raw:
        _after_commit(partial(_mark_stale, None))


def on_document_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.file:
        _after_commit(_document_saved, instance)


def connect() -> None:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(on_published, dispatch_uid="integrity_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="integrity_unpublished")
    post_page_move.connect(on_moved, dispatch_uid="integrity_moved")
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="integrity_deleted")
    post_save.connect(
        on_submission_saved, sender=Submission, dispatch_uid="integrity_syndication"
    )
    for model in (ClusterSettings, SiteProfile, Site, get_image_model()):
        for signal in (post_save, post_delete):
            signal.connect(
                on_shared_change,
                sender=model,
                dispatch_uid=f"integrity_{signal is post_save}_{model._meta.label}",
            )
    post_save.connect(
        on_document_saved, sender=get_document_model(), dispatch_uid="integrity_doc"
    )
    post_delete.connect(
        on_shared_change, sender=get_document_model(), dispatch_uid="integrity_doc_del"
    )
