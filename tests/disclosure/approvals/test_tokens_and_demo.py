"""API tokens in the admin (shown once, stored hashed, per site) and the demo seed."""

import hashlib
import io
import re

from django.urls import reverse

from demo.disclosure.approvals import seed_demo_approvals
from disclosure.models import ApprovalCase, Decision, ImportToken
from sites.models import AuditEvent

from .conftest import refused


def test_site_admin_creates_a_token_shown_once_and_stored_hashed(
    client, cluster, roles
):
    client.force_login(roles["edu_admin"])
    response = client.post(reverse("approvals_tokens:add"),
                           {"site": cluster.edu.pk, "label": "审批系统"})  # fmt: skip
    raw = re.search(r"<code>(apv_[^<]+)</code>", response.content.decode()).group(1)
    token = ImportToken.objects.get()
    assert token.site == cluster.edu and token.created_by == roles["edu_admin"]
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ImportToken.objects.values().get())
    again = client.get(reverse("approvals_tokens:index")).content.decode()
    assert raw not in again and token.prefix in again
    assert AuditEvent.objects.filter(
        action="disclosure.approvals_token_created"
    ).exists()


def test_site_admin_cannot_make_or_revoke_another_sites_token(client, cluster, roles):
    from disclosure.approvals.tokens import create_token

    health_token, _raw = create_token(cluster.health, "卫健委")
    client.force_login(roles["edu_admin"])
    client.post(
        reverse("approvals_tokens:add"), {"site": cluster.health.pk, "label": "x"}
    )
    assert ImportToken.objects.count() == 1
    assert (
        health_token.prefix
        not in client.get(reverse("approvals_tokens:index")).content.decode()
    )
    revoke = reverse("approvals_tokens:revoke", args=[health_token.pk])
    assert client.post(revoke).status_code == 404
    health_token.refresh_from_db()
    assert health_token.revoked_at is None
    client.force_login(roles["health_admin"])
    client.post(revoke)
    health_token.refresh_from_db()
    assert health_token.revoked_at is not None


def test_editors_cannot_manage_tokens(client, roles):
    client.force_login(roles["edu_editor"])
    assert refused(client.get(reverse("approvals_tokens:index")))


def test_demo_seed_is_idempotent_and_covers_every_state(cluster):
    sites = {"edu": cluster.edu, "health": cluster.health, "baiyun": cluster.banner}
    out = io.StringIO()
    created = seed_demo_approvals(sites, out)
    assert created == 3 * (6 + 4)
    assert seed_demo_approvals(sites, out) == 0
    states = set(
        ApprovalCase.objects.filter(site=cluster.edu).values_list("state", flat=True)
    )
    assert states == {"accepted", "reviewing", "deciding", "completed", "rejected"}
    statuses = set(Decision.objects.values_list("status", flat=True))
    assert statuses == {"valid", "withdrawn"}
