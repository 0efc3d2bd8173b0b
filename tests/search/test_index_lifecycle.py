"""The index follows publish, edit, unpublish, withdrawal, move, restriction and
delete through the queue and its single writer, without a manual step; drafts,
restricted pages and applicants' data are never found (issue #6; R44, SECURITY)."""

from django.core.management import call_command
from wagtail.models import PageViewRestriction

from disclosure.models import DisclosureApplication
from search.models import IndexTask
from sites.models import ArticlePage
from sites.services.provisioning import SiteRole
from sites.services.withdrawal import withdraw
from tests.conftest import add_article, column
from tests.disclosure.application_helpers import submit_application

from .conftest import index_now
from .helpers import search


def published(parent, title):
    article = add_article(parent, title)
    article.body = [("paragraph", "<p>正文见附件。</p>")]
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def test_publish_edit_unpublish_delete_follow_after_commit(
    client, cluster, engine, django_capture_on_commit_callbacks
):
    parent = column(cluster.edu, "gzdt")
    with django_capture_on_commit_callbacks(execute=True):
        article = published(parent, "草原生态补奖资金发放公示")
    assert search(client, cluster.edu, q="草原生态")[1] == ["草原生态补奖资金发放公示"]
    assert not IndexTask.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "禁牧补助资金发放公示"
        article.save_revision().publish()
    assert search(client, cluster.edu, q="草原生态")[1] == []
    assert search(client, cluster.edu, q="禁牧补助")[1] == ["禁牧补助资金发放公示"]

    # A new draft of a published page leaves the published text searchable.
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "草稿标题尚未审核"
        article.save_revision()
    assert search(client, cluster.edu, q="草稿标题")[1] == []
    assert search(client, cluster.edu, q="禁牧补助")[1] == ["禁牧补助资金发放公示"]

    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=article.pk).unpublish()
    assert search(client, cluster.edu, q="禁牧补助")[1] == []

    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=article.pk).save_revision().publish()
    assert search(client, cluster.edu, q="禁牧补助")[1] == ["禁牧补助资金发放公示"]

    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=article.pk).delete()
    assert search(client, cluster.edu, q="禁牧补助")[1] == []
    assert not IndexTask.objects.exists()


def test_drafts_withdrawn_and_restricted_pages_are_never_found(
    client, cluster, engine, site_user
):
    reviewer = site_user(cluster.edu, SiteRole.REVIEWER)
    parent = column(cluster.edu, "gzdt")
    draft = ArticlePage(
        title="未发布的草稿防汛预案", body=[("paragraph", "<p>草稿</p>")]
    )
    draft.live = False
    parent.add_child(instance=draft)
    gone = published(parent, "已撤稿的防汛通知")
    kept = published(parent, "防汛抗旱工作部署")
    index_now()
    assert set(search(client, cluster.edu, q="防汛")[1]) == {
        "已撤稿的防汛通知",
        "防汛抗旱工作部署",
    }
    withdraw(gone, user=reviewer, reason="error", note="发布错误")
    index_now()
    assert search(client, cluster.edu, q="防汛")[1] == ["防汛抗旱工作部署"]

    # A login now guards the column: its pages leave the public index.
    PageViewRestriction.objects.create(
        page=parent, restriction_type=PageViewRestriction.LOGIN
    )
    index_now()
    assert search(client, cluster.edu, q="防汛")[1] == []
    assert kept.pk  # still there, only not public


def test_moved_page_follows_to_its_new_site(client, cluster, engine):
    article = published(column(cluster.edu, "gzdt"), "校园安全专项检查通报")
    index_now()
    assert search(client, cluster.edu, q="校园安全")[1] == ["校园安全专项检查通报"]
    article.move(column(cluster.health, "gzdt"), pos="last-child")
    index_now()
    assert search(client, cluster.edu, q="校园安全")[1] == []
    assert search(client, cluster.health, q="校园安全")[1] == ["校园安全专项检查通报"]


def test_applicants_data_is_never_indexed(client, cluster, engine):
    """依申请公开 cases hold names, ID numbers, phones and addresses: no index
    covers them, and a full rebuild leaves them out too."""
    from django.core.cache import cache

    cache.clear()
    submit_application(
        client, cluster.edu.hostname, cluster.edu, name="申请人欧阳娜娜",
        phone="13912345678", address="北疆市保密巷99号",
        info_title="欧阳娜娜申请的排污许可批复",
    )  # fmt: skip
    assert DisclosureApplication.objects.count() == 1
    index_now()
    call_command("rebuild_index", interactive=False, verbosity=0)
    for typed in ("欧阳娜娜", "13912345678", "保密巷", "排污许可批复"):
        response, titles = search(client, cluster.edu, q=typed, scope="all")
        assert titles == [], typed
    from haystack import connections

    indexed = connections["default"].get_unified_index().get_indexed_models()
    assert DisclosureApplication not in indexed


def test_rebuild_segments_on_several_processes_with_the_same_result(
    client, cluster, sqlite_only, monkeypatch
):
    """rebuild_index forks segmenting workers for large batches (SQLite FTS5):
    the index they build answers exactly like the one built in-process."""
    from haystack import connections

    from search import analysis

    parent = column(cluster.edu, "gzdt")
    for title in ("社会保险缴费基数调整通知", "草原防火紧急通知", "医疗保险改革解读"):
        add_article(parent, title)
    queries = ("保险", "防火", '"医疗保险改革"', "通知")

    def answers():
        connections.reload("default")
        return [sorted(search(client, cluster.edu, q=q)[1]) for q in queries]

    call_command("rebuild_index", interactive=False, verbosity=0, segment_workers=1)
    in_process = answers()
    assert in_process == [
        ["医疗保险改革解读", "社会保险缴费基数调整通知"],
        ["草原防火紧急通知"],
        ["医疗保险改革解读"],
        ["社会保险缴费基数调整通知", "草原防火紧急通知"],
    ]

    forked = []
    monkeypatch.setattr(analysis, "PARALLEL_MIN_TEXTS", 1)
    import multiprocessing.pool

    original = multiprocessing.pool.Pool.map

    def counting_map(self, *args, **kwargs):
        forked.append(self._processes)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(multiprocessing.pool.Pool, "map", counting_map)
    call_command("rebuild_index", interactive=False, verbosity=0, segment_workers=2)
    assert forked and set(forked) == {2}
    assert answers() == in_process
