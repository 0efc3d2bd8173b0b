"""Open data (数据互联互通, REQUIREMENTS §5.4): the cluster's disclosure metadata as JSON.

Stable URLs, the same on every host of the cluster:

- ``/open-data/disclosure/<索引号>.json``: one item. The 索引号 goes into the path
  as it is, slashes included (``/open-data/disclosure/11159900MB0000000X/2026-00001.json``);
  it never changes once allocated, so neither does the URL.
- ``/open-data/disclosure.json``: every item, newest first, ``page`` and
  ``page_size`` (at most 100), filtered by ``site`` (网站标识码), ``year``, ``topic``
  and ``since`` (a date or ISO date-time: items published or republished since
  then, oldest change first, for incremental harvesting). With ``since``, the
  first page also carries ``removed``: the 索引号 of items that left the catalog
  since then (unpublished, 撤稿, deleted, restricted), so a harvester drops them.

Only live, public items appear: drafts, unpublished, withdrawn and restricted
items do not exist here.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.paginator import Paginator
from django.http import JsonResponse, QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from disclosure.catalog.metadata_terms import TOPIC_CHOICES
from sites.public_forms import TypedTextMixin
from sites.services.tree import descendants_q
from sites.validators import date_in_range

from ..models import DisclosureRemoval
from .query import all_catalog_sites, published_items
from .records import RecordBuilder

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Removals listed at once; a harvester that falls this far behind re-copies.
MAX_REMOVALS = 1000


def _json(data, status=200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False}
    )
    # Public government information: any site may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def item_detail(request, index_number: str):
    item = published_items().filter(index_number=index_number).first()
    if item is None:
        return _json(
            {"error": f"找不到索引号为“{index_number[:64]}”的公开信息。"}, status=404
        )
    sites = {site.root_path: site for site in all_catalog_sites()}
    record = next(RecordBuilder(request, sites).records([item]))
    return _json(record)


class OpenDataFilterForm(TypedTextMixin):
    site = forms.CharField(required=False, max_length=10)
    year = forms.IntegerField(
        required=False,
        min_value=1949,
        max_value=2999,
        error_messages={
            "invalid": "year 应为四位年份，例如2026。",
            "min_value": "year 应为四位年份，例如2026。",
            "max_value": "year 应为四位年份，例如2026。",
        },
    )
    topic = forms.ChoiceField(
        required=False,
        choices=[("", "")] + TOPIC_CHOICES,
        error_messages={"invalid_choice": "没有名为“%(value)s”的主题分类。"},
    )
    since = forms.CharField(required=False, max_length=40)
    page = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": "page 应为正整数。",
            "min_value": "page 应为正整数。",
        },
    )
    page_size = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        error_messages={
            "invalid": f"page_size 应为1到{MAX_PAGE_SIZE}之间的整数。",
            "min_value": f"page_size 应为1到{MAX_PAGE_SIZE}之间的整数。",
            "max_value": f"page_size 不能超过{MAX_PAGE_SIZE}。",
        },
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.sites = sites

    def clean_site(self):
        code = self.cleaned_data["site"].strip()
        if code and not any(s.code == code for s in self.sites):
            raise forms.ValidationError(f"找不到网站标识码为 {code} 的网站。")
        return code

    def clean_since(self):
        value = self.cleaned_data["since"].strip()
        if not value:
            return None
        try:
            moment = parse_datetime(value)
            day = None if moment else parse_date(value)
        except ValueError:
            moment = day = None
        if day is not None:
            moment = datetime.datetime.combine(day, datetime.time.min)
        if moment is None:
            raise forms.ValidationError(
                "since 应为日期或日期时间，例如 2026-11-01 或 2026-11-01T08:00:00+08:00。"
            )
        if not date_in_range(moment):
            raise forms.ValidationError(
                "since 超出可处理的日期范围（1900年至2100年）。"
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment


def _removals(since, root) -> dict:
    """What left the catalog since ``since`` (first page of a ``since`` query):
    a harvester drops these, then applies the results, each newer than its
    removal if the item came back."""
    removals = DisclosureRemoval.objects.filter(removed_at__gte=since)
    if root:
        removals = removals.filter(path__startswith=root)
    rows = list(
        removals.order_by("removed_at", "pk").values_list(
            "index_number", "removed_at", "reason"
        )[: MAX_REMOVALS + 1]
    )
    return {
        "truncated": len(rows) > MAX_REMOVALS,
        "items": [
            {
                "index_number": index_number,
                "removed_at": timezone.localtime(removed_at).isoformat(),
                "reason": reason,
            }
            for index_number, removed_at, reason in rows[:MAX_REMOVALS]
        ],
    }


def item_list(request):
    sites = all_catalog_sites()
    form = OpenDataFilterForm(request.GET, sites=sites)
    if not form.is_valid():
        messages = [m for errors in form.errors.values() for m in errors]
        return _json(
            {"error": "参数不正确：" + "；".join(messages), "errors": form.errors},
            status=400,
        )
    data = form.cleaned_data
    items = published_items()
    root = None
    if data["site"]:
        root = next(s.root_path for s in sites if s.code == data["site"])
        items = items.filter(descendants_q(root))
    if data["year"]:
        items = items.filter(publish_date__year=data["year"])
    if data["topic"]:
        items = items.filter(topic=data["topic"])
    if data["since"]:
        items = items.filter(last_published_at__gte=data["since"]).order_by(
            "last_published_at", "pk"
        )
    else:
        items = items.order_by("-publish_date", "-pk")

    page_size = data["page_size"] or DEFAULT_PAGE_SIZE
    paginator = Paginator(items, page_size)
    number = data["page"] or 1
    page_items = (
        list(paginator.page(number).object_list)
        if number <= paginator.num_pages
        else []
    )
    builder = RecordBuilder(request, {s.root_path: s for s in sites})

    def link(page_number):
        params = QueryDict(mutable=True)
        for key, value in request.GET.items():
            if key in form.fields:
                params[key] = value
        params["page"] = str(page_number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    removed = None
    if data["since"] and number == 1:
        removed = _removals(data["since"], root)
    return _json(
        {
            **({"removed": removed} if removed is not None else {}),
            "count": paginator.count,
            "page": number,
            "page_size": page_size,
            "num_pages": paginator.num_pages,
            "next": link(number + 1) if number < paginator.num_pages else None,
            "previous": (
                link(min(number - 1, paginator.num_pages)) if number > 1 else None
            ),
            "results": list(builder.records(page_items)),
        }
    )
