"""The 基层政务公开标准目录 of banner sites (R34): standard 公开事项 seeded on
creation, a check reporting entries without content inside their time limit,
and a public page listing the catalogue."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from disclosure.catalog.standard.data import STANDARD_ENTRIES
from disclosure.catalog.standard.services import StandardCatalogueCheck
from disclosure.models import CatalogueEntry, DisclosureItem
from sites.compliance import registered_checks
from sites.compliance.base import Status

from .catalog_data import give_agency_codes, publish_item

pytestmark = pytest.mark.django_db


def run(cluster, today=None):
    return StandardCatalogueCheck().run(cluster.all, today or timezone.localdate())


def backdate(item, days):
    published = timezone.now() - datetime.timedelta(days=days)
    DisclosureItem.objects.filter(pk=item.pk).update(publish_date=published)


def test_r34_banners_get_the_standard_entries_with_every_field(cluster):
    entries = list(CatalogueEntry.objects.filter(site=cluster.banner))
    assert len(entries) == len(STANDARD_ENTRIES) >= 10
    assert len({e.domain for e in entries}) >= 2
    for entry in entries:
        for field in ("domain", "name", "content", "basis", "time_limit", "subject",
                      "channels", "audience", "manner", "level"):  # fmt: skip
            assert getattr(entry, field), (entry, field)
        assert entry.columns.count() == 1
    assert not CatalogueEntry.objects.filter(site=cluster.edu).exists()
    assert "standard_catalogue" in {c.id for c in registered_checks()}


def test_r34_an_entry_without_content_inside_its_time_limit_is_reported(cluster):
    give_agency_codes(cluster)
    results = run(cluster)
    assert results[cluster.edu.pk].summary == "本网站不适用。"
    fresh = results[cluster.banner.pk]
    assert fresh.status is Status.FAIL
    assert len(fresh.findings) == len(STANDARD_ENTRIES)  # nothing published yet

    for slug in ("czyjs", "shjz", "msbz"):
        publish_item(cluster.banner, f"{slug}的公开信息", column_slug=slug)
    assert run(cluster)[cluster.banner.pk].status is Status.PASS

    # 100 days later the quarterly 低保对象公示 is overdue; the 长期 entries of
    # the same column and the annual ones are not.
    for item in DisclosureItem.objects.descendant_of(cluster.banner.root_page):
        backdate(item, 100)
    late = run(cluster)[cluster.banner.pk]
    assert late.status is Status.FAIL
    assert [f.title for f in late.findings] == ["社会救助：低保对象公示"]
    assert "公开时限：每季度更新" in late.findings[0].detail
    assert late.findings[0].url.endswith("/xxgk/jcml/")

    # An inactive entry is not monitored.
    CatalogueEntry.objects.filter(site=cluster.banner, name="低保对象公示").update(
        active=False
    )
    assert run(cluster)[cluster.banner.pk].status is Status.PASS


def test_r34_the_public_page_lists_the_catalogue(cluster, client):
    page = client.get("/xxgk/jcml/", HTTP_HOST=cluster.banner.hostname)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    domains = [h.get_text() for h in soup.select(".catalogue-domain")]
    assert domains == list(dict.fromkeys(e["domain"] for e in STANDARD_ENTRIES))
    rows = soup.select(".catalogue-entry")
    assert len(rows) == len(STANDARD_ENTRIES)
    first = [c.get_text(strip=True) for c in rows[0].select("th, td")]
    assert first[:4] == ["政府预算", STANDARD_ENTRIES[0]["content"],
                         "《中华人民共和国预算法》第十四条", "批准后20日内"]  # fmt: skip
    assert rows[0].select_one("a")["href"].endswith("/czyjs/")
    # A department site has no such catalogue.
    assert client.get("/xxgk/jcml/", HTTP_HOST=cluster.edu.hostname).status_code == 404
