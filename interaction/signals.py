"""Signals of 政民互动.

``letter_published`` / ``letter_unpublished`` (sender=Letter, instance=letter) let
other apps (the cluster search) follow what the public may read, without this
app knowing them. Consultations and interviews are pages: Wagtail's own
``page_published`` / ``page_unpublished`` serve the same purpose.
"""

from django.dispatch import Signal
from wagtail.signals import page_published

from .models import ConsultationPage, InterviewPage

letter_published = Signal()
letter_unpublished = Signal()


def _stamp_feedback(sender, instance, **kwargs):
    if instance.feedback.strip() and instance.feedback_published_at is None:
        from django.utils import timezone

        ConsultationPage.objects.filter(pk=instance.pk).update(
            feedback_published_at=timezone.now()
        )
    elif not instance.feedback.strip() and instance.feedback_published_at:
        ConsultationPage.objects.filter(pk=instance.pk).update(
            feedback_published_at=None
        )


def _stamp_transcript(sender, instance, **kwargs):
    """R59: remember when the 文字实录 first went public (and forget it if removed)."""
    from django.utils import timezone

    has_transcript = bool(instance.transcript and len(instance.transcript))
    if has_transcript and instance.transcript_published_at is None:
        InterviewPage.objects.filter(pk=instance.pk).update(
            transcript_published_at=timezone.now()
        )
    elif not has_transcript and instance.transcript_published_at:
        InterviewPage.objects.filter(pk=instance.pk).update(
            transcript_published_at=None
        )


def connect_page_signals():
    page_published.connect(_stamp_feedback, sender=ConsultationPage)
    page_published.connect(_stamp_transcript, sender=InterviewPage)


connect_page_signals()
