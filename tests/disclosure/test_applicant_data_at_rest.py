"""依申请公开 applicants' name, phone, e-mail and address are encrypted at rest
like letters' (R80; issue 13 item 6): the database file holds no clear value,
the handler's own case page shows them (audited), a supervisor sees them masked."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from disclosure.models import DisclosureApplication
from sites.models import AuditEvent
from sites.personal_data import decrypt
from sites.services.provisioning import SiteRole, site_groups
from sites.services.roles import SUPERVISOR, ensure_cluster_groups

from .application_helpers import EDU_HOST, submit_application

pytestmark = pytest.mark.django_db
LIST = "/admin/disclosure/applications/"
APPLICANT = {
    "name": "欧阳明月",
    "contact_person": "",
    "phone": "13987650123",
    "email": "ouyang.mingyue@example.com",
    "address": "北疆市新城区隐私路77号",
}


def database_image() -> bytes:
    """The whole SQLite database as its file bytes (free pages included)."""
    connection.ensure_connection()
    return connection.connection.serialize()


@pytest.fixture
def submitted(cluster):
    response = submit_application(Client(), EDU_HOST, cluster.edu, **APPLICANT)
    assert response.status_code == 302
    return DisclosureApplication.objects.get()


def test_the_database_file_holds_no_applicants_data_in_clear(submitted):
    image = database_image() if connection.vendor == "sqlite" else b""
    for field in ("name", "phone", "email", "address"):
        assert APPLICANT[field].encode() not in image, field
        assert decrypt(getattr(submitted, f"{field}_encrypted")) == APPLICANT[field]
    if connection.vendor == "sqlite":
        assert b"139****0123" in image  # the image really holds the application
    # Nor in any column read back with raw SQL (a dump, a replica, a backup).
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM disclosure_disclosureapplication")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert APPLICANT["phone"] not in row and "隐私路" not in row
    assert "欧**" in row and "139****0123" in row  # the masked copies lists use


def test_the_handler_sees_the_applicant_and_the_view_is_audited(
    client, cluster, make_user, submitted
):
    handler = make_user(
        "edu-gk", site_groups(cluster.edu.site_name)[SiteRole.DISCLOSURE_HANDLER]
    )
    client.force_login(handler)
    detail = client.get(f"{LIST}{submitted.pk}/").content.decode()
    for field in ("name", "phone", "email", "address"):
        assert APPLICANT[field] in detail, field
    assert AuditEvent.objects.filter(
        action="disclosure.application.view_personal_data",
        user=handler,
        object_id=str(submitted.pk),
    ).exists()
    listing = client.get(LIST).content.decode()
    assert "欧***" in listing and APPLICANT["name"] not in listing


def test_a_supervisor_sees_the_applicant_masked(client, make_user, submitted):
    supervisor = make_user("inspector", ensure_cluster_groups()[SUPERVISOR])
    client.force_login(supervisor)
    detail = client.get(f"{LIST}{submitted.pk}/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "欧***" in html and "139****0123" in html
    for field in ("name", "phone", "email", "address"):
        assert APPLICANT[field] not in html, field
    assert not AuditEvent.objects.filter(
        action="disclosure.application.view_personal_data"
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_encrypts_existing_rows():
    """Rows stored in clear before the change are encrypted in place (and the
    migration can be reversed)."""
    from tests.conftest import current_cluster

    current_cluster()  # a transactional test before this one may have flushed it
    before = [("disclosure", "0008_approval_step_limits")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("disclosure")
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    site = old_apps.get_model("wagtailcore", "Site").objects.first()
    old_apps.get_model("disclosure", "DisclosureApplication").objects.create(
        site_id=site.pk, submission_token=uuid.uuid4(), applicant_type="natural",
        id_type="resident_id", description="旧申请", delivery_form="paper",
        delivery_channel="post", **APPLICANT,
    )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    case = DisclosureApplication.objects.get()
    for field in ("name", "phone", "email", "address"):
        assert getattr(case, field) == APPLICANT[field]
        assert APPLICANT[field] not in getattr(case, f"{field}_encrypted")
    assert (case.masked_name, case.masked_phone) == ("欧***", "139****0123")
