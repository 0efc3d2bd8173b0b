"""The public 政府信息公开目录 of each site and its CSV / JSON export (Art. 12, 23–24).

The catalog lives at ``/xxgk/gkml/`` on every site, beside the standard
政府信息公开 column (``xxgk``); a portal's catalog spans the sites below it.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Site

from sites.models import ColumnPage

from .query import (
    CatalogFilterForm,
    CatalogScope,
    agency_groups,
    apply_filters,
    facet_items,
    scope_for,
    scoped_items,
    topic_facets,
    year_facets,
)
from .records import CSV_COLUMNS, RecordBuilder, csv_row

CATALOG_TITLE = "政府信息公开目录"
PAGE_SIZE = 20
DISCLOSURE_COLUMN_SLUG = "xxgk"


@dataclass
class Catalog:
    site: Site
    scope: CatalogScope
    form: CatalogFilterForm
    filters: dict

    @classmethod
    def for_request(cls, request) -> Catalog:
        site = Site.find_for_request(request)
        if site is None:
            raise Http404("没有与此域名对应的网站。")
        scope = scope_for(site)
        form = CatalogFilterForm(request.GET, scope=scope)
        form.is_valid()
        return cls(site, scope, form, form.filters())

    @cached_property
    def base(self):
        """Every item of the catalog (``public()`` reads the view restrictions once)."""
        return scoped_items(self.scope)

    def items(self):
        return apply_filters(self.base, self.filters, self.scope)

    def facet(self, name: str):
        return facet_items(self.base, self.filters, self.scope, name)

    def error_messages(self) -> list[str]:
        return [m for messages in self.form.errors.values() for m in messages]

    def params(self) -> QueryDict:
        """The valid filters as a query string base (invalid values are dropped)."""
        params = QueryDict(mutable=True)
        for key, value in self.filters.items():
            params[key] = str(value)
        return params


def catalog(request):
    catalog = Catalog.for_request(request)
    page_obj = Paginator(catalog.items(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    home = catalog.site.root_page.specific
    column = ColumnPage.objects.child_of(home).filter(slug=DISCLOSURE_COLUMN_SLUG)
    column = column.live().first()
    context = {
        "home_page": home,
        "page": column,
        "disclosure_column": column,
        "catalog_title": CATALOG_TITLE,
        "scope": catalog.scope,
        "form": catalog.form,
        "filters": catalog.filters,
        "params": catalog.params(),
        "errors": catalog.error_messages(),
        "page_obj": page_obj,
        "rows": [(item, catalog.scope.site_of(item)) for item in rows],
        "topics": topic_facets(catalog.facet("topic")),
        "years": year_facets(catalog.facet("year"), catalog.filters.get("year")),
        "agency_groups": agency_groups(catalog.facet("agency"), catalog.scope),
    }
    return render(request, "disclosure/catalog.html", context)


def _refuse(catalog: Catalog, as_json: bool):
    message = "筛选条件有误：" + "；".join(catalog.error_messages())
    if as_json:
        return JsonResponse(
            {"error": message, "errors": catalog.form.errors},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _filename(catalog: Catalog, extension: str) -> str:
    code = catalog.scope.sites[0].code if catalog.scope.sites else "site"
    return f"gkml-{code}-{timezone.localdate():%Y%m%d}.{extension}"


class _Echo:
    """A file-like object whose ``write`` hands the line back, for streaming csv."""

    def write(self, value):
        return value


def export_csv(request):
    """The filtered catalog as CSV, UTF-8 with a BOM so that Excel reads Chinese."""
    catalog = Catalog.for_request(request)
    if catalog.form.errors:
        return _refuse(catalog, as_json=False)
    builder = RecordBuilder(request, catalog.scope.by_path)
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([label for _key, label in CSV_COLUMNS])
        for record in builder.records(catalog.items().iterator(chunk_size=500)):
            yield writer.writerow(csv_row(record))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(catalog, "csv")}"'
    )
    return response


def export_json(request):
    """The filtered catalog as one JSON document with every item's metadata."""
    catalog = Catalog.for_request(request)
    if catalog.form.errors:
        return _refuse(catalog, as_json=True)
    builder = RecordBuilder(request, catalog.scope.by_path)
    head = {
        "title": f"{catalog.site.site_name}{CATALOG_TITLE}",
        "site": {
            "code": catalog.scope.sites[0].code if catalog.scope.sites else "",
            "name": catalog.site.site_name,
        },
        "filters": catalog.filters,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
    }

    def chunks():
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
        for number, record in enumerate(
            builder.records(catalog.items().iterator(chunk_size=500))
        ):
            yield ("," if number else "") + json.dumps(record, ensure_ascii=False)
        yield "]}"

    response = StreamingHttpResponse(
        chunks(), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(catalog, "json")}"'
    )
    return response
