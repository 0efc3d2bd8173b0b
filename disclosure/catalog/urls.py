"""Public URLs of the disclosure catalog and its open data (before Wagtail's catch-all).

``/xxgk/gkml/`` sits beside the standard 政府信息公开 column (slug ``xxgk``) of
every site. The open-data URLs are documented in ``open_data``; the 索引号 uses
Django's ``path`` converter because it contains "/".
"""

from django.urls import path

from disclosure.catalog.standard import services as standard_catalogue

from . import open_data, views

app_name = "disclosure_catalog"

urlpatterns = [
    path("xxgk/gkml/", views.catalog, name="catalog"),
    path("xxgk/jcml/", standard_catalogue.catalogue_page, name="standard_catalogue"),
    path("xxgk/gkml/export.csv", views.export_csv, name="export_csv"),
    path("xxgk/gkml/export.json", views.export_json, name="export_json"),
    path("open-data/disclosure.json", open_data.item_list, name="open_data_list"),
    path(
        "open-data/disclosure/<path:index_number>.json",
        open_data.item_detail,
        name="open_data_item",
    ),
]
