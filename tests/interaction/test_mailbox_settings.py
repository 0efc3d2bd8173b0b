"""信箱设置: a site's 站点管理员 configures its own mailboxes' categories and
deadlines (R53: SLA per category), and no other site's."""

import uuid

from bs4 import BeautifulSoup

from interaction.models import Mailbox, MailboxCategory
from interaction.services import letter_workflow as workflow
from sites.services.provisioning import SiteRole
from tests.export_helpers import csv_rows, xlsx_rows

from .helpers import EDU_HOST, refused


def formset_data(mailbox, **changes):
    data = {"name": mailbox.name, "description": mailbox.description, "is_active": "on",
            "sort_order": "0", "site": mailbox.site_id}  # fmt: skip
    categories = list(mailbox.categories.order_by("sort_order", "pk"))
    data.update({
        "categories-TOTAL_FORMS": str(len(categories)), "categories-INITIAL_FORMS": str(len(categories)),
        "categories-MIN_NUM_FORMS": "1", "categories-MAX_NUM_FORMS": "1000",
    })  # fmt: skip
    for index, category in enumerate(categories):
        prefix = f"categories-{index}-"
        data.update({
            prefix + "id": str(category.pk), prefix + "mailbox": str(mailbox.pk),
            prefix + "name": category.name, prefix + "kind": category.kind,
            prefix + "reply_working_days": str(category.reply_working_days),
            prefix + "acknowledge_working_days": str(category.acknowledge_working_days),
            prefix + "is_active": "on", prefix + "ORDER": str(index + 1),
        })  # fmt: skip
    data.update(changes)
    return data


def test_a_site_admin_sets_the_deadline_of_a_category(client, cluster, site_user):
    admin = site_user(cluster.edu, SiteRole.SITE_ADMIN, "edu-admin")
    mailbox = cluster.edu.mailboxes.get()
    client.force_login(admin)
    listing = client.get(
        "/admin/interaction/mailboxes/", HTTP_HOST=EDU_HOST
    ).content.decode()
    assert "北疆市教育局" in listing and "北疆市卫生健康委员会" not in listing
    url = f"/admin/interaction/mailboxes/edit/{mailbox.pk}/"
    bad = client.post(url, formset_data(mailbox, **{"categories-0-reply_working_days": "0"}),
                      HTTP_HOST=EDU_HOST)  # fmt: skip
    assert (
        bad.status_code == 200
        and "答复时限应在1至60个工作日之间" in bad.content.decode()
    )
    assert (
        MailboxCategory.objects.get(mailbox=mailbox, name="咨询").reply_working_days
        == 5
    )
    ok = client.post(url, formset_data(mailbox, **{"categories-0-reply_working_days": "3"}),
                     HTTP_HOST=EDU_HOST)  # fmt: skip
    assert ok.status_code == 302
    category = MailboxCategory.objects.get(mailbox=mailbox, name="咨询")
    assert category.reply_working_days == 3
    letter, _ = workflow.submit(mailbox, category, {
        "subject": "咨询", "content": "内容", "name": "李四", "phone": "13912345678",
    }, uuid.uuid4())  # fmt: skip
    from sites.services.workdays import add_working_days

    assert letter.due_on == add_working_days(letter.submitted_at, 3).date


def test_another_sites_mailbox_is_out_of_reach(client, cluster, site_user):
    admin = site_user(cluster.edu, SiteRole.SITE_ADMIN, "edu-admin")
    other = cluster.health.mailboxes.get()
    client.force_login(admin)
    url = f"/admin/interaction/mailboxes/edit/{other.pk}/"
    assert refused(client.get(url, HTTP_HOST=EDU_HOST))
    assert refused(
        client.post(url, formset_data(other, name="改名"), HTTP_HOST=EDU_HOST)
    )
    assert refused(client.get(f"/admin/interaction/mailboxes/new/?site={cluster.health.pk}",
                              HTTP_HOST=EDU_HOST))  # fmt: skip
    other.refresh_from_db()
    assert other.name == "领导信箱"
    editor = site_user(cluster.edu, SiteRole.EDITOR, "edu-ed")
    client.force_login(editor)
    assert refused(client.get("/admin/interaction/mailboxes/", HTTP_HOST=EDU_HOST))


def test_the_old_address_of_a_mailbox_leads_to_its_edit_form(
    client, cluster, site_user
):
    admin = site_user(cluster.edu, SiteRole.SITE_ADMIN, "edu-admin")
    mailbox = cluster.edu.mailboxes.get()
    client.force_login(admin)
    old = client.get(f"/admin/interaction/mailboxes/{mailbox.pk}/", HTTP_HOST=EDU_HOST)
    assert old.status_code == 301
    assert old["Location"] == f"/admin/interaction/mailboxes/edit/{mailbox.pk}/"
    form = client.get(old["Location"], HTTP_HOST=EDU_HOST).content.decode()
    assert "信件类别" in form and "答复时限（工作日）" in form
    new = client.get(
        f"/admin/interaction/mailboxes/new/?site={cluster.edu.pk}", HTTP_HOST=EDU_HOST
    )
    assert new.status_code == 200
    soup = BeautifulSoup(new.content, "html.parser")
    offered = [
        o.get_text() for o in soup.select('select[name="site"] option') if o["value"]
    ]
    assert offered == ["北疆市教育局"]


