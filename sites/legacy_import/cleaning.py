"""Old body HTML → the StreamField blocks of the standard theme.

Only the rich-text features the theme allows survive (sites/blocks.py:
h2–h4, bold, italic, lists, hr, links, document links, super/subscript);
fonts, styles, scripts and layout tables go. Images become image blocks,
links to old articles become page links, links to files become document
links. Tags are filtered by nh3 (the Rust ``ammonia`` sanitiser), which also
balances what the old editors left unclosed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "b", "i", "ol", "ul", "li", "hr",
                "a", "sup", "sub"}  # fmt: skip
BLOCK_TAGS = {"p", "h2", "h3", "h4", "ol", "ul", "hr"}
RENAME = {"strong": "b", "em": "i", "h1": "h2", "h5": "h4", "h6": "h4"}
DROP = ("script", "style", "iframe", "object", "embed", "form", "input",
        "button", "select", "textarea", "noscript", "link", "meta")  # fmt: skip
# An invisible separator marks where an image stood, to split the text there.
SEPARATOR = chr(0x2063)
IMAGE_TOKEN = SEPARATOR + "IMG{}" + SEPARATOR
IMAGE_SPLIT = re.compile(SEPARATOR + r"IMG(\d+)" + SEPARATOR)
INDENT = " \u00a0\u3000\t\r\n"


@dataclass
class Resolver:
    """Callbacks the importer gives: each returns None when the URL is not
    theirs (an external link stays a plain link)."""

    page_for: Callable[[str], int | None]
    document_for: Callable[[str, str], object | None]
    image_for: Callable[[str, str], object | None]
    is_file: Callable[[str], bool]
    is_internal: Callable[[str], bool]


@dataclass
class CleanBody:
    blocks: list[dict] = field(default_factory=list)
    documents: list = field(default_factory=list)  # in order of first link
    unresolved_links: list[str] = field(default_factory=list)


def _blockify(soup: BeautifulSoup) -> None:
    """div/center/section → p when they hold no block, else unwrap them."""
    for tag in soup.find_all(["div", "center", "section", "article", "td", "th",
                              "blockquote", "pre", "span", "font"])[::-1]:  # fmt: skip
        if tag.name in ("span", "font") or tag.find(
            [
                "p",
                "div",
                "h1",
                "h2",
                "h3",
                "h4",
                "h5",
                "h6",
                "ul",
                "ol",
                "table",
                "center",
                "section",
            ]
        ):
            tag.unwrap()
        else:
            tag.name = "p"
            tag.attrs = {}


def _tables(soup: BeautifulSoup) -> None:
    """Layout and data tables of old sites: one paragraph per row."""
    for table in soup.find_all("table")[::-1]:
        rows = []
        for row in table.find_all("tr"):
            cells = [c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])]
            if any(cells):
                paragraph = soup.new_tag("p")
                paragraph.string = "\u3000".join(c for c in cells if c)
                rows.append(paragraph)
        for paragraph in rows:
            table.insert_before(paragraph)
        table.decompose()


def _wrap_inline(html: str) -> str:
    """Top-level text and inline tags gathered into paragraphs; empty
    paragraphs and the old editors' indentation dropped."""
    soup = BeautifulSoup(html, "html.parser")
    out, run = [], []

    def flush():
        text = "".join(str(n) for n in run).strip(INDENT)
        if text and BeautifulSoup(text, "html.parser").get_text().strip(INDENT):
            out.append(f"<p>{text}</p>")
        run.clear()

    for node in list(soup.contents):
        if isinstance(node, Tag) and node.name in BLOCK_TAGS:
            flush()
            if node.name == "p":
                inner = node.decode_contents().strip(INDENT)
                inner = re.sub(r"^(<br/?>\s*)+|(<br/?>\s*)+$", "", inner)
                if BeautifulSoup(inner, "html.parser").get_text().strip(INDENT):
                    out.append(f"<p>{inner}</p>")
            else:
                out.append(str(node))
        elif isinstance(node, NavigableString | Tag):
            run.append(node)
    flush()
    return "".join(out)


def _sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "linktype", "id"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


def clean_body(html: str, base_url: str, resolver: Resolver) -> CleanBody:
    result = CleanBody()
    soup = BeautifulSoup(html or "", "html.parser")
    for tag in soup.find_all(DROP):
        tag.decompose()
    images = []
    for img in soup.find_all("img"):
        src = img.get("src", "").strip()
        image = (
            resolver.image_for(urljoin(base_url, src), img.get("alt", ""))
            if src
            else None
        )
        if image is None:
            img.decompose()
            continue
        images.append((image, img.get("alt", "").strip()))
        img.replace_with(NavigableString(IMAGE_TOKEN.format(len(images) - 1)))
    for link in soup.find_all("a"):
        href = (link.get("href") or "").strip()
        text = link.get_text(" ", strip=True)
        target = urljoin(base_url, href) if href else ""
        link.attrs = {}
        if not href or href.startswith(("#", "javascript:")):
            link.unwrap()
        elif (page_id := resolver.page_for(target)) is not None:
            link.attrs = {"linktype": "page", "id": str(page_id)}
        elif resolver.is_file(target):
            document = resolver.document_for(target, text)
            if document is None:
                link.unwrap()
                continue
            if document not in result.documents:
                result.documents.append(document)
            link.attrs = {"linktype": "document", "id": str(document.pk)}
        else:
            link.attrs = {"href": target}
            if resolver.is_internal(target):
                result.unresolved_links.append(target)
    for tag in soup.find_all(list(RENAME)):
        tag.name = RENAME[tag.name]
    _tables(soup)
    _blockify(soup)
    parts = IMAGE_SPLIT.split(str(soup))
    for index, part in enumerate(parts):
        if index % 2:
            image, alt = images[int(part)]
            result.blocks.append(
                {
                    "type": "image",
                    "value": {
                        "image": image.pk,
                        "alt_text": alt or image.title,
                        "decorative": False,
                    },
                }
            )
            continue
        text = _wrap_inline(_sanitise(part))
        if text:
            result.blocks.append({"type": "paragraph", "value": text})
    return result
