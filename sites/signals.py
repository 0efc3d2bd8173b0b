"""Signal receivers of the cluster core (connected in SitesConfig.ready)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models.signals import m2m_changed, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import ModelLogEntry, PageLogEntry

from .audit import mirror_log_entry, record
from .cache_backends import recovered
from .models import ClusterSettings, SiteProfile, SiteRoleGroup, Submission
from .page_cache import (
    _cache_recovered,
    cluster_changed,
    page_changed,
    site_changed,
    with_sites_above,
)
from .services.provisioning import group_name
from .services.roles import ensure_cluster_groups, separation_error


@receiver(post_migrate)
def create_cluster_groups(sender, app_config=None, **kwargs):
    # Permissions are created per app on post_migrate; wait for the last app so
    # that every permission the cluster roles need exists. post_migrate skips
    # apps without models (django.contrib.humanize, listed last): the last app
    # *with* models is the one to wait for.
    last = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is None or app_config is not last[-1]:
        return

    ensure_cluster_groups()


@receiver(post_migrate)
def create_cache_tables(sender, app_config=None, using="default", **kwargs):
    """The database caches (the "state" cache of counters and lockouts) need
    their table: migrate creates it, so no extra command is ever needed."""
    if app_config is None or app_config.label != "sites":
        return
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


@receiver(m2m_changed, sender=get_user_model().groups.through)
def enforce_separation_of_duties(sender, instance, action, pk_set, reverse, **kwargs):
    """Last line of defence for 三员分立 when groups are assigned outside the forms."""
    if action != "pre_add" or reverse or not pk_set:
        return
    from django.contrib.auth.models import Group

    names = set(instance.groups.values_list("name", flat=True))
    names |= set(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    error = separation_error(names)
    if error:
        raise ValidationError(error)


@receiver(post_save, sender="wagtailcore.Site")
def relabel_site_role_groups(sender, instance, raw=False, **kwargs):
    """Keep a renamed site's role groups labelled with its new name.

    Permissions follow ``SiteRoleGroup`` rows, not names, so this is for the
    people reading the user form; a label already taken by another group is left.
    """
    if raw:
        return
    from django.contrib.auth.models import Group

    for tie in SiteRoleGroup.objects.filter(site=instance).select_related("group"):
        label = group_name(instance.site_name, tie.role)
        if tie.group.name != label and not Group.objects.filter(name=label).exists():
            tie.group.name = label
            tie.group.save(update_fields=["name"])


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record("cluster.login", user=user, request=request)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    record("cluster.logout", user=user, request=request)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # Only the name typed in: never the password or anything else submitted.
    record(
        "cluster.login_failed",
        username=str(credentials.get("username", "")),
        request=request,
    )


@receiver(post_save, sender=PageLogEntry)
@receiver(post_save, sender=ModelLogEntry)
def audit_wagtail_log_entry(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        mirror_log_entry(instance)


# --- Whole-page cache invalidation (sites/page_cache.py) ---------------------


def _page_changed(sender, instance, **kwargs):
    page_changed(instance)


def _privacy_changed(sender, instance, **kwargs):
    """A page view restriction added, changed or removed: the page and every
    list showing it are no longer what the cache holds."""
    if action := kwargs.get("action"):  # m2m_changed of the allowed groups
        if not action.startswith("post_"):
            return
        if kwargs.get("reverse"):  # group.page_view_restrictions changed
            from wagtail.models import PageViewRestriction

            changed = PageViewRestriction.objects.filter(
                pk__in=kwargs.get("pk_set") or ()
            ).select_related("page")
            for restriction in changed:
                _privacy_changed(sender, restriction)
            return
    try:
        page = instance.page
    except ObjectDoesNotExist:  # deleted with its page: that signal invalidates
        return
    page_changed(page)


def _syndication_changed(sender, instance, **kwargs):
    site_changed(*with_sites_above([instance.target_site_id]))


def _cluster_changed(sender, **kwargs):
    # The settings row is created with its defaults on first read: nothing
    # shown changes then.
    if sender is ClusterSettings and kwargs.get("created"):
        return
    cluster_changed()


def _site_address_changed(sender, instance, **kwargs):
    """A site's home got a new slug: the address of every link to that site
    (Wagtail's site root paths) changes, on every site of the cluster."""
    if instance.is_site_root():
        cluster_changed()


def connect_page_cache():
    """Publishing, unpublishing, moving or deleting a page invalidates the sites
    that show it; a change every page shows (the site profile behind the footer,
    grey mode, a host, a shared image or file) invalidates the cluster."""
    from django.db.models.signals import post_delete
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    page_published.connect(_page_changed, dispatch_uid="page_cache_published")
    page_unpublished.connect(_page_changed, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="page_cache_moved")
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="page_cache_deleted")
    page_slug_changed.connect(
        _site_address_changed, dispatch_uid="page_cache_site_address"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            _privacy_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"page_cache_privacy_{signal is post_save}",
        )
    m2m_changed.connect(
        _privacy_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="page_cache_privacy_groups",
    )
    # The cache back after an outage: what was bumped meanwhile was lost.

    recovered.connect(_cache_recovered, dispatch_uid="page_cache_cache_recovered")
    # An accepted (or later withdrawn) submission changes the receiving lists.
    post_save.connect(
        _syndication_changed, sender=Submission, dispatch_uid="page_cache_syndication"
    )
    for model in (ClusterSettings, SiteProfile, Site, get_image_model(),
                  get_document_model()):  # fmt: skip
        for signal in (post_save, post_delete):
            signal.connect(
                _cluster_changed,
                sender=model,
                dispatch_uid=f"page_cache_{signal is post_save}_{model._meta.label}",
            )
