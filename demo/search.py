"""The demo's 统一检索 vocabulary (policy terms, agency names, synonyms, 大家常搜)
and the index of every demo site's published content, built last."""

from django.core.management import call_command

from search.models import SearchTerm, SuggestedSearch, Synonym

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
