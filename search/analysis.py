"""Chinese word segmentation for every search backend (jieba).

Documents are segmented in jieba's accurate mode; each word longer than two
characters also yields the dictionary words inside it (what jieba's "search" mode
adds), at the same position. So 社保 is found inside 社保卡 and a phrase query,
segmented in accurate mode, still matches consecutive positions.

Only ``jieba`` itself is imported: ``jieba.analyse`` (where jieba's own Whoosh
analyzer lives) loads keyword-extraction data worth ~134 MB per process.

The cluster admin's dictionary words and synonyms (models SearchTerm, Synonym) are
added to jieba's dictionary; ``ensure_vocabulary`` reloads them when they change
(one cheap query), so every web process follows edits without a restart.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterator

import jieba
from whoosh.analysis import Token, Tokenizer

from .models import SearchTerm, Synonym

jieba.setLogLevel(logging.WARNING)

_lock = threading.Lock()
_loaded_version: tuple | None = None
_loaded_words: set[str] = set()
_original_freq: dict[str, int] = {}
# The user dictionary gets a frequency high enough to keep the word whole.
USER_WORD_FREQ = 20_000


def _is_word(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _dictionary():
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


# Traditional Mongolian (蒙古文版, issue #21 item 2) separates words by spaces
# (suffixes by U+202F); jieba would cut a Mongolian word into single letters, so
# runs of Mongolian letters are words of their own and never reach jieba. The
# variation selectors (FVS, MVS) and joiners only choose glyph forms: dropped, so
# a word matches however it was typed. Mongolian punctuation (U+1800–U+180A) is
# not a letter and falls to jieba, which drops it.
MONGOLIAN_WORD = re.compile(
    "([\u180b-\u180f\u1810-\u1819\u1820-\u1878\u1880-\u18aa\u200c\u200d]+)"
)
_MONGOLIAN_SELECTORS = dict.fromkeys(
    map(ord, "\u180b\u180c\u180d\u180e\u180f\u200c\u200d")
)


def _words(text: str) -> Iterator[str]:
    """jieba's accurate-mode words of ``text``, Mongolian words kept whole."""
    for number, chunk in enumerate(MONGOLIAN_WORD.split(text)):
        if number % 2:
            word = chunk.translate(_MONGOLIAN_SELECTORS)
            if word:
                yield word
        elif chunk:
            yield from jieba.cut(chunk, HMM=True)


def segment(text: str, *, for_query: bool = False) -> Iterator[tuple[str, int]]:
    """(token, position) pairs of ``text``; lower-cased, punctuation dropped."""
    if not text:
        return
    freq = _dictionary()
    position = 0
    for word in _words(text):
        if not _is_word(word):
            continue
        lowered = word.lower()
        yield lowered, position
        if not for_query and len(word) > 2:
            seen = {word}
            for size in (2, 3):
                for start in range(len(word) - size + 1):
                    gram = word[start : start + size]
                    if gram not in seen and freq.get(gram):
                        seen.add(gram)
                        yield gram.lower(), position
        position += 1


def parts_of(word: str) -> list[str]:
    """Dictionary words that exactly cover ``word`` (标准文件 → 标准, 文件), or []:
    lets a query word that jieba keeps whole match documents where it was split."""
    if len(word) <= 2:
        return []
    freq = _dictionary()
    parts, start = [], 0
    while start < len(word):
        for size in (3, 2):
            gram = word[start : start + size]
            if len(gram) == size and gram != word and freq.get(gram):
                parts.append(gram.lower())
                start += size
                break
        else:
            return []
    return parts


def split_tokens(text: str) -> tuple[list[str], list[str]]:
    """(words in order, dictionary words found inside longer ones) of ``text``."""
    words, inner = [], []
    last = -1
    for token, position in segment(text):
        if position == last:
            inner.append(token)
        else:
            words.append(token)
            last = position
    return words, inner


def positioned_tokens(text: str) -> list[tuple[str, int, bool]]:
    """(token, position, found inside a longer word) of ``text``: what an engine
    that stores positions itself (PostgreSQL's tsvector) is fed."""
    tokens = []
    last = -1
    for token, position in segment(text):
        tokens.append((token, position, position == last))
        last = position
    return tokens


