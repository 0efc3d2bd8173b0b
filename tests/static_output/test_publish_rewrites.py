"""Publish-time static output (issue 15 item 2): each kind of change queues
exactly the addresses that show it, the writer rewrites those files and no
other file on disk changes; pages no longer public disappear from disk."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction, Site

from sites.models import ClusterSettings, SiteProfile, Submission, SubmissionStatus
from sites.services.provisioning import SiteRole
from sites.services.withdrawal import withdraw
from sites.static_output import storage
from sites.static_output.export import export
from sites.static_output.models import StaticPageTask
from sites.static_output.queue import process_pending
from tests.conftest import add_article, column

from .conftest import queued, run_writer, snapshot

pytestmark = pytest.mark.django_db


def url(site, page=None):
    if page is None:
        return f"{site.hostname}/"
    return f"{site.hostname}{page.get_url_parts()[2]}"


def ancestors(site, page):
    """The page's columns up to (not including) the home, as addresses."""
    return {url(site, a.specific) for a in page.get_ancestors().filter(depth__gt=2)}


def site_map(site):
    from sites.models import SiteMapPage

    return {url(site, p) for p in SiteMapPage.objects.child_of(site.root_page)}


def publish(parent, title):
    article = add_article(parent, title, live=False)
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def every_page(site):
    return {
        url(site, p) for p in site.root_page.get_descendants(inclusive=True).specific()
    }


def changed(before, after):
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def test_publishing_an_article_rewrites_its_page_columns_home_site_map_and_portal(
    exported, cluster
):
    """R-static: the page, its column, the site home, the site map and the
    portal home that aggregates it — and nothing else."""
    gzdt = column(cluster.edu, "gzdt")
    before = snapshot()
    article = publish(gzdt, "静态化发布的新文章")
    expected = (
        {url(cluster.edu, article), url(cluster.edu), url(cluster.portal)}
        | ancestors(cluster.edu, article)
        | site_map(cluster.edu)
    )
    assert queued() == expected
    outcome = run_writer()
    after = snapshot()
    # The site map lists columns only: rendered again, unchanged, not rewritten.
    assert set(outcome.written) == changed(before, after)
    assert changed(before, after) == expected - site_map(cluster.edu)
    assert "静态化发布的新文章" in after[url(cluster.edu, article)].decode()
    assert "静态化发布的新文章" in after[url(cluster.edu, gzdt)].decode()


def test_withdrawn_unpublished_and_deleted_pages_disappear_from_disk(
    exported, cluster, site_user
):
    tzgg = column(cluster.edu, "tzgg")
    kept = publish(tzgg, "保留的通知")
    withdrawn = publish(tzgg, "撤稿的通知")
    deleted = publish(tzgg, "删除的通知")
    run_writer()
    disk = snapshot()
    assert {url(cluster.edu, p) for p in (kept, withdrawn, deleted)} <= disk.keys()

    reviewer = site_user(cluster.edu, SiteRole.REVIEWER, "edu-reviewer")
    withdraw(withdrawn, user=reviewer, reason="expired")
    address = url(cluster.edu, withdrawn)
    assert address in queued()
    outcome = run_writer()
    assert address in outcome.removed
    assert address not in snapshot()
    assert "撤稿的通知" not in snapshot()[url(cluster.edu, tzgg)].decode()

    address = url(cluster.edu, deleted)
    deleted.delete()
    run_writer()
    assert address not in snapshot()
    assert url(cluster.edu, kept) in snapshot()


def test_restricting_a_page_removes_it_and_its_column_stops_listing_it(
    exported, cluster
):
    tzgg = column(cluster.edu, "tzgg")
    article = publish(tzgg, "仅限内部的通知")
    run_writer()
    address = url(cluster.edu, article)
    before = snapshot()
    assert address in before

    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="x1y2z3"
    )
    assert queued() == (
        {address, url(cluster.edu), url(cluster.portal)}
        | ancestors(cluster.edu, article)
        | site_map(cluster.edu)
    )
    outcome = run_writer()
    after = snapshot()
    assert outcome.removed == [address]
    assert address not in after
    assert "仅限内部的通知" not in after[url(cluster.edu, tzgg)].decode()
    assert changed(before, after) <= queued() | set(outcome.written) | {address}


