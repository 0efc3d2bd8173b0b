"""创建站点 through the real form as the 集群管理员 (issue #17 item 5): the form
asks for the footer items, theme and logo; the new site passes the footer check
at once, lands on its overview with a checklist and has a home that is not blank."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.models import Site

from sites.compliance.core_checks import FooterIdentityCheck
from sites.models import SiteProfile
from sites.services.provisioning import SiteRole
from sites.services.roles import CLUSTER_ADMIN
from tests.conftest import PORTAL

pytestmark = pytest.mark.django_db

FORM = {
    "code": "1506270001",
    "name": "准格尔旗人民政府",
    "hostname": "zgeq.example.gov.cn",
    "kind": "banner",
    "sponsor": "准格尔旗人民政府办公室",
    "operator": "准格尔旗大数据中心",
    "address": "准格尔旗薛家湾镇政府街1号",
    "postcode": "010300",
    "phone": "0477-4223001",
    "email": "webmaster@zgeq.example.gov.cn",
    "icp_number": "蒙ICP备05990101号-1",
    "psb_number": "蒙公网安备 15062702000101号",
    "party_gov_mark_id": "1506270001-0001",
    "theme_variant": "green",
}


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 40), (20, 90, 160)).save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def cluster_admin(client, cluster, make_user):
    client.force_login(
        make_user("cluster_admin", Group.objects.get(name=CLUSTER_ADMIN))
    )
    return client


def test_a_site_made_through_the_form_is_compliant_and_lands_on_its_overview(
    cluster_admin, cluster, client
):
    parent = SiteProfile.objects.get(code=PORTAL.code)
    form = cluster_admin.get(reverse("sites_create_site")).content.decode()
    for label in (
        "ICP备案号",
        "公安机关备案号",
        "联系电话",
        "联系地址",
        "主题配色",
        "网站标志",
    ):
        assert label in form, label
    assert 'enctype="multipart/form-data"' in form
    response = cluster_admin.post(
        reverse("sites_create_site"), {**FORM, "parent": parent.pk, "logo": png()}
    )
    assert response.status_code == 302
    site = Site.objects.get(hostname="zgeq.example.gov.cn")
    assert response["Location"] == reverse("sites_site_overview", args=[site.pk])

    profile = SiteProfile.objects.get(site=site)
    assert (profile.phone, profile.icp_number, profile.theme_variant) == (
        "0477-4223001", "蒙ICP备05990101号-1", "green",
    )  # fmt: skip
    assert profile.logo is not None and profile.logo.collection.name == site.site_name

    overview = cluster_admin.get(response["Location"])
    assert overview.status_code == 200
    text = BeautifulSoup(overview.content, "html.parser").get_text(" ", strip=True)
    assert "准格尔旗人民政府" in text and "待完善事项" in text
    assert "栏目“工作动态”发布第一条信息" in text
    assert "没有权限" not in text

    result = FooterIdentityCheck().run([site], timezone.localdate())[site.pk]
    assert result.status == "pass", result.summary

    # Never blank: the standard blocks are there, saying 暂无信息.
    home = client.get("/", HTTP_HOST="zgeq.example.gov.cn")
    soup = BeautifulSoup(home.content, "html.parser")
    blocks = soup.select(".hb-columns .hb-column")
    assert len(blocks) >= 3
    assert all("暂无信息" in b.get_text() for b in blocks)


def test_missing_footer_items_are_asked_for_in_chinese(cluster_admin, cluster):
    parent = SiteProfile.objects.get(code=PORTAL.code)
    before = Site.objects.count()
    data = {**FORM, "parent": parent.pk, "icp_number": "", "psb_number": "备案中"}
    response = cluster_admin.post(reverse("sites_create_site"), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "请填写ICP备案号。" in text
    assert "公安" in text and Site.objects.count() == before


def test_the_site_admin_sees_the_overview_of_their_own_site_only(
    client, cluster, site_user
):
    client.force_login(site_user(cluster.edu, SiteRole.SITE_ADMIN, "edu-admin"))
    own = client.get(reverse("sites_site_overview", args=[cluster.edu.pk]))
    assert own.status_code == 200 and "待完善事项" in own.content.decode()
    other = client.get(reverse("sites_site_overview", args=[cluster.health.pk]))
    assert other.status_code in (302, 403)
