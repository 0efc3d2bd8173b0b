"""信箱设置: a site's 站点管理员 configures its own mailboxes' categories and
deadlines (R53: SLA per category), and no other site's."""

import uuid

from interaction.models import MailboxCategory
from interaction.services import letter_workflow as workflow
from sites.services.provisioning import SiteRole

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
            prefix + "is_active": "on",
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
    url = f"/admin/interaction/mailboxes/{mailbox.pk}/"
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
    url = f"/admin/interaction/mailboxes/{other.pk}/"
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
