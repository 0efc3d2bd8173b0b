"""The letter's way through the government (REQUIREMENTS §7.1, R52–R54, R60):
submission → 受理/转办 → 再转办 → 答复 → 审核 → 公开, driven over HTTP as the
writer and as each site's 信件办理 handler (never a superuser)."""

import datetime
import uuid

import pytest
from django.utils import timezone

from interaction.models import Letter
from interaction.services import letter_workflow as workflow
from interaction.signals import letter_published, letter_unpublished

from .helpers import (
    ADDRESS,
    EDU_HOST,
    EMAIL,
    HEALTH_HOST,
    PHONE,
    PORTAL_HOST,
    VALID_ID,
    query,
    receipt_of,
    refused,
    text_of,
    write_letter,
)

ADMIN = "/admin/interaction/letters/"


def act(client, user, letter, action, **data):
    client.force_login(user)
    return client.post(f"{ADMIN}{letter.pk}/{action}/", data, HTTP_HOST=PORTAL_HOST)


def test_r53_r54_a_letter_goes_through_two_departments_to_publication_without_personal_data(
    client, cluster, people, django_capture_on_commit_callbacks
):
    assert write_letter(client).status_code == 302
    case_number, code = receipt_of(client)
    letter = Letter.objects.get(case_number=case_number)
    assert letter.handling_site == cluster.portal and letter.status == "submitted"
    # Personal data is stored encrypted only.
    assert PHONE not in letter.phone_encrypted and letter.phone == PHONE

    staff = client.__class__()
    assert act(staff, people["portal"], letter, "accept", site=cluster.edu.pk,
               note="请教育局答复").status_code == 302  # fmt: skip
    letter.refresh_from_db()
    assert (letter.status, letter.handling_site) == ("handling", cluster.edu)
    # 教育局 finds it belongs to 卫健委 and routes it on.
    act(
        staff,
        people["edu"],
        letter,
        "route",
        site=cluster.health.pk,
        note="属卫健委职责",
    )
    letter.refresh_from_db()
    assert letter.handling_site == cluster.health
    # 教育局 no longer sees it; 卫健委 replies.
    staff.force_login(people["edu"])
    assert refused(staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=EDU_HOST))
    act(staff, people["health"], letter, "reply",
        reply=f"您好，入学报名材料包括户口簿和房产证明。联系人电话{PHONE}已记录。")  # fmt: skip
    letter.refresh_from_db()
    assert letter.status == "replied" and letter.reply_site == cluster.health
    # The mailbox owner reviews and publishes.
    act(staff, people["portal_reviewer"], letter, "approve")
    letter.refresh_from_db()
    assert letter.status == "closed"
    received = []

    def receiver(sender, instance, **kwargs):
        received.append(instance.case_number)

    letter_published.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            act(staff, people["portal"], letter, "publish")
    finally:
        letter_published.disconnect(receiver)
    assert received == [case_number]
    letter.refresh_from_db()
    assert letter.is_published

    for host in (PORTAL_HOST, HEALTH_HOST):
        listing = client.get("/hdjl/ldxx/", HTTP_HOST=host).content.decode()
        assert "关于小学入学报名的咨询" in listing
    # Not on the site that only passed it on.
    assert (
        "关于小学入学报名的咨询"
        not in client.get("/hdjl/ldxx/", HTTP_HOST=EDU_HOST).content.decode()
    )

    page = client.get(f"/hdjl/ldxx/{case_number}/", HTTP_HOST=PORTAL_HOST)
    assert page.status_code == 200
    text = text_of(page.content.decode())
    for label in ("留言内容", "留言时间", "回复单位", "回复时间", "回复内容"):
        assert label in text
    assert "北疆市卫生健康委员会" in text and "户口簿" in text
    html = page.content.decode()
    for secret in (PHONE, VALID_ID, EMAIL, ADDRESS, "幸福路8号", "李四"):
        assert secret not in html


