from django.dispatch import receiver
from wagtail.signals import page_published

from .models import DisclosureItem


@receiver(page_published, sender=DisclosureItem)
def give_index_number_on_first_publish(sender, instance, **kwargs):
    from .services import assign_index_number

    assign_index_number(instance)
