"""Highlighted snippets. haystack's engine-side ``.highlight()`` is empty for
Chinese; its ``Highlighter`` (what ``{% highlight %}`` uses) finds the words in
the text itself, which works for any language. This subclass escapes the text
(the stock one returns it raw) and opens the window a little before the match."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from haystack.utils.highlighting import Highlighter

LEAD_IN = 24


class SafeHighlighter(Highlighter):
    html_tag = "mark"
    css_class = ""

    def find_window(self, highlight_locations):
        start, end = super().find_window(highlight_locations)
        if start > 0:
            shift = min(start, LEAD_IN)
            start, end = start - shift, end - shift
        return start, end

    def render_html(self, highlight_locations=None, start_offset=None, end_offset=None):
        text = self.text_block[start_offset:end_offset]
        located = sorted(
            (location - start_offset, term)
            for term, locations in highlight_locations.items()
            for location in locations
            if start_offset <= location < end_offset
        )
        parts, copied = [], 0
        for position, term in located:
            if position < copied:
                continue
            actual = text[position : position + len(term)]
            parts.append(escape(text[copied:position]))
            parts.append(f"<mark>{escape(actual)}</mark>")
            copied = position + len(actual)
        parts.append(escape(text[copied:]))
        html = "".join(parts)
        if start_offset > 0:
            html = "…" + html
        if end_offset < len(self.text_block):
            html += "…"
        return mark_safe(html)  # noqa: S308 (every piece escaped above)


def highlight(text: str, terms: list[str], max_length: int = 160) -> str:
    if not text:
        return ""
    highlighter = SafeHighlighter(" ".join(terms), max_length=max_length)
    return highlighter.highlight(text)
