"""The cluster admin's alarm when Redis is unreachable (issue 16 item 1): a real
redis-server stops answering (CLIENT PAUSE), a public page keeps coming, one
alarm row opens however many requests see the outage, the cluster admin's
admin home page says so (an editor's does not), and the alarm closes when
Redis answers again."""

import shutil
import subprocess
import time

import pytest

from sites.models import ServiceOutage
from sites.services.provisioning import SiteRole
from sites.services.roles import CLUSTER_ADMIN, ensure_cluster_groups

from . import test_shared_state

pytestmark = pytest.mark.django_db
own_redis = test_shared_state.own_redis  # a redis-server of the test's own


def pause(port: int, milliseconds: int) -> None:
    subprocess.run(  # noqa: S603
        [shutil.which("redis-cli") or "redis-cli", "-p", str(port),
         "CLIENT", "PAUSE", str(milliseconds), "ALL"],
        check=True, capture_output=True, timeout=10,
    )  # fmt: skip


def test_redis_outage_alarms_the_cluster_admin_until_it_answers_again(
    client,
    cluster,
    settings,
    own_redis,
    make_user,
    site_user,
):
    settings.CACHES = {
        "default": {
            "BACKEND": "sites.cache_backends.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{own_redis}/0",
            "OPTIONS": {"SOCKET_TIMEOUT": 0.3, "RETRY_SECONDS": 0.5},
        },
        "state": settings.CACHES["state"],
    }
    admin = client.__class__()
    admin.force_login(make_user("集群值班", ensure_cluster_groups()[CLUSTER_ADMIN]))
    editor = client.__class__()
    editor.force_login(site_user(cluster.edu, SiteRole.EDITOR, username="编辑甲"))
    host = {"HTTP_HOST": cluster.edu.hostname}
    assert client.get("/", **host).status_code == 200
    assert "服务中断告警" not in admin.get("/admin/").content.decode()

    pause(own_redis, 3000)
    paused_until = time.monotonic() + 3
    for _ in range(3):
        assert client.get("/", **host).status_code == 200
    assert ServiceOutage.objects.filter(ended_at__isnull=True).count() == 1
    page = admin.get("/admin/").content.decode()
    assert "Redis 缓存不可用" in page
    assert "Redis 缓存不可用" not in editor.get("/admin/").content.decode()

    time.sleep(max(0.0, paused_until - time.monotonic()) + 0.6)
    assert client.get("/", **host).status_code == 200
    outage = ServiceOutage.objects.get()
    assert outage.ended_at is not None
    page = admin.get("/admin/").content.decode()
    assert "Redis 缓存不可用" not in page and "已恢复" in page
