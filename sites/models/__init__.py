from .audit import AuditEvent
from .availability import AddressFamily, AvailabilityProbe, SiteCrawl, TransportProbe
from .calendar import CalendarDay, CalendarYear
from .compliance import (
    CheckOutcome,
    ComplianceRun,
    ExternalLink,
    ExternalLinkUse,
    RunTrigger,
    SiteScore,
    Verdict,
    WebsiteReport,
)
from .key_canary import PersonalDataKeyCanary
from .login_lock import LoginThrottle, LoginThrottleKind
from .pages import (
    ArticleAttachment,
    ArticlePage,
    BasePage,
    ColumnLayout,
    ColumnPage,
    ColumnType,
    HomePage,
    SiteMapPage,
    UpdateCycle,
)
from .profile import ClusterSettings, SiteKind, SiteProfile, ThemeVariant
from .proofing import ProofKind, ProofOverride, ProofTerm
from .publishing import DateCorrection, DateSource, EmergencyPublication
from .roles import SiteRole, SiteRoleGroup
from .service_outage import ServiceOutage
from .supervision_report import SupervisionReport
from .syndication import Submission, SubmissionStatus
from .visits import SiteVisitDay, VisitDayClosed
from .withdrawal import Withdrawal, WithdrawalReason
from .workflow import ReviewTask

__all__ = [
    "ServiceOutage",
    "PersonalDataKeyCanary",
    "SupervisionReport",
    "SiteVisitDay",
    "VisitDayClosed",
    "AddressFamily",
    "AvailabilityProbe",
    "TransportProbe",
    "SiteCrawl",
    "LoginThrottle",
    "LoginThrottleKind",
    "CheckOutcome",
    "ProofKind",
    "ProofOverride",
    "ProofTerm",
    "DateCorrection",
    "DateSource",
    "EmergencyPublication",
    "ComplianceRun",
    "ExternalLink",
    "ExternalLinkUse",
    "RunTrigger",
    "SiteScore",
    "Verdict",
    "WebsiteReport",
    "AuditEvent",
    "ArticleAttachment",
    "ArticlePage",
    "BasePage",
    "CalendarDay",
    "CalendarYear",
    "ClusterSettings",
    "ColumnLayout",
    "ColumnPage",
    "ColumnType",
    "HomePage",
    "SiteKind",
    "SiteMapPage",
    "ReviewTask",
    "SiteProfile",
    "SiteRole",
    "SiteRoleGroup",
    "Submission",
    "SubmissionStatus",
    "ThemeVariant",
    "UpdateCycle",
    "Withdrawal",
    "WithdrawalReason",
]
