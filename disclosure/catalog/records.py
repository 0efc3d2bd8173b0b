"""Disclosure items as plain records for CSV, JSON and the open-data API.

Related data (replacing documents, interpretations) is loaded per batch of items,
so a record costs no query of its own. Nothing personal is in a record: only the
statutory metadata of published government information.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.utils import timezone
from wagtail.models import Page

from ..models import DisclosureItem
from .query import SITE_PATH_LENGTH, CatalogSite, published_items

BATCH_SIZE = 500

CSV_COLUMNS = (
    ("index_number", "索引号"),
    ("title", "名称"),
    ("summary", "内容概述"),
    ("written_date", "生成日期"),
    ("publish_date", "发布日期"),
    ("document_number", "文号"),
    ("issuing_agency", "发布机构"),
    ("topic_path", "主题分类"),
    ("genre", "体裁"),
    ("validity_display", "有效性"),
    ("url", "网址"),
)


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _datetime(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


class RecordBuilder:
    """Turns items into records; ``sites`` maps a site root path to its site."""

    def __init__(self, request, sites: dict[str, CatalogSite]):
        self.request = request
        self.sites = sites

    def records(self, items: Iterable[DisclosureItem]) -> Iterator[dict]:
        iterator = iter(items)
        while batch := list(islice(iterator, BATCH_SIZE)):
            yield from self._batch(batch)

    def _batch(self, batch: list[DisclosureItem]) -> Iterator[dict]:
        # Only live, public targets are linked: a link must not reveal a draft.
        replacing_ids = {i.replaced_by_id for i in batch if i.replaced_by_id}
        replacing = {
            page.pk: page
            for page in Page.objects.live().public().filter(pk__in=replacing_ids)
        }
        readings = defaultdict(list)
        for reading in (
            published_items()
            .filter(interprets__in=[i.pk for i in batch])
            .order_by("-publish_date", "-pk")
        ):
            readings[reading.interprets_id].append(reading)
        for item in batch:
            replaced_by = replacing.get(item.replaced_by_id)
            yield self.record(item, replaced_by, readings.get(item.pk, []))

    def url(self, page) -> str:
        return page.get_full_url(self.request) or ""

    def record(self, item, replaced_by=None, interpretations=()) -> dict:
        site = self.sites.get(item.path[:SITE_PATH_LENGTH])
        return {
            "index_number": item.index_number,
            "title": item.title,
            "url": self.url(item),
            "topic": item.topic,
            "subtopic": item.subtopic,
            "topic_path": item.topic_path,
            "genre": item.genre,
            "issuing_agency": item.issuing_agency,
            "written_date": _date(item.written_date),
            "publish_date": _datetime(item.publish_date),
            "document_number": item.document_number,
            "validity": item.validity,
            "validity_display": item.get_validity_display(),
            "effective_date": _date(item.effective_date),
            "abolished_date": _date(item.abolished_date),
            "replaced_by": self.url(replaced_by) if replaced_by else None,
            "interpretations": [
                {
                    "index_number": reading.index_number,
                    "title": reading.title,
                    "url": self.url(reading),
                }
                for reading in interpretations
            ],
            "summary": item.summary,
            "keywords": item.keywords,
            "site": {"code": site.code, "name": site.name} if site else None,
            "modified": _datetime(item.last_published_at),
        }


def csv_row(record: dict) -> list[str]:
    values = []
    for key, _label in CSV_COLUMNS:
        value = record[key] or ""
        if key == "publish_date" and value:
            value = value[:10]
        values.append(_neutralise_formula(value))
    return values


def _neutralise_formula(value: str) -> str:
    """Excel runs a cell that starts with = + - @ as a formula (CSV injection)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
