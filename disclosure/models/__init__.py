from .applications import (
    Appeal,
    AppealKind,
    AppealResult,
    ApplicationEvent,
    DisclosureApplication,
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
    "IndexSequence",
    "ThirdPartyConsultation",
]
