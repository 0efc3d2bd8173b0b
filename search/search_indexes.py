"""Search documents of the cluster core's articles (haystack autodiscovers this
module). The core ``sites`` does not know about search: its articles are indexed
from here, like any app's content from that app's own search_indexes.py."""

from haystack import indexes

from sites.models import ArticlePage

from .indexes import ArticleDocument


class ArticlePageIndex(ArticleDocument, indexes.Indexable):
    content_type = "article"
    content_type_label = "文章"
    content_type_order = 10
    dependencies = {"sites.submission": "article"}

    def get_model(self):
        return ArticlePage
