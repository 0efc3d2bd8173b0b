"""政民互动 in the unified search: a published letter is found by its public
texts only, never by the writer's personal data, and leaves the index when its
publication is withdrawn (issue #6, R44)."""

import uuid

from interaction.services import letter_workflow as workflow
from sites.services.provisioning import SiteRole, site_groups

from .conftest import index_now
from .helpers import search

PHONE = "13812345678"


def test_published_letters_are_found_without_personal_data(
    client, cluster, engine, make_user
):
    group = site_groups(cluster.edu.site_name)[SiteRole.LETTER_HANDLER]
    handler = make_user("search-letters-1", group)
    reviewer = make_user(
        "search-letters-2", site_groups(cluster.edu.site_name)[SiteRole.REVIEWER]
    )
    mailbox = cluster.edu.mailboxes.get()
    letter, _ = workflow.submit(mailbox, mailbox.categories.first(), {
        "subject": "关于校车接送路线的咨询", "content": "孩子上学的校车路线能否调整",
        "name": "司马光明", "phone": PHONE, "may_publish": True,
    }, uuid.uuid4())  # fmt: skip
    workflow.accept(letter, handler, cluster.edu)
    workflow.reply(letter, handler, "校车路线将于下学期调整。")
    index_now()
    assert search(client, cluster.edu, q="校车")[1] == []  # not yet published
    workflow.review(letter, reviewer, True)
    workflow.publish(letter, handler)
    index_now()
    _, titles = search(client, cluster.edu, q="校车", type="letter")
    assert titles == ["关于校车接送路线的咨询"]
    for private in ("司马光明", PHONE):
        assert search(client, cluster.edu, q=private, scope="all")[1] == []
    workflow.unpublish(letter, handler, "来信人要求撤回")
    index_now()
    assert search(client, cluster.edu, q="校车")[1] == []
