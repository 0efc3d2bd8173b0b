"""Art. 26 of the 条例: items published more than 20 working days after their
成文日期 without a legal basis for another term (R30) fail the check and appear
in the supervisors' per-agency list; with a basis they do not."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.utils import timezone

from disclosure.catalog.timeliness import PublicationTermCheck, late_items
from disclosure.models import DisclosureItem
from sites.compliance import registered_checks
from sites.compliance.base import Status
from sites.services.provisioning import SiteRole, site_groups
from sites.services.roles import SUPERVISOR
from sites.services.workdays import add_working_days
from tests.export_helpers import csv_rows, xlsx_rows

from .catalog_data import give_agency_codes, publish_item

pytestmark = pytest.mark.django_db
LIST = "/admin/supervision/publication-term/"
# 1 Sep 2026; 25 working days later crosses the National Day holiday (1–7 Oct).
WRITTEN = datetime.date(2026, 9, 1)


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def published_after(site, title, working_days, **fields):
    item = publish_item(site, title, written_date=WRITTEN, **fields)
    day = add_working_days(WRITTEN, working_days).date
    DisclosureItem.objects.filter(pk=item.pk).update(publish_date=at(day))
    return item, day


def test_r30_25_working_days_without_basis_is_late_and_with_basis_is_not(cluster):
    give_agency_codes(cluster)
    assert "disclosure_publication_term" in {c.id for c in registered_checks()}
    late, day = published_after(
        cluster.edu, "迟发的通知", 25, issuing_agency="教育局办公室"
    )
    on_time, _ = published_after(cluster.edu, "按时发布的通知", 20)
    based, _ = published_after(
        cluster.health,
        "依法另定期限的公告",
        25,
        other_term_basis="《中华人民共和国某某法》第十条",
    )
    today = day + datetime.timedelta(days=3)

    items = late_items(cluster.all, today)
    assert [(i.page_id, i.working_days, i.agency) for i in items] == [
        (late.pk, 25, "教育局办公室")
    ]
    results = PublicationTermCheck().run(cluster.all, today)
    assert results[cluster.edu.pk].status is Status.FAIL
    assert results[cluster.edu.pk].findings[0].title == "迟发的通知"
    assert "相隔25个工作日" in results[cluster.edu.pk].findings[0].detail
    assert results[cluster.health.pk].status is Status.PASS
    assert on_time.pk not in {i.page_id for i in items}
    assert based.pk not in {i.page_id for i in items}

    # Recording the legal basis takes the item off the list.
    DisclosureItem.objects.filter(pk=late.pk).update(other_term_basis="某法规第五条")
    assert PublicationTermCheck().run(cluster.all, today)[cluster.edu.pk].status is (
        Status.PASS
    )


def test_r30_the_per_agency_list_is_for_supervisors_and_the_sites_own_admin(
    cluster, client, make_user
):
    give_agency_codes(cluster)
    published_after(cluster.edu, "迟发的通知", 25, issuing_agency="教育局办公室")
    published_after(cluster.health, "卫健委迟发的公告", 30)
    # The list covers the year before today: the items above are in 2026.
    if timezone.localdate() > datetime.date(2027, 9, 1):
        pytest.skip("the fixed 2026 items are outside the one-year window")

    supervisor = make_user("r30-supervisor", Group.objects.get(name=SUPERVISOR))
    client.force_login(supervisor)
    page = BeautifulSoup(client.get(LIST).content, "html.parser")
    headings = [h.get_text(strip=True) for h in page.select(".agency-heading")]
    assert headings == [
        "北疆市卫生健康委员会 · 北疆市卫生健康委员会（1条）",
        "北疆市教育局 · 教育局办公室（1条）",
    ]
    assert [td.get_text() for td in page.select(".working-days")] == ["30", "25"]

    edu_admin = make_user(
        "r30-edu-admin", site_groups(cluster.edu.site_name)[SiteRole.SITE_ADMIN]
    )
    client.force_login(edu_admin)
    page = BeautifulSoup(client.get(LIST).content, "html.parser")
    assert [h.get_text(strip=True) for h in page.select(".agency-heading")] == [
        "北疆市教育局 · 教育局办公室（1条）"
    ]

    editor = make_user(
        "r30-editor", site_groups(cluster.edu.site_name)[SiteRole.EDITOR]
    )
    client.force_login(editor)
    refused = client.get(LIST)
    assert (refused.status_code, refused.url) == (302, "/admin/")


def test_r30_the_editor_form_has_the_legal_basis_field(cluster, make_user, client):
    give_agency_codes(cluster)
    item = publish_item(cluster.edu, "有依据的文件")
    editor = make_user(
        "r30-form-editor", site_groups(cluster.edu.site_name)[SiteRole.EDITOR]
    )
    client.force_login(editor)
    page = BeautifulSoup(
        client.get(f"/admin/pages/{item.pk}/edit/").content, "html.parser"
    )
    field = page.select_one("input[name=other_term_basis]")
    assert field is not None
    assert "另行规定公开时限的依据" in page.get_text()


def test_r30_the_list_exports_and_filters_the_users_sites_only(
    cluster, client, make_user
):
    give_agency_codes(cluster)
    published_after(cluster.edu, "迟发的通知", 25, issuing_agency="教育局办公室")
    published_after(cluster.edu, "迟发的公告", 26, issuing_agency="教育局基教科")
    published_after(cluster.health, "卫健委迟发的公告", 30)
    if timezone.localdate() > datetime.date(2027, 9, 1):
        pytest.skip("the fixed 2026 items are outside the one-year window")
    client.force_login(make_user("r30-sup", Group.objects.get(name=SUPERVISOR)))
    rows = xlsx_rows(client.get(f"{LIST}?export=xlsx"))
    assert rows[0] == [
        "网站",
        "发布机构",
        "信息名称",
        "成文日期",
        "发布日期",
        "相隔工作日",
    ]
    assert sorted(r[2] for r in rows[1:]) == [
        "卫健委迟发的公告",
        "迟发的公告",
        "迟发的通知",
    ]
    only_edu = csv_rows(client.get(f"{LIST}?site={cluster.edu.pk}&export=csv"))
    assert {r[0] for r in only_edu[1:]} == {"北疆市教育局"} and len(only_edu) == 3
    page = BeautifulSoup(client.get(f"{LIST}?agency=基教科").content, "html.parser")
    assert [h.get_text(strip=True) for h in page.select(".agency-heading")] == [
        "北疆市教育局 · 教育局基教科（1条）"
    ]
    client.force_login(
        make_user(
            "r30-h-admin", site_groups(cluster.health.site_name)[SiteRole.SITE_ADMIN]
        )
    )
    rows = xlsx_rows(client.get(f"{LIST}?export=xlsx&site={cluster.edu.pk}"))
    assert [r[2] for r in rows[1:]] in ([], ["卫健委迟发的公告"])
    rows = xlsx_rows(client.get(f"{LIST}?export=xlsx"))
    assert [r[2] for r in rows[1:]] == ["卫健委迟发的公告"]
