"""The contract every app's ``search_indexes.py`` follows (haystack autodiscovers it).

An app makes its content searchable without touching this app::

    # myapp/search_indexes.py
    from haystack import indexes
    from search.indexes import PageDocument      # or ClusterDocument for non-pages

    class LetterIndex(PageDocument, indexes.Indexable):
        content_type = "letter"                  # the filter's value (ASCII, stable)
        content_type_label = "领导信箱"            # what the search page shows
        content_type_order = 40                  # position in the filter list

        def get_model(self):
            return Letter

        def index_queryset(self, using=None):    # ONLY what the public may see
            return Letter.objects.filter(published=True)

        def document_text(self, obj) -> str:    # the words to search (no personal data)
            return f"{obj.title}\n{obj.reply_text}"

``ClusterDocument`` fills the shared fields from a few methods (``document_*``);
``index_queryset`` is the privacy boundary: the queue re-checks it on every update
and removes what left it (unpublished, withdrawn, restricted). Related models whose
changes must reindex the document are named in ``dependencies`` as
``{"app_label.model": "attribute holding the indexed object"}``.
"""

from __future__ import annotations

import datetime
import time

from django.utils import timezone
from django.utils.html import strip_tags
from haystack import indexes

from sites.models import Submission, SubmissionStatus
from sites.streamfield_text import streamfield_text

SNIPPET_CHARS = 600


class ExactField(indexes.CharField):
    """One untokenized term: labels and identifiers (索引号, 文号)."""

    field_type = "exact"


class ClusterDocument(indexes.SearchIndex):
    """Shared fields of every searchable document of the cluster."""

    content_type: str = ""
    content_type_label: str = ""
    content_type_order: int = 100
    dependencies: dict[str, str] = {}

    text = indexes.CharField(document=True, stored=False)
    title = indexes.CharField(indexed=False)
    snippet = indexes.CharField(indexed=False)
    url = indexes.CharField(indexed=False)
    site_ids = indexes.MultiValueField()
    kind = ExactField()
    published = indexes.DateTimeField()
    agency = indexes.CharField(indexed=False)
    index_number = ExactField()
    document_number = ExactField()

    def never_indexed(self, instance) -> bool:
        """True when ``instance`` cannot be in the index, now or before this save
        (a letter still waiting to be accepted): its changes need no index task,
        so a public submission writes nothing to the update queue."""
        return False

    def read_queryset(self, using=None):
        # Results are loaded through the same privacy boundary they were indexed by.
        return self.index_queryset(using)

    # --- what an app's index provides -------------------------------------------
    def document_title(self, obj) -> str:
        return str(getattr(obj, "title", ""))

    def document_text(self, obj) -> str:
        return ""

    def document_url(self, obj) -> str:
        return obj.get_absolute_url()

    def document_sites(self, obj) -> list[int]:
        return []

    def document_date(self, obj):
        return timezone.now()

    def document_agency(self, obj) -> str:
        return ""

    def document_identifiers(self, obj) -> tuple[str, str]:
        """(索引号, 文号), empty strings where the type has none."""
        return "", ""

    # --- haystack's prepare_* --------------------------------------------------
    def prepare(self, obj):
        self._prepared_body = None
        return super().prepare(obj)

    def _body(self, obj) -> str:
        if self._prepared_body is None:
            self._prepared_body = " ".join(strip_tags(self.document_text(obj)).split())
        return self._prepared_body

    def prepare_text(self, obj):
        title = self.document_title(obj)
        index_number, document_number = self.document_identifiers(obj)
        # The title twice: a match in the title ranks above one in the body.
        parts = [title, title, self.document_agency(obj), index_number]
        return "\n".join([*parts, document_number, self._body(obj)])

    def prepare_title(self, obj):
        return self.document_title(obj)

    def document_snippet(self, obj) -> str:
        """The text a result shows under its title (default: the searched text)."""
        return self._body(obj)

    def prepare_snippet(self, obj):
        return " ".join(strip_tags(self.document_snippet(obj)).split())[:SNIPPET_CHARS]

    def prepare_url(self, obj):
        return self.document_url(obj)

    def prepare_site_ids(self, obj):
        return [int(pk) for pk in self.document_sites(obj)]

    def prepare_kind(self, obj):
        return self.content_type

    def prepare_published(self, obj):
        # Stored in UTC: engines compare the values as they are written.
        value = self.document_date(obj)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value

    def prepare_agency(self, obj):
        return self.document_agency(obj)

    def prepare_index_number(self, obj):
        return self.document_identifiers(obj)[0]

    def prepare_document_number(self, obj):
        return self.document_identifiers(obj)[1]

    def get_updated_field(self):
        return None


