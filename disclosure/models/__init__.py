from .annual_report import AnnualReport, AnnualReportPage
from .applications import (
    Appeal,
    AppealKind,
    AppealResult,
    ApplicationEvent,
    DisclosureApplication,
    FeeNotice,
    ThirdPartyConsultation,
)
from .approvals import (
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
from .guide import DisclosureGuidePage
from .items import DisclosureItem, IndexSequence
from .removals import DisclosureRemoval, RemovalReason
from .reply_notices import (
    DraftState,
    ReplyAttachment,
    ReplyDraft,
    ReplyNotice,
    ReplyNoticeSequence,
)
from .standard_catalogue import CatalogueEntry

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
