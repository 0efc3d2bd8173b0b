from .annual_report import AnnualReport, AnnualReportPage
from .applications import (
    Appeal,
    AppealKind,
    AppealResult,
    ApplicationEvent,
    DisclosureApplication,
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
    "IndexSequence",
    "ThirdPartyConsultation",
]
