"""蒙古文版 in a real browser (issue #21 item 2): a Mongolian page is laid out top
to bottom in columns left to right, with the bundled Noto Sans Mongolian, its
letters joined (shaped), and it links to its Chinese version and back.

Debian's chromium driven by Playwright. The screenshot of the Mongolian article
is kept in tests/browser/artefacts/mongolian/ for review.
"""

from pathlib import Path

from demo.sites.mongolian import VERSIONS, seed_mongolian
from sites.models import ArticlePage
from tests.browser.conftest import BROWSER_MARKS, url

pytestmark = BROWSER_MARKS

ARTEFACTS = Path(__file__).parent / "artefacts" / "mongolian"
WORD = "ᠮᠣᠩᠭᠣᠯ"
ZWNJ = "\u200c"

# The same word twice in a vertical line: joined as written, and with its
# letters kept apart by ZWNJ (each then takes its isolated form). Shaped text is
# much shorter along the line than the isolated letters.
MEASURE = """([joined, apart]) => {
  const box = document.createElement('div');
  box.lang = 'mn-Mong';
  box.style.cssText = 'writing-mode: vertical-lr; font-size: 32px; position: absolute; left: 0; top: 0;';
  const extent = (text) => {
    const span = document.createElement('span');
    span.textContent = text;
    box.appendChild(span);
    const rect = span.getBoundingClientRect();
    return {height: rect.height, width: rect.width};
  };
  document.body.appendChild(box);
  const result = {joined: extent(joined), apart: extent(apart)};
  box.remove();
  return result;
}"""


def test_mongolian_article_renders_vertically_with_the_bundled_font(
    live_server, live_cluster, browser_page
):
    site = live_cluster.banner
    seed_mongolian(site, "baiyun")
    item = VERSIONS["baiyun"].articles[1]
    article = ArticlePage.objects.get(title=item.title)
    page = browser_page
    fonts = []
    page.on(
        "response",
        lambda r: (
            fonts.append((r.url, r.status, r.headers.get("content-type")))
            if r.url.endswith(".woff2")
            else None
        ),
    )
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(url(live_server, site, f"/mn/gzdt/{article.slug}/"))
    page.evaluate("document.fonts.ready.then(() => true)")

    assert page.evaluate("document.documentElement.lang") == "mn-Mong"
    body = page.locator(".article-body p").first
    assert body.evaluate("e => getComputedStyle(e).writingMode") == "vertical-lr"
    assert "Noto Sans Mongolian" in body.evaluate("e => getComputedStyle(e).fontFamily")
    # The project's own font file was loaded (no CSP refusal) and is in use.
    assert any(
        "NotoSansMongolian-Regular.woff2" in u and s == 200 for u, s, _ in fonts
    ), fonts
    assert page.evaluate(
        "[...document.fonts].some(f => f.family.replace(/\"/g, '') === "
        "'Noto Sans Mongolian' && f.status === 'loaded')"
    )
    assert page.evaluate(
        f"document.fonts.check('16px \"Noto Sans Mongolian\"', '{WORD}')"
    )
    assert not [e for e in errors if "Content Security Policy" in e], errors

    # Vertical: the title's box is taller than wide; a second line (column)
    # stands to the right of the first.
    title = page.locator(".article h1").bounding_box()
    assert title["height"] > title["width"]
    main_mode = page.evaluate(
        "getComputedStyle(document.querySelector('main')).writingMode"
    )
    assert main_mode == "vertical-lr"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('main')).overflowX")
        == "auto"
    )

    # Shaped: the joined word is far shorter along the line than its letters
    # in isolated forms; both are laid out top to bottom (height = line length).
    sizes = page.evaluate(MEASURE, [WORD, ZWNJ.join(WORD)])
    joined, apart = sizes["joined"], sizes["apart"]
    assert joined["height"] > joined["width"]
    assert joined["height"] < 0.8 * apart["height"], sizes

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "article.png"), full_page=True)


def test_switcher_links_the_mongolian_column_and_its_chinese_version(
    live_server, live_cluster, browser_page
):
    site = live_cluster.banner
    seed_mongolian(site, "baiyun")
    page = browser_page
    page.goto(url(live_server, site, "/gzdt/"))
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.get_by_role("link", name="蒙古文").click()
    page.wait_for_url("**/mn/gzdt/")
    assert page.evaluate("document.documentElement.lang") == "mn-Mong"
    hreflang = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('link[hreflang]')]"
        ".map(l => [l.hreflang, new URL(l.href).pathname]))"
    )
    assert hreflang == {"zh-Hans": "/gzdt/", "mn-Mong": "/mn/gzdt/"}
    page.get_by_role("link", name="汉文").click()
    page.wait_for_url("**/gzdt/")
    assert page.evaluate("location.pathname") == "/gzdt/"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
