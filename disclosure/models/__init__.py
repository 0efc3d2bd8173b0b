from .items import DisclosureItem, IndexSequence

__all__ = ["DisclosureItem", "IndexSequence"]