class PageDocument(ClusterDocument):
    """A Wagtail page: live, public pages of the model itself (not its subclasses,
    which have their own index), on the site whose tree holds it."""

    def index_queryset(self, using=None):
        from django.contrib.contenttypes.models import ContentType

        model = self.get_model()
        return (
            model.objects.live()
            .public()
            .filter(content_type=ContentType.objects.get_for_model(model))
        )

    def document_url(self, obj) -> str:
        return obj.get_full_url() or obj.url_path

    def document_sites(self, obj) -> list[int]:
        site = site_for_path(obj.path)
        return [site] if site else []

    def document_date(self, obj):
        return obj.first_published_at or timezone.now()

    def document_agency(self, obj) -> str:
        return site_names().get(site_for_path(obj.path), "")

    def document_text(self, obj) -> str:
        return getattr(obj, "search_description", "") or ""


class ArticleDocument(PageDocument):
    """Fields shared by articles and the article types of other apps."""

    def document_text(self, obj) -> str:
        return "\n".join(
            part
            for part in (
                obj.subtitle,
                obj.summary,
                obj.keywords,
                streamfield_text(obj.body),
            )
            if part
        )

    def document_snippet(self, obj) -> str:
        """The summary, then the body text: no subtitle, keywords or block
        labels, and a summary the body repeats is not shown twice."""
        summary = " ".join(strip_tags(getattr(obj, "summary", "") or "").split())
        body = " ".join(
            strip_tags(streamfield_text(getattr(obj, "body", None))).split()
        )
        if not summary and not body:
            return self._body(obj)
        if summary and summary[: min(len(summary), 40)] not in body:
            return f"{summary} {body}".strip()
        return body

    def document_date(self, obj):
        return obj.publish_date

    def document_sites(self, obj) -> list[int]:
        """Its own site, plus the sites that accepted it (信息报送): those list it
        in a column of theirs, so their own search finds it too."""
        own = site_for_path(obj.path)
        accepted = Submission.objects.filter(
            article_id=obj.pk,
            status=SubmissionStatus.ACCEPTED,
            publish_at__lte=timezone.now(),
        ).values_list("target_site_id", flat=True)
        return sorted({own, *accepted} - {None})

    def document_agency(self, obj) -> str:
        return obj.source or super().document_agency(obj)


# Site of a page by its tree path: one query per few seconds, not per document
# (a rebuild indexes thousands a minute). Short-lived so renamed sites show soon.
_SITES_TTL = 5.0
_sites_cache: tuple[float, dict[str, int], dict[int, str]] | None = None


def _site_maps(refresh: bool = False):
    global _sites_cache
    now = time.monotonic()
    if refresh or _sites_cache is None or now - _sites_cache[0] > _SITES_TTL:
        from wagtail.models import Site

        by_path, names = {}, {}
        for site in Site.objects.select_related("root_page").only(
            "id", "site_name", "root_page__path"
        ):
            by_path[site.root_page.path] = site.pk
            names[site.pk] = site.site_name
        _sites_cache = (now, by_path, names)
    return _sites_cache[1], _sites_cache[2]


def site_for_path(path: str) -> int | None:
    from wagtail.models import Page

    if not path:
        return None
    root = path[: Page.steplen * 2]
    found = _site_maps()[0].get(root)
    if found is None:
        # A site created moments ago: look again rather than index it siteless.
        found = _site_maps(refresh=True)[0].get(root)
    return found


def site_names() -> dict[int, str]:
    return _site_maps()[1]


def registered_types() -> list[tuple[str, str]]:
    """(content_type, label) of every registered index, in filter order."""
    from haystack import connections

    seen = {}
    for index in connections["default"].get_unified_index().get_indexes().values():
        if isinstance(index, ClusterDocument) and index.content_type:
            seen.setdefault(
                index.content_type,
                (index.content_type_order, index.content_type_label),
            )
    return [
        (key, label)
        for key, (_order, label) in sorted(seen.items(), key=lambda kv: kv[1])
    ]
