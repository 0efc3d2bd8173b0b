"""Admin of 统一检索: the dictionary, synonyms and "大家常搜" words (集群管理员), query analytics
(site admins for their sites, cluster roles for all), and the demo's vocabulary."""

from django.core.management import call_command
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import analytics_view, visible_sites
from .models import SearchTerm, SuggestedSearch, Synonym


class SearchTermViewSet(SnippetViewSet):
    model = SearchTerm
    icon = "doc-full"
    menu_label = "检索词典"
    list_display = ("word", "note", "updated_at")
    search_fields = ("word", "note")
    ordering = ("word",)


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "link"
    menu_label = "同义词"
    list_display = ("term", "synonym", "updated_at")
    search_fields = ("term", "synonym")
    ordering = ("term",)


class SuggestedSearchViewSet(SnippetViewSet):
    model = SuggestedSearch
    icon = "pick"
    menu_label = "大家常搜推荐词"
    list_display = ("word", "sort_order", "updated_at")
    search_fields = ("word",)
    ordering = ("sort_order", "word")


class VocabularyGroup(SnippetViewSetGroup):
    items = (SearchTermViewSet, SynonymViewSet, SuggestedSearchViewSet)
    menu_icon = "search"
    menu_label = "检索词库"
    menu_name = "search-vocabulary"


register_snippet(VocabularyGroup)


@hooks.register("register_admin_urls")
def register_search_admin_urls():
    return [path("search/analytics/", analytics_view, name="search_analytics")]


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return visible_sites(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_analytics_menu_item():
    return AnalyticsMenuItem(
        "检索统计", reverse("search_analytics"), icon_name="search", order=1020
    )


DEMO_TERMS = [
    ("社保卡", "社会保障卡"),
    ("一网通办", "政务服务"),
    ("最低生活保障", "低保全称"),
    ("营商环境", "政策用语"),
    ("政务公开", "政策用语"),
]
DEMO_SUGGESTIONS = ["社保卡", "一网通办", "低保标准", "政府信息公开"]
DEMO_SYNONYMS = [
    ("社保", "社会保险"),
    ("医保", "医疗保险"),
    ("低保", "最低生活保障"),
    ("公积金", "住房公积金"),
]


@hooks.register("cluster_seed_demo")
def seed_search_demo(sites, stdout):
    """The demo vocabulary (agency names, policy terms, synonyms), then the index
    of every site's published content. Idempotent."""
    names = [(site.site_name, "机构名称") for site in sites.values()]
    for word, note in [*DEMO_TERMS, *names]:
        SearchTerm.objects.get_or_create(word=word, defaults={"note": note})
    for term, synonym in DEMO_SYNONYMS:
        Synonym.objects.get_or_create(term=term, synonym=synonym)
    for order, word in enumerate(DEMO_SUGGESTIONS):
        SuggestedSearch.objects.get_or_create(word=word, defaults={"sort_order": order})
    call_command("rebuild_index", interactive=False, verbosity=0)
    stdout.write("统一检索：词典、同义词、大家常搜推荐词已就绪，检索索引已重建。")
