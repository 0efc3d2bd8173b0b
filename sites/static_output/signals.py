"""What queues static files for rewriting (connected in StaticOutputConfig.ready).

Every receiver only stores addresses in the change's own transaction; the
rendering happens after the commit (queue.kick), never inside the change."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save

from sites.models import ClusterSettings, SiteProfile, Submission

from . import storage
from .queue import enqueue
from .targets import (
    PURGE,
    PURGE_PATH,
    cluster_change,
    column_change,
    page_change,
    page_only,
    site_change,
)


def _enqueue(targets) -> None:
    enqueue(targets)


def _published(sender, instance, **kwargs):
    if storage.enabled():
        _enqueue(page_change(instance, subtree=instance.numchild > 0))


def _removed(sender, instance, **kwargs):
    """Unpublished (also 撤稿 and expiry), deleted: the page and all below it."""
    if storage.enabled():
        _enqueue(page_change(instance, subtree=True))


def _moved(sender, instance, parent_page_before, url_path_before, **kwargs):
    if storage.enabled():
        _enqueue(
            page_change(
                instance,
                subtree=True,
                old_url_path=url_path_before,
                old_parent_path=parent_page_before.path,
            )
        )


def _restriction_changed(sender, instance, **kwargs):
    if storage.enabled():
        from wagtail.models import Page

        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            _enqueue(page_change(page, subtree=True))


def _submission_changed(sender, instance, **kwargs):
    """An accepted (or withdrawn) 信息报送 changes the receiving column's list."""
    if storage.enabled() and instance.status != "pending":
        _enqueue(column_change(instance.target_column))


def _site_profile_changed(sender, instance, created=False, **kwargs):
    if storage.enabled() and not created:
        _enqueue(site_change(instance.site))


def _cluster_changed(sender, instance=None, created=False, **kwargs):
    # The settings row is created with its defaults on first read: nothing shown
    # changes then.
    if storage.enabled() and not created:
        _enqueue(cluster_change())


def _site_before_save(sender, instance, **kwargs):
    if storage.enabled() and instance.pk:
        from wagtail.models import Site

        instance._static_old_host = (
            Site.objects.filter(pk=instance.pk).values_list("hostname", "port").first()
        )


def _site_changed(sender, instance, created=False, **kwargs):
    """A host added, renamed or removed: links between sites change everywhere,
    and a host that no longer exists must not keep its files (nginx would
    still answer them)."""
    if not storage.enabled():
        return

    targets = cluster_change()
    old = getattr(instance, "_static_old_host", None)
    if old and (old[0].lower(), old[1]) != (instance.hostname.lower(), instance.port):
        targets.add((old[0].lower(), old[1], PURGE_PATH), PURGE)
    if kwargs.get("signal") is post_delete:
        targets.add((instance.hostname.lower(), instance.port, PURGE_PATH), PURGE)
    _enqueue(targets)


def _moderated(sender, instance, **kwargs):
    """An approved comment or an answered question shows on its page."""
    update_fields = kwargs.get("update_fields")
    if not storage.enabled():
        return
    if update_fields is not None and "status" not in update_fields:
        return
    if instance.status in ("pending",) and kwargs.get("created"):
        return  # a citizen's new comment shows nowhere until it is approved

    _enqueue(page_only(instance.page))


def connect() -> None:
    from django.apps import apps
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_published, dispatch_uid="static_output_published")
    page_unpublished.connect(_removed, dispatch_uid="static_output_unpublished")
    post_delete.connect(_removed, sender=Page, dispatch_uid="static_output_deleted")
    post_page_move.connect(_moved, dispatch_uid="static_output_moved")
    for signal in (post_save, post_delete):
        tag = "save" if signal is post_save else "delete"
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"static_output_restriction_{tag}",
        )
        signal.connect(
            _submission_changed,
            sender=Submission,
            dispatch_uid=f"static_output_submission_{tag}",
        )
        signal.connect(
            _site_changed, sender=Site, dispatch_uid=f"static_output_site_{tag}"
        )
    pre_save.connect(
        _site_before_save, sender=Site, dispatch_uid="static_output_site_before"
    )
    post_save.connect(
        _site_profile_changed, sender=SiteProfile, dispatch_uid="static_output_profile"
    )
    post_save.connect(
        _cluster_changed, sender=ClusterSettings, dispatch_uid="static_output_cluster"
    )
    for label in ("interaction.ConsultationComment", "interaction.InterviewQuestion"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(
            _moderated, sender=model, dispatch_uid=f"static_output_moderated_{label}"
        )
