"""The benchmark text of seed_scale (issue #6): like prose, not a repeated phrase."""

import re
from collections import Counter

from demo.synthetic import TOPICS, synthetic_text


def test_the_same_seed_gives_the_same_text_of_about_the_asked_length():
    text = synthetic_text(42, 800)
    assert text == synthetic_text(42, 800)
    assert text != synthetic_text(43, 800)
    assert 800 <= len(re.sub(r"[，。]", "", text)) < 820
    assert re.fullmatch(r"[\u4e00-\u9fff，。]+", text)


def test_articles_lean_on_two_topics_and_words_follow_zipf():
    texts = [synthetic_text(seed, 800) for seed in range(200)]
    topics_per_text = [{t for t in TOPICS if t in text} for text in texts]
    # Every article mentions its topics; no article mentions most of them.
    assert all(len(found) >= 2 for found in topics_per_text)
    assert max(len(found) for found in topics_per_text) < len(TOPICS) // 2
    # A few characters are everywhere, most are rare: unlike a repeated phrase.
    counts = Counter("".join(texts).replace("，", "").replace("。", ""))
    ordered = [n for _char, n in counts.most_common()]
    assert len(ordered) > 2000
    assert ordered[0] > 50 * ordered[len(ordered) // 2]
