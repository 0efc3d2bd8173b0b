"""Replies serve the writer, publication protects them (issue 18 item 1): the
writer's look-up shows the full reply and their own letter; the published
letter hides the writer's data wherever it occurs (letter and reply) but keeps
the office's numbers; the reviewer sees the public version before approving."""

import re

import pytest
from bs4 import BeautifulSoup

from interaction.models import Letter
from tests.search.conftest import index_now, sqlite_only  # noqa: F401 (fixture)

from .helpers import (
    ADDRESS,
    EMAIL,
    PHONE,
    PORTAL_HOST,
    VALID_ID,
    query,
    receipt_of,
    text_of,
    write_letter,
)

ADMIN = "/admin/interaction/letters/"
BUREAU = "0477-8123111"  # the bureau's number, quoted in its reply
REPLY = (
    f"李四您好：幸福路8号3单元属于实验小学学区，报名材料为户口簿和房产证明。"
    f"我们已按1391234 5678与您电话联系。详情请咨询基础教育科，电话{BUREAU}。"
)
SECRETS = (PHONE, "1391234 5678", VALID_ID, EMAIL, ADDRESS, "幸福路8号", "李四")


def _act(staff, user, letter, action, **data):
    staff.force_login(user)
    return staff.post(f"{ADMIN}{letter.pk}/{action}/", data, HTTP_HOST=PORTAL_HOST)


def _replied(client, people):
    assert write_letter(client).status_code == 302
    case_number, code = receipt_of(client)
    letter = Letter.objects.get(case_number=case_number)
    staff = client.__class__()
    _act(staff, people["portal"], letter, "accept", site=letter.mailbox.site.pk)
    _act(staff, people["portal2"], letter, "reply", reply=REPLY)
    letter.refresh_from_db()
    assert letter.status == "replied"
    return letter, code, staff


def test_the_reviewer_sees_the_public_version_before_approving(client, people):
    letter, _, staff = _replied(client, people)
    staff.force_login(people["portal_reviewer"])
    page = staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=PORTAL_HOST)
    assert page.status_code == 200
    preview = BeautifulSoup(page.content, "html.parser").select_one(".letter-preview")
    assert preview is not None
    text = preview.get_text()
    assert BUREAU in text and "实验小学学区" in text and "李**您好" in text
    for secret in SECRETS:
        assert secret not in text, secret
    # Approving publishes exactly what was previewed.
    _act(staff, people["portal_reviewer"], letter, "approve")
    letter.refresh_from_db()
    assert letter.status == "closed"
    assert letter.public_reply == preview.select_one(".preview-reply").get_text()


@pytest.mark.usefixtures("sqlite_only")
def test_the_writer_reads_everything_the_public_reads_none_of_it(client, people):
    letter, code, staff = _replied(client, people)
    _act(staff, people["portal_reviewer"], letter, "approve")
    _act(staff, people["portal"], letter, "publish")
    letter.refresh_from_db()
    assert letter.is_published
    index_now()

    writer = client.__class__()
    assert query(writer, letter.case_number, code).status_code == 302
    own = writer.get("/hdjl/ldxx/query/", HTTP_HOST=PORTAL_HOST)
    assert (
        own["Cache-Control"].startswith("max-age=0")
        or "no-cache" in own["Cache-Control"]
    )
    own_text = text_of(own.content.decode())
    assert BUREAU in own_text and "幸福路8号3单元属于实验小学学区" in own_text
    assert ADDRESS in own_text and PHONE in own_text  # their own letter, unmasked

    public = client.__class__()
    detail = f"/hdjl/ldxx/{letter.case_number}/"
    seen, queue = set(), [detail, "/hdjl/ldxx/", "/", "/search/?q=入学报名"]
    while queue:
        path = queue.pop()
        if path in seen or len(seen) > 40:
            continue
        seen.add(path)
        response = public.get(path, HTTP_HOST=PORTAL_HOST)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        for secret in SECRETS:
            assert secret not in html, (path, secret)
        queue += re.findall(r'href="(/hdjl/ldxx/[^"?#]*)"', html)
    page_text = text_of(public.get(detail, HTTP_HOST=PORTAL_HOST).content.decode())
    assert BUREAU in page_text and "***属于实验小学学区" in page_text
    found = public.get("/search/?q=入学报名", HTTP_HOST=PORTAL_HOST)
    search_text = BeautifulSoup(found.content, "html.parser").get_text()
    assert letter.public_subject in search_text
