from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from disclosure.catalog.index_numbers import assign_index_number

from .models import DisclosureItem, DisclosureRemoval, RemovalReason


@receiver(page_published, sender=DisclosureItem)
def give_index_number_on_first_publish(sender, instance, **kwargs):
    assign_index_number(instance)


def _tombstone(items, reason):
    DisclosureRemoval.objects.bulk_create(
        DisclosureRemoval(index_number=item.index_number, path=item.path, reason=reason)
        for item in items
        if item.index_number
    )


@receiver(page_unpublished, sender=DisclosureItem)
def record_unpublished(sender, instance, **kwargs):
    # 撤稿 (sites.services.withdrawal) unpublishes too.
    _tombstone([instance], RemovalReason.UNPUBLISHED)


@receiver(pre_delete, sender=DisclosureItem)
def record_deleted(sender, instance, **kwargs):
    if instance.live:  # a deleted draft was never in the catalog
        _tombstone([instance], RemovalReason.DELETED)


@receiver(post_save, sender=PageViewRestriction)
def record_restricted(sender, instance, created, **kwargs):
    if created:
        live = DisclosureItem.objects.live().descendant_of(
            instance.page, inclusive=True
        )
        _tombstone(live.only("index_number", "path"), RemovalReason.RESTRICTED)
