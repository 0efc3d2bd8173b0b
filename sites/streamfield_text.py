"""The words of a StreamField value, for search documents and page descriptions.

It lives in the core because the core's page head reads it too; ``search``
builds its documents on it (the core never imports ``search``).
"""

from django.utils.html import strip_tags
from wagtail import blocks

_CHOICE_LABELS: dict[int, frozenset[str]] = {}


def _choice_labels(block) -> frozenset[str]:
    """Labels of every ChoiceBlock in a block definition ("二级标题"): Wagtail
    counts a choice's label as searchable content, but it is not the text."""
    key = id(block)
    if key not in _CHOICE_LABELS:
        labels, stack = set(), [block]
        while stack:
            current = stack.pop()
            if isinstance(current, blocks.ChoiceBlock):
                labels.update(str(label) for _, label in current.field.choices)
            stack.extend(getattr(current, "child_blocks", {}).values())
            if getattr(current, "child_block", None) is not None:
                stack.append(current.child_block)
        _CHOICE_LABELS[key] = frozenset(labels)
    return _CHOICE_LABELS[key]


def streamfield_text(value) -> str:
    """The searchable words of a StreamField value (no template rendering),
    without the labels of choices such as a heading's level."""
    if not value:
        return ""
    try:
        labels = _choice_labels(value.stream_block)
        return " ".join(
            str(t)
            for t in value.stream_block.get_searchable_content(value)
            if str(t) not in labels
        )
    except Exception:  # an odd block must not stop indexing the rest
        return strip_tags(str(value))
