"""Mail about a case: sent after commit, and never fatal — a refused message is
logged with the case number and the kind of failure only (a traceback of a
refused recipient would carry an e-mail address into the logs)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def active_addresses(groups, exclude_user_id=None) -> list[str]:
    """The e-mail addresses of the active members of ``groups``, once each."""
    return sorted(
        {
            user.email
            for group in groups
            for user in group.user_set.filter(is_active=True)
            if user.email and user.pk != exclude_user_id
        }
    )


def mail_about(case, whom: str, subject: str, body: str, recipients) -> None:
    """Send one message about ``case`` to ``recipients`` (``whom`` names them in
    the log: "handlers", "the applicant" …); nothing when there is none."""
    try:
        recipients = list(recipients() if callable(recipients) else recipients)
        if recipients:
            send_mail(subject, body, None, recipients)
    except Exception as exc:
        logger.error(  # noqa: TRY400 (no traceback: it would carry the address)
            "notifying %s of %s failed: %s", whom, case.case_number, type(exc).__name__
        )
