"""The current consultation and interview of a site, for its 互动交流 landing page
and its home page (two queries, whatever the number of items)."""

from __future__ import annotations

from django.utils import timezone

from sites.services.tree import descendants_q, public_q

from ..models import ConsultationPage, InterviewPage

INTERVIEW_STATE_CODES = {"预告": "soon", "直播中": "live", "已结束": "ended"}


def site_highlights(home_path: str, request=None) -> list[dict]:
    """The newest open (else latest) consultation and the newest interview under
    the site whose home page is at ``home_path``."""
    now = timezone.now()
    highlights = []
    consultations = (
        ConsultationPage.objects.live()
        .filter(public_q())
        .filter(descendants_q(home_path))
        .only("title", "url_path", "path", "opens_at", "closes_at")
    )
    consultation = consultations.order_by("-opens_at", "-pk").first()
    if consultation is not None:
        is_open = consultation.opens_at <= now <= consultation.closes_at
        highlights.append(
            {
                "label": "意见征集",
                "title": consultation.title,
                "url": consultation.get_url(request),
                "state": "征集中" if is_open else "已结束",
                "state_code": "live" if is_open else "ended",
            }
        )
    interview = (
        InterviewPage.objects.live()
        .filter(public_q())
        .filter(descendants_q(home_path))
        .only("title", "url_path", "path", "starts_at", "ends_at")
        .order_by("-starts_at", "-pk")
        .first()
    )
    if interview is not None:
        highlights.append(
            {
                "label": "在线访谈",
                "title": interview.title,
                "url": interview.get_url(request),
                "state": interview.state,
                "state_code": INTERVIEW_STATE_CODES.get(interview.state, "plain"),
            }
        )
    return highlights
