"""Public views of the cluster core that are not pages."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from wagtail.models import Site

from .models import ArticlePage

MAX_QUERY_LENGTH = 100


def search(request):
    """Search the current site's articles by title and summary.

    A plain substring match that works for Chinese on every database; the
    cluster-wide segmented search (haystack + jieba) replaces it in issue #6.
    """
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有与此域名对应的网站。")
    query = (request.GET.get("q") or "").strip()
    error = ""
    results = ArticlePage.objects.none()
    if len(query) > MAX_QUERY_LENGTH:
        error = f"搜索词不能超过{MAX_QUERY_LENGTH}个字，请缩短后重试。"
    elif any(ord(char) < 32 for char in query):
        error = "搜索词包含无效字符，请重新输入。"
    elif query:
        results = (
            ArticlePage.objects.live()
            .public()
            .descendant_of(site.root_page)
            .filter(Q(title__icontains=query) | Q(summary__icontains=query))
            .order_by("-publish_date", "-pk")
        )
    page_obj = Paginator(results, 20).get_page(request.GET.get("page"))
    home_page = site.root_page.specific
    return render(
        request,
        "sites/search_results.html",
        {
            "query": query,
            "error": error,
            "page_obj": page_obj,
            "home_page": home_page,
            "articles": page_obj.object_list,
        },
        status=400 if error else 200,
    )
