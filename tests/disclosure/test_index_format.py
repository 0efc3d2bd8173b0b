"""The configurable 索引号 format (issue #4; REQUIREMENTS §5.2, R26)."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from disclosure.catalog.index_format import DEFAULT_FORMAT, IndexFormat
from disclosure.catalog.system_checks import index_format_check
from disclosure.models import DisclosureItem, IndexSequence
from tests.disclosure.catalog_data import give_agency_codes, publish_item

pytestmark = pytest.mark.django_db
EDU = "11159900MB1234567X"


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def first_published(site, title, when):
    """An item whose first publication was at ``when`` (publishing keeps that date)."""
    return publish_item(site, title, first_published_at=when, publish_date=when)


def test_default_format_is_agency_year_and_five_digit_sequence(cluster, settings):
    """R26: `{机构代码}/{YYYY}-{NNNNN}` by default, per agency and year."""
    assert settings.DISCLOSURE_INDEX_FORMAT == DEFAULT_FORMAT
    give_agency_codes(cluster)
    first = first_published(cluster.edu, "第一件", at(2026, 3, 1))
    second = first_published(cluster.edu, "第二件", at(2026, 11, 1))
    next_year = first_published(cluster.edu, "次年第一件", at(2027, 1, 5))
    other = first_published(cluster.health, "卫健第一件", at(2026, 3, 1))
    assert [first.index_number, second.index_number, next_year.index_number] == [
        f"{EDU}/2026-00001",
        f"{EDU}/2026-00002",
        f"{EDU}/2027-00001",
    ]
    assert other.index_number == "012345678/2026-00001"
    pattern = IndexFormat(DEFAULT_FORMAT).pattern()
    assert pattern.pattern == r"^(?:[0-9A-Z]{18}|[0-9]{9})/[0-9]{4}\-[0-9]{5,}\Z"
    assert all(pattern.match(i.index_number) for i in (first, second, next_year, other))


def test_year_is_the_local_year_of_first_publication(cluster):
    """Published at 01:00 on 1 January in Beijing (17:00 UTC the day before)."""
    give_agency_codes(cluster)
    new_year = datetime.datetime(2026, 12, 31, 17, 0, tzinfo=datetime.UTC)
    item = first_published(cluster.edu, "元旦凌晨发布", new_year)
    assert item.index_number == f"{EDU}/2027-00001"


def test_yyyymm_format_counts_per_month(cluster, settings):
    settings.DISCLOSURE_INDEX_FORMAT = "{agency}/{yyyymm}-{seq:05d}"
    give_agency_codes(cluster)
    january = first_published(cluster.edu, "一月第一件", at(2026, 1, 15))
    february = first_published(cluster.edu, "二月第一件", at(2026, 2, 3))
    january_again = first_published(cluster.edu, "一月第二件", at(2026, 1, 20))
    assert january.index_number == f"{EDU}/202601-00001"
    assert february.index_number == f"{EDU}/202602-00001"
    assert january_again.index_number == f"{EDU}/202601-00002"
    assert IndexSequence.objects.get(agency_code=EDU, year=2026, month=1).last == 2
    pattern = IndexFormat(settings.DISCLOSURE_INDEX_FORMAT).pattern()
    assert pattern.match(january.index_number)
    assert not pattern.match(f"{EDU}/2026-00001")


def test_format_without_a_period_never_restarts_its_sequence(cluster, settings):
    settings.DISCLOSURE_INDEX_FORMAT = "{agency}-{seq:06d}"
    give_agency_codes(cluster)
    first = first_published(cluster.edu, "甲", at(2026, 12, 30))
    second = first_published(cluster.edu, "乙", at(2027, 1, 2))
    assert (first.index_number, second.index_number) == (
        f"{EDU}-000001",
        f"{EDU}-000002",
    )


def test_numbers_stay_unique_across_agencies_periods_and_format_changes(
    cluster, settings
):
    give_agency_codes(cluster)
    dates = [at(2026, month, 10) for month in (1, 1, 2, 12)]
    for number, when in enumerate(dates):
        for site in (cluster.portal, cluster.edu, cluster.health):
            first_published(site, f"{site.site_name}年度{number}", when)
    # Switching to monthly numbering mid-year must not repeat an earlier number.
    settings.DISCLOSURE_INDEX_FORMAT = "{agency}/{yyyymm}-{seq:05d}"
    for number, when in enumerate(dates):
        for site in (cluster.portal, cluster.edu):
            first_published(site, f"{site.site_name}月度{number}", when)
    numbers = list(DisclosureItem.objects.values_list("index_number", flat=True))
    assert len(numbers) == 20 and None not in numbers
    assert len(set(numbers)) == len(numbers)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{yyyy}-{seq:05d}", "必须恰好包含一次 {agency}"),
        ("{agency}/{yyyy}", "必须恰好包含一次 {seq}"),
        ("{agency}/{yyyy}-{seq:05d}-{seq}", "必须恰好包含一次 {seq}"),
        ("{agency}/{year}-{seq:05d}", "未知字段 {year}"),
        ("{agency}/{yyyy}-{seq:5d}", "序号格式"),
        ("{agency}/{yyyy:>6}-{seq}", "不能带格式说明"),
        ("{agency}/{yyyy}{yyyymm}-{seq}", "只能选用一个"),
        ("{agency}/{yyyy-{seq}", "无法解析"),
        ("{agency!r}/{seq}", "无法解析"),
        ("", "不能为空"),
    ],
)
def test_a_bad_format_fails_the_system_check(settings, template, message):
    settings.DISCLOSURE_INDEX_FORMAT = template
    errors = index_format_check()
    assert errors and all(e.id == "disclosure.E001" for e in errors)
    assert any(message in e.msg for e in errors), [e.msg for e in errors]
    with pytest.raises(SystemCheckError) as excinfo:
        call_command("check")
    assert "disclosure.E001" in str(excinfo.value)


@pytest.mark.parametrize(
    "template",
    [
        DEFAULT_FORMAT,
        "{agency}/{yyyymm}-{seq:05d}",
        "{agency}-{seq}",
        "GK{agency}{seq:08d}",
    ],
)
def test_good_formats_pass_the_system_check(settings, template):
    settings.DISCLOSURE_INDEX_FORMAT = template
    assert index_format_check() == []
