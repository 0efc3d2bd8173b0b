"""信息处理费 (Art. 42; 国办函〔2020〕109号): charged only for clearly excessive requests.

Two methods, never combined on one request, both progressive:

* 按件 (per item), counted per applicant and calendar month: the first 10 requests
  are free, the 11th–30th cost ¥100 each, then every further block of 10 costs
  ¥100 more per request than the previous block (31st–40th ¥200, 41st–50th ¥300 …).
* 按量 (per volume), per request: pages 1–30 free, 31–100 ¥10 a page, 101–200
  ¥20 a page, above 200 ¥40 a page.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

FREE_REQUESTS_PER_MONTH = 10
FREE_PAGES = 30
# (last page of the band, price per page); the last band is open-ended.
PAGE_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))


class FeeMethod(models.TextChoices):
    PER_ITEM = "per_item", "按件计收"
    PER_VOLUME = "per_volume", "按量计收"


def per_item_fee(rank_in_month: int) -> Decimal:
    """The fee for the applicant's ``rank_in_month``-th request of the month."""
    if rank_in_month <= FREE_REQUESTS_PER_MONTH:
        return Decimal(0)
    if rank_in_month <= 30:
        return Decimal(100)
    return Decimal(100 * (2 + (rank_in_month - 31) // 10))


def per_volume_fee(pages: int) -> Decimal:
    """Progressive, band by band, like a tax schedule."""
    total = 0
    lower = 0
    for upper, price in PAGE_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * price
        if upper is None or pages <= upper:
            break
        lower = upper
    return Decimal(total)
