"""R27: 主题分类 has two controlled levels (the 国务院 policy library's 22 topics
and their children, shipped in disclosure/catalog/data/topics.txt); the editor picks the
second level in the admin; free-text values are migrated where they match and
reported by the dashboard where they do not."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.test import Client
from django.urls import reverse

from disclosure.catalog.metadata_terms import SUBTOPICS, TOPICS, normalize_subtopic
from disclosure.compliance import TopicVocabularyCheck
from disclosure.models import DisclosureItem
from sites.compliance.base import Status
from sites.services.provisioning import SiteRole
from tests.conftest import article_form, column
from tests.disclosure import test_items
from tests.sites.compliance.conftest import result

pytestmark = pytest.mark.django_db
agencies = test_items.agencies  # the fixture: sites with agency codes
make_item = test_items.make_item


def test_r27_the_vocabulary_has_both_levels_of_the_policy_library():
    assert tuple(SUBTOPICS) == TOPICS and len(TOPICS) == 22
    assert SUBTOPICS["综合政务"] == (
        "政务公开", "政务督查", "应急管理", "电子政务", "文秘工作", "保密工作",
        "信访", "参事、文史", "其他",
    )  # fmt: skip
    assert "城乡建设（含住房）" in SUBTOPICS["城乡建设、环境保护"]
    assert SUBTOPICS["其他"] == ()
    assert sum(len(children) for children in SUBTOPICS.values()) == 121


def test_r27_free_text_matches_up_to_width_spaces_and_a_repeated_first_level():
    assert normalize_subtopic("城乡建设、环境保护", "城乡建设(含住房)") == (
        "城乡建设（含住房）"
    )
    assert normalize_subtopic("综合政务", "综合政务\\政务公开") == "政务公开"
    assert normalize_subtopic("综合政务", " 政务 公开 ") == "政务公开"
    assert normalize_subtopic("综合政务", "教育") is None
    assert normalize_subtopic("科技、教育", "幼儿教育") is None


def _editor(cluster, site_user):
    editor = Client()
    editor.force_login(site_user(cluster.edu, SiteRole.EDITOR, "edu-topic-editor"))
    return editor


def _form(title, **extra):
    return article_form(
        title, topic="科技、教育", genre="通知", issuing_agency="北疆市教育局",
        written_date="2026-11-02", validity="valid", **extra,
    )  # fmt: skip


def test_r27_the_editor_picks_the_second_level_from_the_list(agencies, site_user):
    editor = _editor(agencies, site_user)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["disclosure", "disclosureitem", column(agencies.edu, "fdzdgk").pk],
    )
    page = editor.get(url).content.decode()
    assert '<optgroup label="科技、教育">' in page
    assert '<option value="科技、教育\\教育">教育</option>' in page
    # A child of another topic, and a value outside the list, are refused.
    response = editor.post(url, _form("选错的二级分类", subtopic="综合政务\\政务公开"))
    assert response.status_code == 200
    assert "二级分类“政务公开”不属于主题分类“科技、教育”" in response.content.decode()
    response = editor.post(
        url, _form("自拟的二级分类", subtopic="科技、教育\\幼儿教育")
    )
    assert response.status_code == 200
    assert not DisclosureItem.objects.filter(title__endswith="的二级分类").exists()
    assert (
        editor.post(
            url, _form("选对的二级分类", subtopic="科技、教育\\教育")
        ).status_code
        == 302
    )
    item = DisclosureItem.objects.get(title="选对的二级分类")
    assert (item.topic, item.subtopic, item.topic_path) == (
        "科技、教育", "教育", "科技、教育\\教育",
    )  # fmt: skip


def test_r27_a_legacy_value_is_shown_and_must_be_rechosen(agencies, site_user):
    item = make_item(
        agencies.edu, "旧的二级分类", topic="科技、教育", subtopic="幼儿教育"
    )
    editor = _editor(agencies, site_user)
    url = reverse("wagtailadmin_pages:edit", args=[item.pk])
    page = editor.get(url).content.decode()
    assert "科技、教育\\幼儿教育（不在规范列表中，请重新选择）" in page
    data = _form("旧的二级分类", slug=item.slug, subtopic="科技、教育\\幼儿教育")
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "二级分类“幼儿教育”不属于主题分类“科技、教育”" in response.content.decode()


def test_r27_the_check_lists_items_outside_the_vocabulary(agencies):
    check = TopicVocabularyCheck()
    make_item(agencies.edu, "规范的分类", topic="科技、教育", subtopic="教育")
    assert result(check, agencies, agencies.edu).status is Status.PASS
    bad = make_item(
        agencies.edu, "不规范的分类", topic="科技、教育", subtopic="幼儿教育"
    )
    outcome = result(check, agencies, agencies.edu)
    assert outcome.status is Status.FAIL
    assert [(f.title, f.detail) for f in outcome.findings] == [
        ("不规范的分类", "二级分类“幼儿教育”不属于主题分类“科技、教育”")
    ]
    assert outcome.findings[0].url.endswith(f"/pages/{bad.pk}/edit/")
    assert result(check, agencies, agencies.health).status is Status.PASS


def test_r27_the_data_migration_fixes_matching_values_and_leaves_the_rest(agencies):
    width = make_item(agencies.edu, "半角括号", topic="城乡建设、环境保护")
    path = make_item(agencies.edu, "重复一级", topic="综合政务")
    free = make_item(agencies.edu, "自拟", topic="科技、教育")
    for item, value in ((width, "城乡建设(含住房)"), (path, "综合政务/政务督查"),
                        (free, "幼儿教育")):  # fmt: skip
        DisclosureItem.objects.filter(pk=item.pk).update(subtopic=value)
    migration = importlib.import_module(
        "disclosure.migrations.0014_subtopics_and_decision_changes"
    )
    migration.normalize_subtopics(global_apps, None)
    values = dict(
        DisclosureItem.objects.filter(pk__in=[width.pk, path.pk, free.pk]).values_list(
            "title", "subtopic"
        )
    )
    assert values == {
        "半角括号": "城乡建设（含住房）",
        "重复一级": "政务督查",
        "自拟": "幼儿教育",
    }
    outcome = result(TopicVocabularyCheck(), agencies, agencies.edu)
    assert [f.title for f in outcome.findings] == ["自拟"]
