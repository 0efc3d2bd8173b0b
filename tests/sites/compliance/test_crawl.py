"""The crawler's-eye check (R4, R6–R8, R12, R13): pages rendered as a visitor sees
them, every link and image resolved, each offending URL reported.

The home page links to a real HTTP server on loopback (allowed for the test as
the link checker's "public" server) that answers 301 to a foreign domain."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Collection

from sites.compliance.base import Status
from sites.compliance.crawl import CrawlCheck
from sites.models import ColumnLayout, ColumnPage, SiteCrawl, SiteMapPage, SiteProfile
from tests.sites.compliance.conftest import result

pytestmark = pytest.mark.django_db


class Expired(BaseHTTPRequestHandler):
    """An expired domain: its old address now redirects to a parked page."""

    def do_HEAD(self):
        self.send_response(301)
        self.send_header("Location", "http://parked-domains.example.net/lander")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@pytest.fixture
def expired(settings):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Expired)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    settings.LINK_CHECKER_ALLOWED_ADDRESSES = [f"127.0.0.1:{httpd.server_port}"]
    yield f"http://127.0.0.1:{httpd.server_port}/old-partner"
    httpd.shutdown()
    httpd.server_close()


def _image(site):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 0, 0)).save(buffer, format="PNG")
    image = get_image_model()(
        title="首页图片", collection=Collection.objects.get(name=site.site_name)
    )
    image.file = ImageFile(buffer, name="banner.png")
    image.save()
    return image


def findings_of(site):
    return SiteCrawl.objects.filter(site=site).latest("crawled_at").findings


def test_r12_r13_removed_image_dead_footer_link_and_offsite_redirect_are_reported(
    cluster, expired, client, settings
):
    portal = cluster.portal
    home = portal.root_page.specific
    # A navigation column linking to a partner whose domain has expired.
    partner = ColumnPage(
        title="合作单位",
        slug="hzdw",
        layout=ColumnLayout.LINK,
        link_url=expired,
        show_in_menus=True,
    )
    home.add_child(instance=partner)
    partner.save_revision().publish()
    # The site's logo, shown in every page's header.
    profile = SiteProfile.objects.get(site=portal)
    profile.logo = _image(portal)
    profile.save()
    html = client.get("/", HTTP_HOST=portal.hostname).content.decode()
    src = next(
        part.split('"')[0]
        for part in html.split('src="')[1:]
        if "/images/" in part.split('"')[0]
    )
    # The image file is removed from storage.
    default_storage.delete(src.split(settings.MEDIA_URL, 1)[1])
    # The site map the footer links to is withdrawn.
    SiteMapPage.objects.descendant_of(home).get().unpublish()

    call_command("crawl_sites", "--site", portal.hostname)
    found = findings_of(portal)
    home_url = f"{portal.root_url}/"
    by_title = {f["title"]: f for f in found}
    image_finding = by_title[f"图片失效：{home_url[:-1]}{src}"]
    assert image_finding["detail"].startswith("HTTP 404")
    footer = by_title[f"页脚链接失效：{home_url}wzdt/"]
    assert footer["detail"].startswith("HTTP 404")
    offsite = by_title[f"页面链接失效：{home_url}hzdw/"]
    assert offsite["url"] == home_url  # the page the link is on
    assert expired in offsite["detail"]
    assert "重定向到其他域名 parked-domains.example.net" in offsite["detail"]

    outcome = result(CrawlCheck(), cluster, portal)
    assert outcome.status is Status.FAIL
    assert {f.title for f in outcome.findings} >= {
        image_finding["title"],
        footer["title"],
        offsite["title"],
    }


def test_r7_r8_app_lists_and_details_carry_their_meta_tags(cluster):
    call_command("crawl_sites", "--site", cluster.edu.hostname)
    crawl = SiteCrawl.objects.get(site=cluster.edu)
    crawled = {
        url.split(":8", 1)[-1].split(cluster.edu.hostname)[-1]: kind
        for url, kind in crawl.crawled
    }
    for path in (
        "/xxgk/gkml/",
        "/hdjl/ldxx/",
        "/hdjl/yjzj/",
        "/hdjl/zxft/",
        "/gzndbb/",
    ):
        assert crawled.get(path) == "column", path
    meta = [
        f for f in crawl.findings if "元数据" in f["title"] or "页面底部" in f["title"]
    ]
    assert meta == []


def test_a_site_never_crawled_is_unmonitored(cluster):
    assert result(CrawlCheck(), cluster, cluster.health).status is Status.UNMONITORED
