"""Search documents of 政民互动 (haystack autodiscovers this module).

Letters are indexed only as the public sees them: closed, consented to and
published, with the redacted public texts (never the writer's own text, name,
phone or ID number). Consultations and interviews are ordinary public pages.
"""

from haystack import indexes

from search.indexes import ClusterDocument, PageDocument, site_names, streamfield_text

from .letter_choices import LetterStatus
from .models import ConsultationPage, InterviewPage, Letter


class LetterIndex(ClusterDocument, indexes.Indexable):
    content_type = "letter"
    content_type_label = "领导信箱"
    content_type_order = 40

    def get_model(self):
        return Letter

    def index_queryset(self, using=None):
        return Letter.objects.public().select_related("mailbox__site")

    def never_indexed(self, letter) -> bool:
        # Letters are published only after they are closed, and no step leads
        # back to 待受理: a letter in it has never been public.
        return letter.status == LetterStatus.SUBMITTED

    def document_title(self, obj) -> str:
        return obj.public_subject or "公开信件"

    def document_text(self, obj) -> str:
        return f"{obj.public_content}\n{obj.public_reply}"

    def document_url(self, obj) -> str:
        return f"{obj.mailbox.site.root_url}/hdjl/ldxx/{obj.case_number}/"

    def document_sites(self, obj) -> list[int]:
        return [obj.mailbox.site_id]

    def document_date(self, obj):
        return obj.published_at or obj.replied_at

    def document_agency(self, obj) -> str:
        return site_names().get(obj.reply_site_id or obj.mailbox.site_id, "")


class ConsultationPageIndex(PageDocument, indexes.Indexable):
    content_type = "consultation"
    content_type_label = "意见征集"
    content_type_order = 41

    def get_model(self):
        return ConsultationPage

    def document_text(self, obj) -> str:
        return "\n".join(
            [
                obj.summary,
                streamfield_text(obj.draft),
                streamfield_text(obj.explanation),
                obj.feedback,
            ]
        )

    def document_agency(self, obj) -> str:
        return obj.organiser or super().document_agency(obj)


class InterviewPageIndex(PageDocument, indexes.Indexable):
    content_type = "interview"
    content_type_label = "在线访谈"
    content_type_order = 42

    def get_model(self):
        return InterviewPage

    def document_text(self, obj) -> str:
        return "\n".join(
            [obj.guests, obj.introduction, streamfield_text(obj.transcript)]
        )