def test_an_unpublished_letter_is_seen_only_with_its_query_code_and_by_its_handlers(
    client, cluster, people
):
    write_letter(client, subject="关于供暖费的咨询")
    case_number, code = receipt_of(client)
    letter = Letter.objects.get(case_number=case_number)
    anonymous = client.__class__()
    assert (
        anonymous.get(f"/hdjl/ldxx/{case_number}/", HTTP_HOST=PORTAL_HOST).status_code
        == 404
    )
    assert (
        "关于供暖费的咨询"
        not in anonymous.get("/hdjl/ldxx/", HTTP_HOST=PORTAL_HOST).content.decode()
    )
    # The writer, with the code.
    assert query(anonymous, case_number, code).status_code == 302
    own = anonymous.get("/hdjl/ldxx/query/", HTTP_HOST=PORTAL_HOST).content.decode()
    assert "关于供暖费的咨询" in own and "待受理" in own
    assert PHONE in own and VALID_ID not in own  # their own letter, unmasked
    # The mailbox's handler sees it in full; another site's handler and an editor do not.
    staff = client.__class__()
    staff.force_login(people["portal"])
    detail = staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=PORTAL_HOST).content.decode()
    assert PHONE in detail and VALID_ID in detail
    for outsider in ("edu", "edu_editor"):
        staff.force_login(people[outsider])
        assert refused(staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=PORTAL_HOST))
    assert refused(act(staff, people["edu"], letter, "accept", site=cluster.edu.pk))
    # The supervisor reads it masked.
    staff.force_login(people["supervisor"])
    masked = staff.get(f"{ADMIN}{letter.pk}/", HTTP_HOST=PORTAL_HOST).content.decode()
    assert PHONE not in masked and VALID_ID not in masked and "李*" in masked


def test_nobody_approves_their_own_reply_and_publication_needs_consent(cluster, people):
    mailbox = cluster.portal.mailboxes.get()
    category = mailbox.categories.get(name="建议")
    letter, _ = workflow.submit(mailbox, category, {
        "subject": "建议", "content": "内容", "name": "王五", "phone": PHONE,
        "may_publish": False,
    }, uuid.uuid4())  # fmt: skip
    portal = people["portal"]
    workflow.accept(letter, portal, cluster.portal)
    workflow.reply(letter, portal, "答复")
    # A second clerk is no reviewer: the site's 审核 reviews.
    with pytest.raises(workflow.WorkflowError, match="审核人员或站点管理员"):
        workflow.review(letter, people["portal2"], True)
    workflow.review(letter, people["portal_reviewer"], True)
    try:
        workflow.publish(letter, portal)
    except workflow.WorkflowError as exc:
        assert "不同意公开" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("published without consent")
    assert not Letter.objects.public().filter(pk=letter.pk).exists()


def test_invalid_and_petition_letters_are_answered_with_the_reason(
    client, cluster, people
):
    write_letter(client, subject="无效来信")
    number_a, code_a = receipt_of(client)
    write_letter(client, subject="征地补偿信访")
    number_b, code_b = receipt_of(client)
    a, b = (Letter.objects.get(case_number=n) for n in (number_a, number_b))
    staff = client.__class__()
    assert (
        act(
            staff, people["portal"], a, "reject", reason="duplicate", note=""
        ).status_code
        == 302
    )
    a.refresh_from_db()
    assert a.status == "submitted"  # a reason is required
    act(
        staff,
        people["portal"],
        a,
        "reject",
        reason="duplicate",
        note="与XX号来信内容相同",
    )
    act(staff, people["portal"], b, "redirect", channel="petition")
    query(client, number_a, code_a)
    assert (
        "与XX号来信内容相同"
        in client.get("/hdjl/ldxx/query/", HTTP_HOST=PORTAL_HOST).content.decode()
    )
    client.get("/hdjl/ldxx/query/leave/", HTTP_HOST=PORTAL_HOST)
    query(client, number_b, code_b)
    html = client.get("/hdjl/ldxx/query/", HTTP_HOST=PORTAL_HOST).content.decode()
    assert "信访" in html and "已引导至其他渠道" in html


