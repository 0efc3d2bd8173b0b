from .consultations import ConsultationComment, ConsultationPage
from .interviews import InterviewPage, InterviewQuestion
from .letters import (
    Letter,
    LetterAttachment,
    LetterEvent,
    LetterQuerySet,
    Mailbox,
    MailboxCategory,
)

__all__ = [
    "ConsultationComment",
    "ConsultationPage",
    "InterviewPage",
    "InterviewQuestion",
    "Letter",
    "LetterAttachment",
    "LetterEvent",
    "LetterQuerySet",
    "Mailbox",
    "MailboxCategory",
]
