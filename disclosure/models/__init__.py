"""The models of app ``disclosure``, defined in its feature packages.

Django finds an app's models through this module; each stays in app
``disclosure`` (app label and migrations unchanged) wherever its file lives.
"""

from disclosure.annual_report.models import AnnualReport, AnnualReportPage
from disclosure.applications.models import (
    Appeal,
    AppealKind,
    AppealResult,
    ApplicationEvent,
    DisclosureApplication,
    FeeNotice,
    ThirdPartyConsultation,
)
from disclosure.applications.reply.models import (
    DraftState,
    ReplyAttachment,
    ReplyDraft,
    ReplyNotice,
    ReplyNoticeSequence,
)
from disclosure.approvals.models import (
    AlertReason,
    ApprovalCase,
    ApprovalCaseEvent,
    CaseResult,
    CaseState,
    Decision,
    DecisionEvent,
    DecisionKind,
    DecisionStatus,
    ImportToken,
    PartyType,
    SupervisionAlert,
    SupervisionDisposition,
)
from disclosure.catalog.models import DisclosureItem, IndexSequence
from disclosure.catalog.removals import DisclosureRemoval, RemovalReason
from disclosure.catalog.standard.models import CatalogueEntry
from disclosure.guide.models import DisclosureGuidePage

__all__ = [
    "CatalogueEntry",
    "DisclosureRemoval",
    "DraftState",
    "ReplyAttachment",
    "ReplyDraft",
    "ReplyNotice",
    "ReplyNoticeSequence",
    "RemovalReason",
    "AlertReason",
    "AnnualReport",
    "AnnualReportPage",
    "Appeal",
    "AppealKind",
    "AppealResult",
    "ApplicationEvent",
    "ApprovalCase",
    "ApprovalCaseEvent",
    "CaseResult",
    "CaseState",
    "Decision",
    "DecisionEvent",
    "DecisionKind",
    "DecisionStatus",
    "DisclosureApplication",
    "DisclosureGuidePage",
    "DisclosureItem",
    "FeeNotice",
    "ImportToken",
    "IndexSequence",
    "PartyType",
    "SupervisionAlert",
    "SupervisionDisposition",
    "ThirdPartyConsultation",
]
