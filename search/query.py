"""From what a visitor typed to a haystack query, through haystack's API only
(SearchQuerySet / SQ), so every backend — Whoosh, SQLite FTS5, Elasticsearch —
answers the same query.

- Quotes ("…" or “…”) make a phrase; the rest is segmented into words, all of
  which must match, each widened by the admin's synonyms (社保 → 社保 OR 社会保险).
- Engine syntax never reaches an engine: only letters, digits and CJK survive.
- 今年/去年/前年 become a date range ("去年的低保标准文件"), filler words (的, 关于,
  文件 …) are dropped, and when all words together find nothing the page offers
  the results with any of them.
- A 索引号 or 文号 typed as it is finds its document first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone
from haystack.inputs import Exact
from haystack.query import SQ, SearchQuerySet

from .analysis import (
    clean_words,
    normalize_query,
    parts_of,
    query_words,
    synonyms_of,
)

MAX_QUERY_LENGTH = 100
QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
FILLER = {
    "的", "了", "和", "与", "及", "或", "在", "是", "关于", "有关", "相关", "文件",
    "信息", "查询", "查找", "哪里", "怎么", "如何", "一下", "请问",
}  # fmt: skip
RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": 1, "上年": 1, "前年": 2}
IDENTIFIER = re.compile(r"^(?=.*\d)(?=.*[/〔〕\[\]号-]).{4,64}$")


@dataclass
class ParsedQuery:
    display: str
    phrases: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    year: int | None = None
    identifier: str = ""
    synonyms: dict[str, set[str]] = field(default_factory=dict)
    parts: dict[str, list[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.phrases or self.words or self.year or self.identifier)

    @property
    def highlight_terms(self) -> list[str]:
        terms = [*self.phrases, *self.words]
        for alternatives in self.synonyms.values():
            terms.extend(alternatives)
        for parts in self.parts.values():
            terms.extend(parts)
        return [term.replace(" ", "") for term in terms if term]

    @property
    def normalized(self) -> str:
        """What analytics count: the words, lower-cased, in the typed order."""
        parts = [f'"{p}"' for p in self.phrases] + self.words
        if self.year:
            parts.append(str(self.year))
        return " ".join(parts)[:MAX_QUERY_LENGTH] or self.identifier


def parse(raw: str, today: dt.date | None = None) -> ParsedQuery:
    today = today or timezone.localdate()
    display = normalize_query(raw).translate(QUOTES)
    parsed = ParsedQuery(display=display)
    if IDENTIFIER.match(display.strip('"')):
        parsed.identifier = display.strip('"')
    pieces = display.split('"')
    # Odd pieces were inside quotes; an unbalanced last quote counts as words.
    balanced = len(pieces) % 2 == 1
    rest = []
    for number, piece in enumerate(pieces):
        inside = number % 2 == 1 and (balanced or number < len(pieces) - 1)
        if inside:
            phrase = " ".join(query_words(clean_words(piece)))
            if phrase:
                parsed.phrases.append(phrase)
        else:
            rest.append(piece)
    for word in query_words(clean_words(" ".join(rest))):
        if word in RELATIVE_YEARS:
            parsed.year = today.year - RELATIVE_YEARS[word]
        elif word not in FILLER and word not in parsed.words:
            parsed.words.append(word)
    parsed.synonyms = synonyms_of(parsed.words)
    for word in parsed.words:
        parts = [part for part in parts_of(word) if part not in FILLER]
        if parts:
            parsed.parts[word] = parts
    return parsed


def text_filter(parsed: ParsedQuery, any_word: bool = False) -> SQ | None:
    clauses = [SQ(content=Exact(phrase)) for phrase in parsed.phrases]
    for word in parsed.words:
        clause = SQ(content=word)
        if parsed.parts.get(word):
            together = SQ(content=parsed.parts[word][0])
            for part in parsed.parts[word][1:]:
                together &= SQ(content=part)
            clause |= together
        for synonym in sorted(parsed.synonyms.get(word, ())):
            clause |= SQ(content=synonym)
        clauses.append(clause)
    if not clauses:
        return None
    combined = clauses[0]
    for clause in clauses[1:]:
        combined = (combined | clause) if any_word else (combined & clause)
    return combined


@dataclass
class Scope:
    site_ids: list[int] | None  # None: the whole cluster
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"


def _aware(day: dt.date) -> dt.datetime:
    """Local midnight of ``day`` as naive UTC, like the indexed dates."""
    local = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def filtered(sqs: SearchQuerySet, parsed: ParsedQuery, scope: Scope) -> SearchQuerySet:
    if scope.site_ids is not None:
        sites = SQ(site_ids=scope.site_ids[0])
        for pk in scope.site_ids[1:]:
            sites |= SQ(site_ids=pk)
        sqs = sqs.filter(sites)
    if scope.kind:
        sqs = sqs.filter(kind=Exact(scope.kind))
    date_from, date_to = scope.date_from, scope.date_to
    if parsed.year and not (date_from or date_to):
        date_from, date_to = dt.date(parsed.year, 1, 1), dt.date(parsed.year, 12, 31)
    if date_from:
        sqs = sqs.filter(published__gte=_aware(date_from))
    if date_to:
        sqs = sqs.filter(published__lt=_aware(date_to + dt.timedelta(days=1)))
    if scope.sort == "date":
        sqs = sqs.order_by("-published")
    return sqs


def search(parsed: ParsedQuery, scope: Scope, any_word: bool = False):
    """The results (a lazy SearchQuerySet), or None when nothing was asked."""
    condition = text_filter(parsed, any_word=any_word)
    if condition is None and not parsed.year:
        return None
    sqs = SearchQuerySet()
    sqs = (
        sqs.filter(condition)
        if condition is not None
        else sqs.filter(published__gte=_aware(dt.date(parsed.year, 1, 1)))
    )
    return filtered(sqs, parsed, scope)


def identifier_hits(parsed: ParsedQuery, scope: Scope) -> list:
    """Documents whose 索引号 or 文号 is exactly what was typed (at most a few)."""
    if not parsed.identifier:
        return []
    value = Exact(parsed.identifier)
    sqs = SearchQuerySet().filter(SQ(index_number=value) | SQ(document_number=value))
    if scope.site_ids is not None:
        sqs = filtered(sqs, ParsedQuery(display=""), Scope(site_ids=scope.site_ids))
    return list(sqs[:5])
