"""Wagtail's workflow e-mails, sent after the commit instead of inside it.

Wagtail connects its notifiers (``wagtail.admin.signal_handlers``) to the
workflow signals, which fire inside the transaction of a submit, an approval or
a rejection. Each e-mail is then an SMTP round trip made while the transaction
is open: on SQLite it holds the database's one write lock for the length of the
round trip (every other writer of the cluster waits), on PostgreSQL it holds
the page's row locks, and the editor's click waits for the mail server before
the page is visible. The same notifiers run here, once the change is committed;
a change that rolls back sends nothing.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.admin import signal_handlers as wagtail_mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

# (signal, sender, Wagtail's dispatch_uid, Wagtail's notifier)
NOTIFIERS = (
    (
        task_submitted,
        TaskState,
        "group_approval_task_submitted_email_notification",
        wagtail_mail.task_submission_email_notifier,
    ),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        wagtail_mail.workflow_submission_email_notifier,
    ),
    (
        workflow_rejected,
        WorkflowState,
        "workflow_state_rejected_email_notification",
        wagtail_mail.workflow_rejection_email_notifier,
    ),
    (
        workflow_approved,
        WorkflowState,
        "workflow_state_approved_email_notification",
        wagtail_mail.workflow_approval_email_notifier,
    ),
)


def after_commit(notifier):
    def receiver(**kwargs):
        transaction.on_commit(lambda: notifier(**kwargs))

    return receiver


def connect() -> None:
    """Replace Wagtail's receivers, whichever app's ``ready()`` runs first: the
    same dispatch_uid makes Wagtail's own later ``connect`` a no-op."""
    for signal, sender, uid, notifier in NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(
            after_commit(notifier), sender=sender, dispatch_uid=uid, weak=False
        )
