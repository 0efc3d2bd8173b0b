"""Chinese text for benchmark clusters (``seed_scale``), never for demos.

Real prose is what a search engine is measured against: a few words occur in
almost every document, most in few (Zipf's law), and an article leans on a few
topics. Words are therefore drawn by their frequency in jieba's dictionary
(349,000 words counted in a general corpus, shipped with jieba, which the
platform installs anyway), and each document repeats two of the policy topics
below, as a government article on 乡村振兴 does.
"""

from __future__ import annotations

import functools
import os
import random

TOPICS = (
    "推进", "政务公开", "优化营商环境", "乡村振兴", "生态保护", "民生实事", "数字政府",
    "安全生产", "公共服务", "基层治理", "草原防火", "教育均衡", "医疗保障", "交通建设",
    "社会保险", "最低生活保障", "就业创业", "住房保障", "养老服务", "食品安全",
    "河长制", "污染防治", "招商引资", "项目建设", "脱贫攻坚", "疫情防控", "文化旅游",
    "农牧业", "水利工程", "城市更新", "应急管理", "行政审批", "市场监管", "税收优惠",
    "人才引进", "科技创新", "法治政府", "信访工作", "退役军人", "残疾人",
)  # fmt: skip
TOPIC_SHARE = 0.03  # of a document's words are its two topics
MIN_COUNT = 20  # rarer dictionary entries are mostly names and idioms


@functools.cache
def _dictionary() -> tuple[list[str], list[int]]:
    import jieba

    words, cumulative, total = [], [], 0
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            word, count, *_ = line.split()
            if int(count) >= MIN_COUNT and all("一" <= c <= "鿿" for c in word):
                total += int(count)
                words.append(word)
                cumulative.append(total)
    return words, cumulative


def synthetic_text(seed: int, chars: int) -> str:
    """About ``chars`` characters of sentences, the same for the same seed."""
    words, cumulative = _dictionary()
    rng = random.Random(seed)  # noqa: S311 (benchmark text, not a secret)
    topics = rng.sample(TOPICS, 2)
    out, length, number = [], 0, 0
    while length < chars:
        # Dictionary words come ~1.7 characters long: draw a batch at a time.
        batch = rng.choices(words, cum_weights=cumulative, k=(chars - length) // 2 + 1)
        for word in batch:
            if rng.random() < TOPIC_SHARE:
                word = topics[number % 2]
            number += 1
            out.append(word)
            length += len(word)
            if length >= chars:
                break
            if number % 23 == 0:
                out.append("。")
            elif number % 7 == 0:
                out.append("，")
    return "".join(out) + "。"
