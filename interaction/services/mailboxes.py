"""Default mailboxes: every site has one 领导信箱 with 咨询/建议/投诉."""

from django.db import transaction

from ..letter_choices import DEFAULT_ACKNOWLEDGE_DAYS, DEFAULT_CATEGORIES
from ..models import Mailbox, MailboxCategory


def ensure_default_mailbox(site):
    """Create the site's 领导信箱 unless the site already has a mailbox (idempotent)."""
    with transaction.atomic():
        existing = Mailbox.objects.filter(site=site).first()
        if existing is not None:
            return existing
        mailbox = Mailbox.objects.create(
            site=site, name="领导信箱",
            description=f"向{site.site_name}负责同志写信咨询、建议、投诉。",
        )  # fmt: skip
        MailboxCategory.objects.bulk_create(
            MailboxCategory(
                mailbox=mailbox,
                name=name,
                kind=kind,
                reply_working_days=days,
                acknowledge_working_days=DEFAULT_ACKNOWLEDGE_DAYS,
                sort_order=order,
            )  # fmt: skip
            for order, (kind, name, days) in enumerate(DEFAULT_CATEGORIES)
        )
        return mailbox
