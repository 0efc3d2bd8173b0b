"""Lists without per-item queries, the letter desk per role, statistics (R56),
new sites from the standard (R52), the demo seed and the catch-up command."""

import datetime
import io
import uuid

from django.core.management import call_command
from django.utils import timezone

from interaction.models import ConsultationPage, InterviewPage, Letter, Mailbox
from interaction.services import letter_workflow as workflow
from interaction.services.statistics import monthly
from sites.models import ColumnPage, SiteKind
from sites.services.provisioning import SiteSpec, create_site

from ..conftest import column
from .helpers import EDU_HOST, PHONE, PORTAL_HOST, text_of


def published_letters(cluster, people, n, site=None):
    site = site or cluster.edu
    mailbox = cluster.portal.mailboxes.get()
    letters = []
    for number in range(n):
        letter, _ = workflow.submit(mailbox, mailbox.categories.first(), {
            "subject": f"公开信件{number}", "content": "内容", "name": "李四", "phone": PHONE,
            "may_publish": True,
        }, uuid.uuid4())  # fmt: skip
        workflow.accept(letter, people["portal"], site)
        workflow.reply(
            letter, people["edu"] if site == cluster.edu else people["health"], "答复"
        )
        workflow.review(letter, people["portal_reviewer"], True)
        workflow.publish(letter, people["portal"])
        letters.append(letter)
    return letters


