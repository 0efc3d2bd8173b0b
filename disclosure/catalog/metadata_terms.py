"""Controlled vocabularies of disclosure metadata (REQUIREMENTS §5.1, §5.3, R27)."""

import unicodedata
from pathlib import Path

from django.db import models

# The 22 top-level 主题分类 of the State Council policy library (R27 default).
TOPICS = (
    "国务院组织机构", "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计",
    "国土资源、能源", "农业、林业、水利", "工业、交通", "商贸、海关、旅游",
    "市场监管、安全生产监管", "城乡建设、环境保护", "科技、教育", "文化、广电、新闻出版",
    "卫生、体育", "人口与计划生育、妇女儿童工作", "劳动、人事、监察", "公安、安全、司法",
    "民政、扶贫、救灾", "民族、宗教", "对外事务", "港澳台侨工作", "国防", "其他",
)  # fmt: skip
TOPIC_CHOICES = [(topic, topic) for topic in TOPICS]


def _load_subtopics() -> dict[str, tuple[str, ...]]:
    """The second level of each 主题分类, from ``disclosure/catalog/data/topics.txt``."""
    children: dict[str, list[str]] = {topic: [] for topic in TOPICS}
    path = Path(__file__).parent / "data" / "topics.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        topic, _, child = line.partition("\\")
        if topic not in children:
            raise ValueError(f"topics.txt: unknown top-level topic {topic!r}")
        if child:
            children[topic].append(child)
    return {topic: tuple(kids) for topic, kids in children.items()}


# R27: the second level is a controlled vocabulary too, e.g. 综合政务 → 政务公开.
SUBTOPICS = _load_subtopics()
# ``一级\二级`` values for the admin's chooser, grouped by the first level.
SUBTOPIC_CHOICES = [
    (topic, [(f"{topic}\\{child}", child) for child in children])
    for topic, children in SUBTOPICS.items()
    if children
]


def subtopic_problem(topic: str, subtopic: str) -> str:
    """Why ``subtopic`` is not a second level of ``topic`` (R27), or ""."""
    if topic not in SUBTOPICS:
        return f"主题分类“{topic}”不在规范的主题分类中"
    if subtopic and subtopic not in SUBTOPICS[topic]:
        return f"二级分类“{subtopic}”不属于主题分类“{topic}”"
    return ""


def normalize_subtopic(topic: str, value: str) -> str | None:
    """The vocabulary's spelling of a free-text second level, or None.

    Matches what differs only in width (半角括号、逗号), spaces, or a repeated
    first level (``综合政务\\政务公开``, ``综合政务/政务公开``)."""
    children = SUBTOPICS.get(topic, ())
    text = (value or "").strip()
    for sep in ("\\", "/", "／", "＼", ">"):
        head, found, tail = text.partition(sep)
        if found and head.strip() == topic:
            text = tail.strip()
    if text in children:
        return text
    folded = _fold(text)
    matches = [child for child in children if _fold(child) == folded]
    return matches[0] if len(matches) == 1 else None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace(" ", "")
    return text.replace(",", "、")


# 《党政机关公文处理工作条例》's 15 文种.
GENRES = (
    "决议", "决定", "命令（令）", "公报", "公告", "通告", "意见", "通知", "通报",
    "报告", "请示", "批复", "议案", "函", "纪要",
)  # fmt: skip
GENRE_CHOICES = [(genre, genre) for genre in GENRES] + [("其他", "其他")]


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    ABOLISHED = "abolished", "废止"


class DocumentKind(models.TextChoices):
    """What Table 1 of the annual report counts under 第二十条第（一）项 (R48)."""

    REGULATION = "regulation", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER = "other", "其他"
