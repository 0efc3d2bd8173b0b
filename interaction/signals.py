"""Signals of 政民互动.

``letter_published`` / ``letter_unpublished`` (sender=Letter, instance=letter) let
other apps (the cluster search) follow what the public may read, without this
app knowing them. Consultations and interviews are pages: Wagtail's own
``page_published`` / ``page_unpublished`` serve the same purpose.
"""

from django.dispatch import Signal
from wagtail.signals import page_published

letter_published = Signal()
letter_unpublished = Signal()


def _stamp_feedback(sender, instance, **kwargs):
    from .models import ConsultationPage

    if instance.feedback.strip() and instance.feedback_published_at is None:
        from django.utils import timezone

        ConsultationPage.objects.filter(pk=instance.pk).update(
            feedback_published_at=timezone.now()
        )
    elif not instance.feedback.strip() and instance.feedback_published_at:
        ConsultationPage.objects.filter(pk=instance.pk).update(
            feedback_published_at=None
        )


def connect_page_signals():
    from .models import ConsultationPage

    page_published.connect(_stamp_feedback, sender=ConsultationPage)


connect_page_signals()