def count_queries(client, url, host, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200
    return response


def test_public_lists_do_not_query_per_item(
    client, cluster, people, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    published_letters(cluster, people, 2)
    now = timezone.now()
    column(cluster.edu, "yjzj").add_child(instance=ConsultationPage(
        title="征集", opens_at=now, closes_at=now + datetime.timedelta(days=40),
        document_type="other",
    ))  # fmt: skip
    column(cluster.edu, "zxft").add_child(instance=InterviewPage(
        title="访谈", guests="嘉宾", starts_at=now, ends_at=now + datetime.timedelta(hours=1),
    ))  # fmt: skip
    for path in ("/hdjl/ldxx/", "/hdjl/yjzj/", "/hdjl/zxft/", "/hdjl/ldxx/tj/"):
        with CaptureQueriesContext(connection) as few:
            client.get(path, HTTP_HOST=PORTAL_HOST)
        baseline = len(few)
        if path == "/hdjl/ldxx/":
            published_letters(cluster, people, 8, site=cluster.health)
        elif path == "/hdjl/yjzj/":
            for number in range(8):
                parent = column(cluster.edu if number % 2 else cluster.health, "yjzj")
                now = timezone.now()
                parent.add_child(instance=ConsultationPage(
                    title=f"征集{number}", opens_at=now, closes_at=now + datetime.timedelta(days=40),
                    document_type="other",
                ))  # fmt: skip
        elif path == "/hdjl/zxft/":
            for number in range(8):
                now = timezone.now()
                column(cluster.edu, "zxft").add_child(instance=InterviewPage(
                    title=f"访谈{number}", guests="嘉宾", starts_at=now,
                    ends_at=now + datetime.timedelta(hours=1),
                ))  # fmt: skip
        count_queries(
            client, path, PORTAL_HOST, django_assert_max_num_queries, baseline
        )
    html = client.get("/hdjl/ldxx/", HTTP_HOST=PORTAL_HOST).content.decode()
    assert "公开信件7" in html and "北疆市卫生健康委员会" in html


def test_the_desk_shows_each_handler_their_own_sites_letters_only(
    client, cluster, people, django_assert_max_num_queries
):
    mailbox_portal = cluster.portal.mailboxes.get()
    mailbox_health = cluster.health.mailboxes.get()
    for mailbox, subject in (
        (mailbox_portal, "市长信箱来信"),
        (mailbox_health, "卫健委信箱来信"),
    ):
        workflow.submit(mailbox, mailbox.categories.first(), {
            "subject": subject, "content": "内容", "name": "李四", "phone": PHONE,
        }, uuid.uuid4())  # fmt: skip
    desk = "/admin/interaction/letters/"
    client.force_login(people["health"])
    html = client.get(desk, HTTP_HOST=PORTAL_HOST).content.decode()
    assert "卫健委信箱来信" in html and "市长信箱来信" not in html
    client.force_login(people["edu"])
    html = client.get(desk, HTTP_HOST=PORTAL_HOST).content.decode()
    assert "卫健委信箱来信" not in html and "市长信箱来信" not in html
    client.force_login(people["supervisor"])
    html = client.get(desk, HTTP_HOST=PORTAL_HOST).content.decode()
    assert "卫健委信箱来信" in html and "市长信箱来信" in html and "李*" in html
    assert "李四" not in html and PHONE not in html
    # An editor has no desk at all, nor the menu.
    client.force_login(people["edu_editor"])
    response = client.get(desk, HTTP_HOST=PORTAL_HOST)
    assert response.status_code == 302 and response.url == "/admin/"
    from django.test import RequestFactory

    from interaction.wagtail_hooks import InteractionMenu

    menu = InteractionMenu().get_menu_item()
    request = RequestFactory().get("/admin/")
    shown = {}
    for who in ("edu_editor", "health", "supervisor"):
        request.user = people[who]
        shown[who] = menu.is_shown(request) and [
            item.label for item in menu.menu.menu_items_for_request(request)
        ]
    assert shown["edu_editor"] is False
    assert "信件办理" in shown["health"] and "信件督办" not in shown["health"]
    assert "信件督办" in shown["supervisor"] and "办理提醒" not in shown["supervisor"]
    # The desk does not query per letter.
    client.force_login(people["supervisor"])
    with django_assert_max_num_queries(40):
        client.get(desk, HTTP_HOST=PORTAL_HOST)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(desk, HTTP_HOST=PORTAL_HOST)
    for _ in range(10):
        workflow.submit(mailbox_health, mailbox_health.categories.first(), {
            "subject": "更多来信", "content": "内容", "name": "李四", "phone": PHONE,
        }, uuid.uuid4())  # fmt: skip
    with django_assert_max_num_queries(len(before)):
        client.get(desk, HTTP_HOST=PORTAL_HOST)


def test_r56_statistics_per_department_and_month(client, cluster, people):
    letters = published_letters(cluster, people, 2)
    Letter.objects.filter(pk=letters[0].pk).update(
        submitted_at=datetime.datetime(2026, 9, 29, 9, tzinfo=datetime.UTC),
        reviewed_at=datetime.datetime(2026, 10, 9, 9, tzinfo=datetime.UTC),
        due_on=datetime.date(2026, 10, 12),
    )
    Letter.objects.filter(pk=letters[1].pk).update(
        submitted_at=datetime.datetime(2026, 9, 30, 9, tzinfo=datetime.UTC),
        reviewed_at=datetime.datetime(2026, 10, 20, 9, tzinfo=datetime.UTC),
        due_on=datetime.date(2026, 10, 13),
    )
    rows = monthly([cluster.edu.pk])
    assert len(rows) == 1
    row = rows[0]
    # 29 Sep → 9 Oct: 30 Sep, 8, 9 Oct = 3; 30 Sep → 20 Oct: 8…20 Oct = 10.
    assert (row.month, row.received, row.answered, row.on_time) == ("2026-09", 2, 2, 1)
    assert row.average_days == 6.5
    html = text_of(client.get("/hdjl/ldxx/tj/", HTTP_HOST=EDU_HOST).content.decode())
    assert "2026-09 北疆市教育局 2 2 1 50% 6.5" in html


def test_r52_a_new_site_gets_its_mailbox_and_the_interview_column(cluster):
    site = create_site(SiteSpec(code="1599000009", name="北疆市文化旅游局",
                                hostname="wlj.bj.example.gov.cn", kind=SiteKind.DEPARTMENT,
                                parent_code="1599000001"))  # fmt: skip
    mailbox = Mailbox.objects.get(site=site)
    assert {c.name: c.reply_working_days for c in mailbox.categories.all()} == {
        "咨询": 5,
        "建议": 15,
        "投诉": 15,
    }
    assert ColumnPage.objects.descendant_of(site.root_page).filter(slug="zxft").exists()


def test_the_catch_up_command_adds_missing_columns_once(cluster):
    column(cluster.banner, "zxft").delete()
    Mailbox.objects.filter(site=cluster.banner).delete()
    call_command("ensure_interaction_columns", stdout=io.StringIO())
    call_command("ensure_interaction_columns", stdout=io.StringIO())
    assert (
        ColumnPage.objects.descendant_of(cluster.banner.root_page)
        .filter(slug="zxft")
        .count()
        == 1
    )
    assert Mailbox.objects.filter(site=cluster.banner).count() == 1


def test_the_interaction_column_links_the_letter_views(client, cluster):
    html = client.get("/hdjl/", HTTP_HOST=EDU_HOST).content.decode()
    for label in ("领导信箱", "意见征集", "在线访谈", "我要写信", "信件查询"):
        assert label in html
    for path in ("/hdjl/ldxx/", "/hdjl/yjzj/", "/hdjl/zxft/"):
        assert path in html


def test_the_demo_seed_is_idempotent(cluster):
    from demo.interaction.letters import seed_demo

    sites = {"portal": cluster.portal, "edu": cluster.edu, "health": cluster.health,
             "transport": cluster.banner, "env": cluster.banner}  # fmt: skip
    out = io.StringIO()
    seed_demo(sites, out)
    counts = (
        Letter.objects.count(),
        ConsultationPage.objects.count(),
        InterviewPage.objects.count(),
    )
    seed_demo(sites, out)
    assert counts == (Letter.objects.count(), ConsultationPage.objects.count(),
                      InterviewPage.objects.count())  # fmt: skip
    assert counts[0] == 5 and Letter.objects.public().count() == 2
    assert set(Letter.objects.values_list("status", flat=True)) >= {"closed", "handling",
                                                                    "submitted", "redirected"}  # fmt: skip
