"""Pages whose content changes with the clock alone (refresh_static_clock)."""

from __future__ import annotations

from django.apps import apps

from sites.models import Submission, SubmissionStatus

from .targets import Targets, column_change, page_change


def due_since(since, now) -> Targets:
    """Addresses showing something that became due in (since, now]."""
    targets = Targets()
    for submission in Submission.objects.filter(
        status=SubmissionStatus.ACCEPTED, publish_at__gt=since, publish_at__lte=now
    ).select_related("target_column"):
        targets.merge(column_change(submission.target_column))
    try:
        consultation = apps.get_model("interaction", "ConsultationPage")
    except LookupError:
        return targets
    for page in consultation.objects.live().filter(
        **{"closes_at__gt": since, "closes_at__lte": now}
    ) | consultation.objects.live().filter(opens_at__gt=since, opens_at__lte=now):
        targets.merge(page_change(page, subtree=False))
    return targets
