"""Search documents of 政府信息公开 (haystack autodiscovers this module).

Disclosure applications (依申请公开) are deliberately absent: applicants' data
is never indexed (SECURITY, R44).
"""

from haystack import indexes

from search.indexes import ArticleDocument, PageDocument

from .models import AnnualReportPage, DisclosureGuidePage, DisclosureItem


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