def test_a_new_mailbox_may_not_take_a_name_its_site_already_has(
    client, cluster, site_user
):
    admin = site_user(cluster.edu, SiteRole.SITE_ADMIN, "edu-admin")
    client.force_login(admin)
    data = {"site": cluster.edu.pk, "name": "领导信箱", "description": "", "is_active": "on",
            "sort_order": "1", "categories-TOTAL_FORMS": "1",
            "categories-INITIAL_FORMS": "0", "categories-MIN_NUM_FORMS": "1",
            "categories-MAX_NUM_FORMS": "1000", "categories-0-name": "咨询",
            "categories-0-kind": "consult", "categories-0-reply_working_days": "5",
            "categories-0-acknowledge_working_days": "11", "categories-0-ORDER": "1"}  # fmt: skip
    response = client.post(
        "/admin/interaction/mailboxes/new/", data, HTTP_HOST=EDU_HOST
    )
    html = response.content.decode()
    assert response.status_code == 200 and "本网站已有同名信箱。" in html
    assert "受理时限应在0至10个工作日之间。" in html
    data.update({"name": "局长信箱", "categories-0-acknowledge_working_days": "2"})
    response = client.post(
        "/admin/interaction/mailboxes/new/", data, HTTP_HOST=EDU_HOST
    )
    assert response.status_code == 302
    assert cluster.edu.mailboxes.filter(name="局长信箱").exists()
    # Another site's pk in the form is not among the choices.
    data.update({"site": cluster.health.pk, "name": "他站信箱"})
    client.post("/admin/interaction/mailboxes/new/", data, HTTP_HOST=EDU_HOST)
    assert not Mailbox.objects.filter(name="他站信箱").exists()


def test_the_mailbox_export_holds_the_users_sites_only_and_follows_the_filter(
    client, cluster, site_user
):
    admin = site_user(cluster.edu, SiteRole.SITE_ADMIN, "edu-admin")
    client.force_login(admin)
    cluster.edu.mailboxes.create(name="停用信箱", is_active=False)
    response = client.get(
        "/admin/interaction/mailboxes/?export=xlsx", HTTP_HOST=EDU_HOST
    )
    assert response.status_code == 200
    rows = xlsx_rows(response)
    assert rows[0][:2] == ["网站", "信箱名称"]
    assert {row[0] for row in rows[1:]} == {"北疆市教育局"}
    assert sorted(row[1] for row in rows[1:]) == ["停用信箱", "领导信箱"]
    assert any("个工作日" in (row[3] or "") for row in rows[1:])
    filtered = client.get(
        "/admin/interaction/mailboxes/?is_active=false&export=csv", HTTP_HOST=EDU_HOST
    )
    lines = csv_rows(filtered)
    assert len(lines) == 2 and lines[1][1] == "停用信箱" and lines[1][4] == "停用"
    # A site admin of the portal sees the portal's mailbox and not this one.
    client.force_login(site_user(cluster.portal, SiteRole.SITE_ADMIN, "portal-admin"))
    rows = xlsx_rows(
        client.get("/admin/interaction/mailboxes/?export=xlsx", HTTP_HOST=EDU_HOST)
    )
    assert {row[0] for row in rows[1:]} == {"北疆市人民政府"}


def test_a_category_with_letters_stays_and_no_mailbox_is_deleted(
    client, cluster, site_user
):
    admin = site_user(cluster.edu, SiteRole.SITE_ADMIN, "edu-admin")
    mailbox = cluster.edu.mailboxes.get()
    category = MailboxCategory.objects.get(mailbox=mailbox, name="咨询")
    workflow.submit(mailbox, category, {
        "subject": "咨询", "content": "内容", "name": "李四", "phone": "13912345678",
    }, uuid.uuid4())  # fmt: skip
    client.force_login(admin)
    index = next(
        i
        for i, c in enumerate(mailbox.categories.order_by("sort_order", "pk"))
        if c.pk == category.pk
    )
    data = formset_data(mailbox, **{f"categories-{index}-DELETE": "on"})
    url = f"/admin/interaction/mailboxes/edit/{mailbox.pk}/"
    response = client.post(url, data, HTTP_HOST=EDU_HOST)
    assert response.status_code == 200
    assert "类别“咨询”已有来信，不能删除；可取消“启用”。" in response.content.decode()
    assert MailboxCategory.objects.filter(pk=category.pk).exists()
    assert refused(
        client.post(
            f"/admin/interaction/mailboxes/delete/{mailbox.pk}/", HTTP_HOST=EDU_HOST
        )
    )
    assert Mailbox.objects.filter(pk=mailbox.pk).exists()