def test_r60_a_dissatisfied_rating_opens_a_follow_up_within_15_working_days(
    client, cluster, people
):
    write_letter(client)
    case_number, code = receipt_of(client)
    letter = Letter.objects.get(case_number=case_number)
    workflow.accept(letter, people["portal"], cluster.edu)
    workflow.reply(letter, people["edu"], "答复内容")
    workflow.review(letter, people["portal_reviewer"], True)
    query(client, case_number, code)
    page = client.get("/hdjl/ldxx/query/", HTTP_HOST=PORTAL_HOST).content.decode()
    for level in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert level in page
    response = client.post("/hdjl/ldxx/query/", {"rating": "1", "rating_comment": "没解决"},
                           HTTP_HOST=PORTAL_HOST)  # fmt: skip
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.rating == 1 and letter.awaits_follow_up
    assert letter.follow_up_due_on > timezone.localdate() + datetime.timedelta(days=14)
    staff = client.__class__()
    staff.force_login(people["edu"])
    reminders = staff.get(
        "/admin/interaction/letters/reminders/", HTTP_HOST=EDU_HOST
    ).content.decode()
    assert case_number in reminders
    act(staff, people["edu"], letter, "follow_up", note="已电话回访，问题已解决")
    letter.refresh_from_db()
    assert not letter.awaits_follow_up
    # A second rating is refused.
    client.post("/hdjl/ldxx/query/", {"rating": "5"}, HTTP_HOST=PORTAL_HOST)
    letter.refresh_from_db()
    assert letter.rating == 1


def test_unpublishing_removes_the_letter_and_tells_listeners(
    cluster, people, make_user, django_capture_on_commit_callbacks
):
    from sites.services.provisioning import SiteRole, site_groups

    reviewer = make_user(
        "sh-edu-2", site_groups(cluster.edu.site_name)[SiteRole.REVIEWER]
    )
    mailbox = cluster.edu.mailboxes.get()
    letter, _ = workflow.submit(mailbox, mailbox.categories.first(), {
        "subject": "撤销测试", "content": "内容", "name": "赵六", "phone": PHONE,
        "may_publish": True,
    }, uuid.uuid4())  # fmt: skip
    workflow.accept(letter, people["edu"], cluster.edu)
    workflow.reply(letter, people["edu"], "答复")
    # The portal is no owner of the department's mailbox.
    with pytest.raises(workflow.WorkflowError, match="信箱所属单位"):
        workflow.review(letter, people["portal"], False, "请补充依据")
    workflow.review(letter, reviewer, False, "请补充依据")
    letter.refresh_from_db()
    assert letter.status == "handling"
    workflow.reply(letter, people["edu"], "补充后的答复")
    workflow.review(letter, reviewer, True)
    workflow.publish(letter, people["edu"])
    assert Letter.objects.public().filter(pk=letter.pk).exists()
    seen = []
    letter_unpublished.connect(
        lambda sender, instance, **kw: seen.append(instance.pk), weak=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(letter, people["edu"], "来信人要求撤销")
    assert seen == [letter.pk]
    assert not Letter.objects.public().filter(pk=letter.pk).exists()


def test_a_failing_listener_never_undoes_a_publication(
    cluster, people, django_capture_on_commit_callbacks
):
    """Search indexing (another app) listens after commit; its failure is logged only."""
    mailbox = cluster.portal.mailboxes.get()
    letter, _ = workflow.submit(mailbox, mailbox.categories.first(), {
        "subject": "索引失败测试", "content": "内容", "name": "赵六", "phone": PHONE,
        "may_publish": True,
    }, uuid.uuid4())  # fmt: skip
    workflow.accept(letter, people["portal"], cluster.edu)
    workflow.reply(letter, people["edu"], "答复")
    workflow.review(letter, people["portal_reviewer"], True)

    def broken_index(sender, instance, **kwargs):
        raise ConnectionError("search index down")

    letter_published.connect(broken_index)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            workflow.publish(letter, people["portal"])
    finally:
        letter_published.disconnect(broken_index)
    assert Letter.objects.public().filter(pk=letter.pk).exists()
