"""错敏字 check (issue 13 item 4, REQUIREMENTS R78).

The cluster admin maintains the list (``ProofTerm``). Saving a page in the admin
shows a warning for every hit; the review workflow does not let a revision with
hits through unless a reviewer overrides it with a reason (``ProofOverride``,
audited); ``scan_proof_terms`` and the 错敏字 compliance check report what is
already published, per site.

The list is read from the database on each check (a few hundred rows at most):
no process keeps its own copy, so an edit applies everywhere at once.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from dataclasses import dataclass

from django.db import models
from django.utils.html import strip_tags
from wagtail.fields import StreamField
from wagtail.models import Page

from ..models.proofing import ProofOverride, ProofTerm

# Page fields that hold addresses or codes, not text a reader sees.
_SKIP_FIELDS = {"slug", "url_path", "path", "draft_title", "latest_revision"}
CONTEXT_CHARS = 12


@dataclass(frozen=True)
class Term:
    wrong: str
    correct: str
    kind: str
    note: str


@dataclass
class Hit:
    term: Term
    count: int
    context: str

    def describe(self) -> str:
        fix = f"应为“{self.term.correct}”" if self.term.correct else "禁止使用"
        note = f"（{self.term.note}）" if self.term.note else ""
        return f"“{self.term.wrong}”{fix}{note}"


class ProofList:
    """The active terms, with one compiled pattern for all of them."""

    def __init__(self, terms: list[Term]):
        self.terms = {t.wrong: t for t in terms}
        wrongs = sorted(self.terms, key=len, reverse=True)
        self.pattern = (
            re.compile("|".join(re.escape(w) for w in wrongs)) if wrongs else None
        )
        # Correct forms that contain a wrong form ("渡过难关" holds no wrong
        # form, but a list may pair "难关" with a longer correct phrase): the
        # correct phrase is masked before searching.
        self.masks = sorted(
            {
                t.correct
                for t in terms
                if t.correct and any(w in t.correct for w in self.terms)
            },
            key=len,
            reverse=True,
        )

    @classmethod
    def load(cls) -> ProofList:
        rows = ProofTerm.objects.filter(active=True).values_list(
            "wrong", "correct", "kind", "note"
        )
        return cls([Term(*row) for row in rows if row[0]])

    def find(self, text: str) -> list[Hit]:
        if self.pattern is None or not text:
            return []
        for phrase in self.masks:
            text = text.replace(phrase, "\u3000" * len(phrase))
        hits: dict[str, Hit] = {}
        for match in self.pattern.finditer(text):
            wrong = match.group(0)
            if wrong in hits:
                hits[wrong].count += 1
                continue
            start, end = match.start(), match.end()
            context = text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS]
            hits[wrong] = Hit(self.terms[wrong], 1, " ".join(context.split()))
        return list(hits.values())


def _strings(value):
    """Every string inside StreamField raw data (skipping block types and ids)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("type", "id"):
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def page_text(page) -> str:
    """The text a reader of ``page`` sees: title, description and every text
    or StreamField field its type adds, without markup."""
    parts = [page.title, page.seo_title or "", page.search_description or ""]
    for field in type(page)._meta.concrete_fields:
        if field.model is Page or field.name in _SKIP_FIELDS or field.choices:
            continue
        value = getattr(page, field.attname, None)
        if isinstance(field, StreamField):
            raw = getattr(value, "raw_data", None)
            parts.extend(_strings(list(raw) if raw is not None else value))
        elif isinstance(field, models.CharField | models.TextField) and value:
            parts.append(str(value))
    return html.unescape(strip_tags("\n".join(p for p in parts if p)))


def revision_text(revision) -> str:
    """``page_text`` of the page as ``revision`` stores it, read from the
    revision's content (building the page from it costs half a dozen queries,
    and a workflow approval asks more than once)."""
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(revision.content_type_id).model_class()
    content = revision.content or {}
    parts = [
        content.get("title") or "",
        content.get("seo_title") or "",
        content.get("search_description") or "",
    ]
    for field in model._meta.concrete_fields:
        if field.model is Page or field.name in _SKIP_FIELDS or field.choices:
            continue
        value = content.get(field.name)
        if isinstance(field, StreamField):
            if isinstance(value, str):
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            parts.extend(_strings(value))
        elif isinstance(field, models.CharField | models.TextField) and value:
            parts.append(str(value))
    return html.unescape(strip_tags("\n".join(p for p in parts if p)))


def hits_for_page(page, proof_list: ProofList | None = None) -> list[Hit]:
    return (proof_list or ProofList.load()).find(page_text(page))


def hits_for_revision(revision, proof_list: ProofList | None = None) -> list[Hit]:
    cached = getattr(revision, "_proof_hits", None)
    if cached is None:
        cached = (proof_list or ProofList.load()).find(revision_text(revision))
        revision._proof_hits = cached
    return cached


def overridden(revision) -> bool:
    return ProofOverride.objects.filter(revision=revision).exists()


def blocking_hits(page) -> list[Hit]:
    """Hits in the latest revision of ``page`` that no reviewer let through."""
    revision = page.get_latest_revision()
    if revision is None:
        return []
    hits = hits_for_revision(revision)
    if hits and overridden(revision):
        return []
    return hits


def summary(hits: list[Hit], limit: int = 8) -> str:
    text = "；".join(h.describe() for h in hits[:limit])
    if len(hits) > limit:
        text += f"；另有{len(hits) - limit}处"
    return text


def scan_published(sites) -> dict[int, list[tuple]]:
    """Every live page of ``sites`` with hits: ``{site.pk: [(page, url, hits)]}``.

    One query per page type (``specific()``), the list read once.
    """
    from django.db.models import Q

    proof_list = ProofList.load()
    if proof_list.pattern is None:
        return {}
    by_root = {site.root_page.path: site for site in sites}
    roots = Q()
    for path in by_root:
        roots |= Q(path__startswith=path)
    if not by_root:
        return {}
    found: dict[int, list[tuple]] = {}
    pages = Page.objects.live().filter(roots).order_by("path").specific()
    for page in pages.iterator(chunk_size=500):
        hits = proof_list.find(page_text(page))
        if not hits:
            continue
        site = by_root.get(page.path[: Page.steplen * 2])
        if site is None:
            continue
        url = (
            site.root_url.rstrip("/")
            + page.url_path[len(site.root_page.url_path) - 1 :]
        )
        found.setdefault(site.pk, []).append((page, url, hits))
    return found
