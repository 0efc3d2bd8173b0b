"""seed_demo and seed_scale, run as a user runs them (issue #2)."""

import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from demo.sites.mongolian import VERSIONS
from demo.sites.users import DEMO_USERS
from sites.models import ArticlePage, SiteProfile

ROOT = Path(__file__).resolve().parents[2]

COUNTS = (
    "import json; from wagtail.models import Page, Site;"
    "from django.contrib.auth.models import User, Group;"
    "from wagtail.images.models import Image; from wagtail.documents.models import Document;"
    "from sites.models import ArticlePage, SiteProfile, Submission;"
    "from disclosure.models import DisclosureItem, DisclosureApplication;"
    "print(json.dumps({m.__name__: m.objects.count() for m in "
    "(Page, Site, User, Group, Image, Document, ArticlePage, SiteProfile, Submission,"
    " DisclosureItem, DisclosureApplication)} | {'unnumbered': DisclosureItem.objects.filter("
    "index_number__isnull=True).count(), 'statuses': sorted(set("
    "DisclosureApplication.objects.values_list('status', flat=True)))}))"
)


def manage(env, *args):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,  # the whole demo on a busy machine
        check=True,
    )
    return result.stdout


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port, host, path="/"):
    request = urllib.request.Request(  # noqa: S310
        f"http://127.0.0.1:{port}{path}", headers={"Host": f"{host}:{port}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, response.read().decode()


def demo_env(tmp_path, port) -> dict:
    """A fresh embedded demo in ``tmp_path``, whatever database the suite uses."""
    return {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REDIS_URL")
        },
        "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev",
        "DATA_DIR": str(tmp_path),
        "CLUSTER_PORT": str(port),
    }


def test_seed_demo_serves_every_site_and_is_idempotent(tmp_path):
    port = free_port()
    env = demo_env(tmp_path, port)
    manage(env, "migrate", "--noinput", "-v0")
    seeded = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "seed_demo", "--articles", "4", "--port", str(port)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=True,
    )  # fmt: skip
    first = seeded.stdout
    # The printout is not buried (issue #17): no line per commit about the search
    # index built at the end, no English provisioning line.
    assert "检索索引不可用" not in seeded.stderr + first
    assert "site created" not in seeded.stderr + first
    counts = json.loads(manage(env, "shell", "-c", COUNTS).strip().splitlines()[-1])
    assert (
        counts["SiteProfile"] == 7 and counts["Site"] == 7
    )  # Wagtail's localhost site is gone
    # Demo disclosure items (added by the disclosure app's seed hook) are
    # articles too, each published with its 索引号. The two banners get one
    # more in each of the three columns of their 基层政务公开标准目录 (seeded
    # before the disclosure demo, so all three are empty then).
    assert counts["DisclosureItem"] == 7 * 7 + 2 * 3 and counts["unnumbered"] == 0
    # Demo 依申请公开 cases in every state of the desk.
    assert counts["DisclosureApplication"] == 9
    assert counts["statuses"] == [
        "archived", "correction", "handling", "registered", "replied", "reviewing",
        "submitted",
    ]  # fmt: skip
    # ... and each site's published 2025 年报 (an article page too), and the two
    # notices of 教育局's internal section (内部通知), and the Mongolian articles of
    # the portal's and 白云旗's Mongolian versions (蒙古文版: 3 + 2).
    mongolian = sum(len(v.articles) for v in VERSIONS.values())
    assert mongolian == 5
    assert counts["ArticlePage"] == 7 * 4 + counts["DisclosureItem"] + 7 + 2 + mongolian
    assert counts["Image"] >= 1 and counts["Document"] >= 1
    assert counts["Submission"] >= 1  # department news accepted into the portal
    assert "密码只显示这一次" in first
    # One demo account per role (内部人员 and the portal's too), each printed.
    assert first.count("用户名") == len(DEMO_USERS)
    for username, _role, description in DEMO_USERS:
        assert f"{description}：用户名 {username}  密码 " in first

    second = manage(env, "seed_demo", "--articles", "4", "--port", str(port))
    again = json.loads(manage(env, "shell", "-c", COUNTS).strip().splitlines()[-1])
    assert again == counts  # running it twice changes nothing
    assert "用户名" not in second  # passwords are printed once only

    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                fetch(port, "www.bj.localhost")
                break
            except OSError:
                time.sleep(0.2)
        for line in first.splitlines():
            if "：http://" not in line or "/admin/" in line or "/nbtz/" in line:
                continue
            name, url = line.strip().split("：", 1)
            host = url.split("//", 1)[1].split(":", 1)[0]
            status, html = fetch(port, host)
            assert status == 200
            page = BeautifulSoup(html, "html.parser")
            assert page.find(class_="site-name").get_text() == name
            footer = page.find("footer").get_text(" ", strip=True)
            assert "网站标识码" in footer and "ICP备" in footer and "公网安备" in footer
            assert f"主办单位： {name}" in footer
            status, html = fetch(port, host, "/xxgk/gkml/")
            assert status == 200
            rows = BeautifulSoup(html, "html.parser").select(".catalog-table tbody a")
            assert len(rows) >= 7  # the portal's catalog also lists its members'
            # The disclosure app adds each site's 公开指南 (R24) to the demo.
            status, guide = fetch(port, host, "/xxgk/gkzn/zn/")
            assert (
                status == 200
                and "政府信息公开工作机构" in guide
                and "办公地址" in guide
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "site_cluster.settings.production",
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "localhost",
    "PERSONAL_DATA_KEYS": "A" * 43 + "=",  # a valid Fernet key, for tests only
    "WAGTAILADMIN_BASE_URL": "https://admin.bj.example.gov.cn",
}