# Segmenting is ~80% of indexing; a batch this large is worth forking for.
PARALLEL_MIN_TEXTS = 200


def split_many(texts: list[str], workers: int = 1, splitter=split_tokens) -> list:
    """``splitter`` (``split_tokens`` or ``positioned_tokens``) of every text, on
    ``workers`` processes for a large batch (a rebuild). The workers are forked,
    so they share the loaded dictionary and the admin's words; they only compute,
    the caller writes."""
    if workers <= 1 or len(texts) < PARALLEL_MIN_TEXTS:
        return [splitter(text) for text in texts]
    import multiprocessing

    _dictionary()  # loaded once, before the fork
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        return pool.map(splitter, texts, chunksize=max(1, len(texts) // (workers * 8)))


def index_tokens(text: str) -> list[str]:
    return [token for token, _ in segment(text)]


def query_words(text: str) -> list[str]:
    return [token for token, _ in segment(text, for_query=True)]


class ChineseTokenizer(Tokenizer):
    """A Whoosh tokenizer over ``segment`` (picklable: Whoosh stores the schema)."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        for text, position in segment(value, for_query=(mode == "query")):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(text)
            yield token


def ChineseAnalyzer():  # noqa: N802 (named like Whoosh's analyzer factories)
    return ChineseTokenizer()


# --- Query text ----------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
OPERATORS = {"and", "or", "not", "to"}


def normalize_query(raw: str) -> str:
    """NFKC (full-width to half-width), whitespace collapsed; kept for display."""
    text = unicodedata.normalize("NFKC", raw or "")
    return " ".join(text.split())


def clean_words(text: str) -> str:
    """Only letters, digits and CJK survive: no engine syntax (``field:``, ``*``,
    ``AND(``, quotes) ever reaches a backend's parser."""
    kept = "".join(
        char if char.isalnum() or MONGOLIAN_WORD.match(char) else " " for char in text
    )
    words = [w for w in kept.split() if w.lower() not in OPERATORS or w.islower()]
    return " ".join(w.lower() for w in words)


# --- The cluster's vocabulary --------------------------------------------------


def _vocabulary_version():
    from django.db.models import Count, Max

    terms = SearchTerm.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    pairs = Synonym.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return (terms["n"], terms["at"], pairs["n"], pairs["at"])


def ensure_vocabulary(force: bool = False) -> None:
    """Load the admin's words into jieba if they changed since the last load."""
    global _loaded_version, _loaded_words
    from django.db import DatabaseError

    try:
        version = _vocabulary_version()
        if version == _loaded_version and not force:
            return
        words = set(SearchTerm.objects.values_list("word", flat=True))
        for term, synonym in Synonym.objects.values_list("term", "synonym"):
            words.update((term, synonym))
    except DatabaseError:  # before migrate: segmentation works without them
        return
    words = {w.strip() for w in words if w.strip() and not any(c.isspace() for c in w)}
    with _lock:
        freq = _dictionary()
        for word in _loaded_words - words:
            # Back to jieba's own entry where it had one (社会保险), else gone.
            original = _original_freq.pop(word, 0)
            if original:
                jieba.add_word(word, freq=original)
            else:
                jieba.del_word(word)
        for word in words - _loaded_words:
            _original_freq[word] = freq.get(word, 0)
            jieba.add_word(word, freq=max(USER_WORD_FREQ, _original_freq[word]))
        _loaded_words, _loaded_version = words, version


def synonyms_of(words: list[str]) -> dict[str, set[str]]:
    """For each word, the words the admin made synonyms of it (one query)."""
    from django.db.models import Q

    result = {word: set() for word in words}
    if not words:
        return result
    pairs = Synonym.objects.filter(Q(term__in=words) | Q(synonym__in=words))
    for term, synonym in pairs.values_list("term", "synonym"):
        term, synonym = term.lower(), synonym.lower()
        if term in result:
            result[term].add(synonym)
        if synonym in result:
            result[synonym].add(term)
    return result