def test_moving_an_article_rewrites_both_columns_and_removes_the_old_file(
    exported, cluster
):
    tzgg, gzdt = column(cluster.edu, "tzgg"), column(cluster.edu, "gzdt")
    article = publish(tzgg, "移动的文章")
    run_writer()
    old = url(cluster.edu, article)
    before = snapshot()

    article.move(gzdt, pos="last-child")
    article.refresh_from_db()
    new = url(cluster.edu, article)
    assert queued() == (
        {old, new, url(cluster.edu), url(cluster.portal)}
        | ancestors(cluster.edu, article)
        | {url(cluster.edu, tzgg)}
        | ancestors(cluster.edu, tzgg)
        | site_map(cluster.edu)
    )
    expected = queued()
    run_writer()
    after = snapshot()
    assert old not in after and "移动的文章" in after[new].decode()
    assert changed(before, after) <= expected
    assert "移动的文章" not in after[url(cluster.edu, tzgg)].decode()


def test_a_site_profile_change_rewrites_that_site_and_the_homes_above(
    exported, cluster
):
    export("1599210001")
    before = snapshot()
    profile = SiteProfile.for_site(cluster.banner)
    profile.icp_number = "蒙ICP备12345678号-9"
    profile.save()
    banner_files = {k for k in before if k.startswith(cluster.banner.hostname + "/")}
    assert banner_files and banner_files < every_page(cluster.banner)
    # The site's old files leave nginx's sight first ("*"), then every page.
    assert queued() == every_page(cluster.banner) | {
        url(cluster.portal),
        f"{cluster.banner.hostname}*",
    }
    process_pending(limit=1)
    assert not (storage.root() / cluster.banner.hostname).exists()
    # Until its page is written again, the application answers with the new look.
    home = Client().get("/", HTTP_HOST=cluster.banner.hostname)
    assert (
        "X-Static-Page" not in home and "蒙ICP备12345678号-9" in home.content.decode()
    )
    run_writer()
    after = snapshot()
    assert set(changed(before, after)) == banner_files
    assert all("蒙ICP备12345678号-9" in after[k].decode() for k in banner_files)


def test_grey_mode_rewrites_every_page_of_the_cluster(static_root, cluster):
    export()
    StaticPageTask.objects.all().delete()
    before = snapshot()
    row = ClusterSettings.load()
    row.mourning_mode = True
    row.save()
    sites = Site.objects.all()
    assert queued() == {a for site in sites for a in every_page(site)} | {
        f"{site.hostname}*" for site in sites
    }
    run_writer()
    after = snapshot()
    ours = {k for k in before if k.split("/")[0] in {s.hostname for s in cluster.all}}
    assert changed(before, after) == ours  # Wagtail's own localhost page has no theme
    assert all(" mourning" in after[k].decode().split(">", 2)[1] for k in ours)


def test_an_accepted_submission_rewrites_the_target_column_and_homes(
    exported, cluster, make_user
):
    article = publish(column(cluster.edu, "gzdt"), "报送到门户的文章")
    run_writer()
    target = column(cluster.portal, "gzdt")
    submission = Submission.objects.create(
        article=article,
        source_site=cluster.edu,
        target_column=target,
        target_site=cluster.portal,
        submitted_by=make_user("报送人"),
    )
    assert queued() == set()  # pending: shows nowhere yet
    before = snapshot()
    submission.status = SubmissionStatus.ACCEPTED
    submission.decided_at = submission.publish_at = submission.submitted_at
    submission.save()
    assert queued() == (
        {url(cluster.portal, target), url(cluster.portal)}
        | ancestors(cluster.portal, target)
        | site_map(cluster.portal)
    )
    run_writer()
    after = snapshot()
    assert url(cluster.portal, target) in changed(before, after)
    assert changed(before, after) <= {url(cluster.portal, target), url(cluster.portal)}
    assert "报送到门户的文章" in after[url(cluster.portal, target)].decode()
