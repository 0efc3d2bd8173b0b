from django.core.mail.backends.base import BaseEmailBackend


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient, naming the address in the error
    (as smtplib.SMTPRecipientsRefused does)."""

    def send_messages(self, email_messages):
        import smtplib

        recipients = [a for m in email_messages for a in m.recipients()]
        raise smtplib.SMTPRecipientsRefused(
            dict.fromkeys(recipients, (550, b"mailbox unavailable"))
        )
