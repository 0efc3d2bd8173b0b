from .applications import (
    Appeal,
    AppealKind,
    AppealResult,
    ApplicationEvent,
    DisclosureApplication,
    FeeNotice,
    ThirdPartyConsultation,
)
from .items import DisclosureItem, IndexSequence

__all__ = [
    "Appeal",
    "AppealKind",
    "AppealResult",
    "ApplicationEvent",
    "DisclosureApplication",
    "DisclosureItem",
    "FeeNotice",
    "IndexSequence",
    "ThirdPartyConsultation",
]
