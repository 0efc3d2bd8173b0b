"""Decoding, dates and body cleaning of legacy pages (no database)."""

import pytest

from sites.legacy_import.cleaning import Resolver, clean_body
from sites.legacy_import.fetching import decode_html
from sites.legacy_import.sources import parse_date


def test_charset_from_header_then_meta_then_guess():
    text = "关于表彰张喆等同志的通报"
    gbk = text.encode("gbk")
    assert decode_html(gbk, "text/html; charset=GBK") == text
    page = b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' + gbk
    assert decode_html(page, "text/html").endswith(text)  # 喆 is GBK, not GB2312
    assert decode_html(gbk) == text  # no declaration: not UTF-8, so GB18030
    assert decode_html(text.encode("utf-8")) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发布日期：2019-03-05 09:30", "2019-03-05 09:30"),
        ("2019/3/5", "2019-03-05 00:00"),
        ("2019年3月5日", "2019-03-05 00:00"),
        ("时间：2019.03.05 08:01:02 来源：", "2019-03-05 08:01"),
    ],
)
def test_dates_of_old_sites(text, expected):
    assert parse_date(text).strftime("%Y-%m-%d %H:%M") == expected


def test_impossible_dates_are_none():
    assert parse_date("2022-02-30") is None
    assert parse_date("无日期") is None


class Image:
    pk, title = 7, "图片"


class Document:
    pk, title = 9, "文件"


def resolver(**overrides):
    return Resolver(
        page_for=lambda url: 5 if url.endswith("/art_1.html") else None,
        document_for=lambda url, title: Document(),
        image_for=lambda url, alt: Image(),
        is_file=lambda url: url.endswith(".pdf"),
        is_internal=lambda url: "/art_" in url,
        **overrides,
    )


def test_body_keeps_only_the_theme_features_and_splits_at_images():
    html = """<div style="x"><font face="宋体">&nbsp;&nbsp;第一段<strong>加粗</strong>
    <a href="art_1.html" onclick="x()">链接</a></font></div>
    <script>alert(1)</script><h1>大标题</h1><p>第二段<img src="a.png" alt="图">第三段
    <a href="/f.pdf">附件</a><a href="art_2.html">未导入</a><a href="javascript:x()">打印</a>"""
    body = clean_body(html, "http://old.gov.cn/col/", resolver())
    assert [b["type"] for b in body.blocks] == ["paragraph", "image", "paragraph"]
    first, image, last = body.blocks
    assert "<b>加粗</b>" in first["value"] and "font" not in first["value"]
    assert 'linktype="page"' in first["value"] and 'id="5"' in first["value"]
    assert "onclick" not in first["value"] and "script" not in first["value"]
    assert "<h2>大标题</h2>" in first["value"]
    assert image["value"] == {"image": 7, "alt_text": "图", "decorative": False}
    assert 'linktype="document"' in last["value"] and 'id="9"' in last["value"]
    assert 'href="http://old.gov.cn/col/art_2.html"' in last["value"]
    assert "打印" in last["value"] and "javascript" not in last["value"]
    assert body.unresolved_links == ["http://old.gov.cn/col/art_2.html"]
    assert [d.pk for d in body.documents] == [9]
