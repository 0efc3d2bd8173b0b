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
from .guide import DisclosureGuidePage
from .items import DisclosureItem, IndexSequence

__all__ = [
    "AnnualReport",
    "AnnualReportPage",
    "Appeal",
    "AppealKind",
    "AppealResult",
    "ApplicationEvent",
    "DisclosureApplication",
    "DisclosureGuidePage",
    "DisclosureItem",
    "FeeNotice",
    "IndexSequence",
    "ThirdPartyConsultation",
]