@pytest.mark.parametrize("command", ["seed_demo", "seed_scale"])
def test_production_settings_have_no_demo_commands(tmp_path, command):
    """Production leaves the demo app out: the commands do not exist there, and
    the demo's modules are not installed (what an operator runs by mistake)."""
    env = {**os.environ, **PRODUCTION_ENV, "DATA_DIR": str(tmp_path)}
    with pytest.raises(subprocess.CalledProcessError) as excinfo:
        manage(env, command)
    assert f"Unknown command: '{command}'" in excinfo.value.stderr
    installed = manage(
        env,
        "shell",
        "-c",
        "from django.apps import apps; print(apps.is_installed('demo'))",
    )
    assert installed.strip().splitlines()[-1] == "False"
    listed = manage(env, "help", "--commands")
    assert "seed_demo" not in listed and "seed_scale" not in listed
    assert "create_site" in listed  # the core's commands are all there


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["seed_demo", "seed_scale"])
def test_the_commands_refuse_a_production_settings_module(settings, command):
    # The second guard, should a production settings module install the app.
    settings.SETTINGS_MODULE = "site_cluster.settings.production"
    before = SiteProfile.objects.count()
    with pytest.raises(CommandError, match="生产环境"):
        call_command(command, stdout=io.StringIO())
    assert SiteProfile.objects.count() == before


@pytest.mark.django_db
def test_seed_scale_builds_a_valid_tree_and_is_idempotent(client, cluster):
    call_command(
        "seed_scale", sites=2, pages=14, domain="scale.test", stdout=io.StringIO()
    )
    codes = ["1598000001", "1598000002", "1598000003"]
    profiles = SiteProfile.objects.filter(code__in=codes).select_related("site")
    assert profiles.count() == 3
    member = profiles.get(code="1598000002").site
    assert ArticlePage.objects.descendant_of(member.root_page).live().count() == 14
    assert all(not problems for problems in Page.find_problems())
    response = client.get("/gzdt/", HTTP_HOST=member.hostname)
    listed = BeautifulSoup(response.content.decode(), "html.parser").select(
        ".article-list a"
    )
    assert len(listed) == 5  # 14 pages over three columns: 5 + 5 + 4
    article_path = listed[0]["href"]
    assert client.get(article_path, HTTP_HOST=member.hostname).status_code == 200

    before = ArticlePage.objects.count()
    call_command(
        "seed_scale", sites=2, pages=14, domain="scale.test", stdout=io.StringIO()
    )
    assert ArticlePage.objects.count() == before
