"""索引号 allocation: unique across the cluster, never reused, never changed (R26)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from disclosure.catalog.index_format import IndexFormat
from disclosure.models import DisclosureItem, IndexSequence


def next_sequence(agency_code: str, year: int, month: int = 0) -> int:
    """Take the next number for ``agency_code`` in the period under a row lock."""
    key = {"agency_code": agency_code, "year": year, "month": month}
    with transaction.atomic():
        try:
            with transaction.atomic():
                IndexSequence.objects.get_or_create(**key)
        except IntegrityError:
            pass  # another process created the row first; it exists now
        sequence = IndexSequence.objects.select_for_update().get(**key)
        IndexSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
        sequence.refresh_from_db(fields=["last"])
        return sequence.last


def assign_index_number(item: DisclosureItem) -> str | None:
    """Give a published item its 索引号 once; returns it (or None without agency code)."""
    if item.index_number:
        return item.index_number
    code = item.agency_code()
    if not code:
        return None
    index_format = IndexFormat.from_settings()
    # The local (Asia/Shanghai) date: an item published on 1 January at 07:00 counts
    # in the new year, not in the previous one as its UTC timestamp would.
    day = timezone.localdate(item.first_published_at or item.publish_date)
    year, month = index_format.period(day)
    with transaction.atomic():
        current = DisclosureItem.objects.select_for_update().get(pk=item.pk)
        if current.index_number:
            item.index_number = current.index_number
            return item.index_number
        number = index_format.render(code, day, next_sequence(code, year, month))
        DisclosureItem.objects.filter(pk=item.pk).update(index_number=number)
    item.index_number = number
    return number
