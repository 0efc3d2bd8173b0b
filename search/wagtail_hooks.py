"""Admin of 统一检索: the dictionary, synonyms and "大家常搜" words (集群管理员), query analytics
(site admins for their sites, cluster roles for all)."""

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
