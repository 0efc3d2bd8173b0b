"""The audit log as an auditor reads it (issue #17 item 6): every action carries
the client's address, times are absolute, actions have Chinese names and people
their real names."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sites.audit_labels import action_label
from sites.models import AuditEvent, Submission
from sites.services.provisioning import SiteRole
from sites.services.roles import AUDIT_ADMIN, SYSTEM_ADMIN
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db

PROXY = {"REMOTE_ADDR": "198.51.100.23"}


def logged_in(user):
    client = Client(**PROXY)
    client.force_login(user)
    return client


def addresses(**filters):
    return set(
        AuditEvent.objects.filter(**filters).values_list("ip_address", flat=True)
    )


def test_withdrawal_and_its_unpublish_carry_the_address(cluster, site_user):
    article = add_article(column(cluster.edu, "tzgg"), "关于寒假安排的通知")
    reviewer = logged_in(site_user(cluster.edu, SiteRole.REVIEWER, "edu-reviewer"))
    response = reviewer.post(
        reverse("sites_withdraw_page", args=[article.pk]), {"reason": "expired"}
    )
    assert response.status_code == 302
    for action in ("cluster.withdraw", "wagtail.unpublish"):
        assert addresses(action=action, object_id=str(article.pk)) == {
            "198.51.100.23"
        }, action


def test_accepting_a_submission_carries_the_address(cluster, site_user):
    article = add_article(column(cluster.edu, "gzdt"), "全市中小学开展冬季安全教育")
    editor = logged_in(site_user(cluster.edu, SiteRole.EDITOR, "edu-editor"))
    editor.post(
        reverse("sites_syndication_submit", args=[article.pk]),
        {"column": column(cluster.portal, "gzdt").pk},
    )
    submission = Submission.objects.get(article=article)
    reviewer = logged_in(
        site_user(cluster.portal, SiteRole.REVIEWER, "portal-reviewer")
    )
    reviewer.post(reverse("sites_syndication_decide", args=[submission.pk, "accept"]))
    assert addresses(action="cluster.syndication.submit") == {"198.51.100.23"}
    assert addresses(action="cluster.syndication.accept") == {"198.51.100.23"}


def test_creating_and_editing_a_user_carry_the_address(cluster, make_user):
    security = logged_in(make_user("sysadm", Group.objects.get(name=SYSTEM_ADMIN)))
    account = {
        "username": "wangfang", "email": "wf@example.gov.cn", "first_name": "芳",
        "last_name": "王", "is_active": "on",
        "password1": "Gov!2026-Kq7#Wm", "password2": "Gov!2026-Kq7#Wm",
    }  # fmt: skip
    response = security.post(reverse("wagtailusers_users:add"), account)
    assert response.status_code == 302, [
        e.get_text(" ", strip=True)
        for e in BeautifulSoup(response.content, "html.parser").select(
            ".error-message, .help-critical, [role=alert]"
        )
    ]
    created = get_user_model().objects.get(username="wangfang")
    account.pop("password1"), account.pop("password2")
    security.post(
        reverse("wagtailusers_users:edit", args=[created.pk]),
        {**account, "first_name": "芳芳"},
    )
    events = AuditEvent.objects.filter(object_type="auth.user", object_id=created.pk)
    assert {"wagtail.create", "wagtail.edit"} <= set(
        events.values_list("action", flat=True)
    )
    assert set(events.values_list("ip_address", flat=True)) == {"198.51.100.23"}


def test_the_log_shows_absolute_times_chinese_actions_and_real_names(
    cluster, make_user, site_user
):
    handler = site_user(cluster.edu, SiteRole.LETTER_HANDLER, "jyj_letters")
    handler.last_name, handler.first_name = "李", "娜"
    handler.save()
    at = timezone.make_aware(datetime.datetime(2026, 12, 7, 14, 3))
    AuditEvent.objects.create(
        action="interaction.letter.accept", user=handler, username="jyj_letters",
        site=cluster.edu, object_title="XJ2026120700001", timestamp=at,
    )  # fmt: skip
    auditor = logged_in(make_user("auditor", Group.objects.get(name=AUDIT_ADMIN)))
    html = auditor.get(reverse("sites_audit_log"), {"username": "jyj"})
    row = next(
        tr
        for tr in BeautifulSoup(html.content, "html.parser").select("tbody tr")
        if "XJ2026120700001" in tr.get_text()
    )
    cells = [td.get_text(" ", strip=True) for td in row.select("td")]
    assert "2026-12-07 14:03" in cells
    assert "李娜" in cells and "jyj_letters" not in cells
    assert "受理信件" in cells and "interaction.letter.accept" not in row.get_text()


@pytest.mark.parametrize(
    "action",
    [
        *(f"interaction.letter.{a}" for a in ("accept", "reject", "redirect", "route",
                                             "reply", "approve", "return", "publish",
                                             "unpublish", "follow_up")),
        "cluster.withdraw", "cluster.syndication.accept", "wagtail.unpublish",
        "wagtail.create", "wagtail.edit", "disclosure.approvals_import",
        "disclosure.application.register", "integrity.tamper_detected",
    ],
)  # fmt: skip
def test_every_recorded_action_has_a_chinese_name(action):
    label = action_label(action)
    assert label != action and not any(c.isascii() and c.isalpha() for c in label)
