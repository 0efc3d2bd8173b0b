"""Search documents of 政府信息公开 (haystack autodiscovers this module).

Disclosure applications (依申请公开) are deliberately absent: applicants' data
is never indexed (SECURITY, R44).
"""

from django.urls import reverse
from haystack import indexes

from search.indexes import ArticleDocument, ClusterDocument, PageDocument

from .models import (
    AnnualReportPage,
    ApprovalCase,
    Decision,
    DisclosureGuidePage,
    DisclosureItem,
    PartyType,
)


class DisclosureItemIndex(ArticleDocument, indexes.Indexable):
    content_type = "disclosure"
    content_type_label = "政府信息公开"
    content_type_order = 20
    dependencies = {"sites.submission": "article"}

    def get_model(self):
        return DisclosureItem

    def document_text(self, obj) -> str:
        return "\n".join(
            [obj.topic_path, obj.genre, obj.issuing_agency, super().document_text(obj)]
        )

    def document_agency(self, obj) -> str:
        return obj.issuing_agency

    def document_identifiers(self, obj):
        return obj.index_number or "", obj.document_number or ""


class DisclosureGuidePageIndex(PageDocument, indexes.Indexable):
    content_type = "guide"
    content_type_label = "公开指南"
    content_type_order = 30

    def get_model(self):
        return DisclosureGuidePage

    def document_text(self, obj) -> str:
        return "\n".join(
            [
                obj.classification,
                obj.arrangement,
                obj.proactive_access,
                obj.request_access,
                obj.office_name,
                obj.office_address,
                obj.supervision,
            ]
        )

    def document_agency(self, obj) -> str:
        return obj.office_name


class AnnualReportPageIndex(ArticleDocument, indexes.Indexable):
    content_type = "annual_report"
    content_type_label = "信息公开年报"
    content_type_order = 35

    def get_model(self):
        return AnnualReportPage

    def document_text(self, obj) -> str:
        return "\n".join([obj.agency, obj.overview, obj.problems, obj.other_matters])

    def document_agency(self, obj) -> str:
        return obj.agency


class SiteRecordDocument(ClusterDocument):
    """A public record of one department site (双公示, 办件公示), shown at
    ``detail_url`` on that site; everything of them is public."""

    detail_url = ""

    def index_queryset(self, using=None):
        return self.get_model().objects.select_related("site")

    def document_url(self, obj) -> str:
        return obj.site.root_url + reverse(self.detail_url, args=[obj.pk])

    def document_sites(self, obj) -> list[int]:
        return [obj.site_id]

    def document_date(self, obj):
        return obj.published_at


def _organisation(obj) -> str:
    """A legal person is public by name; a natural person is never indexed."""
    return obj.party_name if obj.party_type == PartyType.LEGAL else ""


class DecisionIndex(SiteRecordDocument, indexes.Indexable):
    """双公示 decisions. A natural person is named only as published (masked);
    ID numbers are never indexed."""

    content_type = "decision"
    content_type_label = "双公示"
    content_type_order = 50
    detail_url = "approvals:decision_detail"

    def get_model(self):
        return Decision

    def document_title(self, obj) -> str:
        return obj.document_title

    def document_text(self, obj) -> str:
        return "\n".join(
            p
            for p in (
                obj.get_kind_display(), obj.category, obj.content, obj.basis,
                obj.result, obj.authority, _organisation(obj), obj.notice,
            )
            if p
        )  # fmt: skip

    def document_agency(self, obj) -> str:
        return obj.authority

    def document_identifiers(self, obj):
        return "", obj.document_number


class ApprovalCaseIndex(SiteRecordDocument, indexes.Indexable):
    """办件公示: the item and the organisation applying (never a person's ID)."""

    content_type = "approval"
    content_type_label = "办件公示"
    content_type_order = 55
    detail_url = "approvals:case_detail"

    def get_model(self):
        return ApprovalCase

    def document_title(self, obj) -> str:
        return f"{obj.item_name}（{obj.case_number}）"

    def document_text(self, obj) -> str:
        return "\n".join(
            p
            for p in (obj.item_code, obj.get_state_display(),
                      obj.get_result_display(), _organisation(obj))
            if p
        )  # fmt: skip

    def document_agency(self, obj) -> str:
        return obj.site.site_name
