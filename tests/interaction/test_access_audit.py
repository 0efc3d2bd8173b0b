"""Reading a writer's data leaves a trace (issue 14 item 7; SECURITY.md audit;
R73): every download of a letter attachment — by a handler, 监督员 or
集群管理员 — and every full view of the writer's data by a handler gets an
audit row naming the case only."""

from django.contrib.auth.models import Group
from django.test import Client

from interaction.models import Letter, LetterAttachment
from sites.models import AuditEvent
from sites.services.roles import CLUSTER_ADMIN

from .helpers import PHONE, PORTAL_HOST, png_bytes, upload, write_letter

DOWNLOAD = "interaction.letter.attachment_download"
VIEW = "interaction.letter.view_personal_data"


def test_downloads_and_full_views_are_audited(client, cluster, people, make_user):
    response = write_letter(
        client, files=[upload("照片.png", png_bytes(), "image/png")]
    )
    assert response.status_code == 302
    letter, attachment = Letter.objects.get(), LetterAttachment.objects.get()
    readers = {
        "supervisor": people["supervisor"],
        "cluster_admin": make_user("jq-admin", Group.objects.get(name=CLUSTER_ADMIN)),
        "handler": people["portal"],
    }
    for name, user in readers.items():
        staff = Client()
        staff.force_login(user)
        file = staff.get(f"/admin/interaction/letters/attachments/{attachment.pk}/",
                         HTTP_HOST=PORTAL_HOST)  # fmt: skip
        assert file.status_code == 200, name
        detail = staff.get(f"/admin/interaction/letters/{letter.pk}/",
                           HTTP_HOST=PORTAL_HOST)  # fmt: skip
        assert detail.status_code == 200, name

    downloads = AuditEvent.objects.filter(action=DOWNLOAD)
    assert sorted(e.username for e in downloads) == sorted(
        u.username for u in readers.values()
    )
    assert {e.object_title for e in downloads} == {letter.case_number}
    assert {e.detail["attachment"] for e in downloads} == {attachment.pk}
    # Only the handler sees the writer's data in full, so only that view is logged.
    views = AuditEvent.objects.filter(action=VIEW)
    assert [e.username for e in views] == [people["portal"].username]
    assert views[0].site == cluster.portal
    for event in [*downloads, *views]:
        assert PHONE not in f"{event.object_title} {event.detail}"
