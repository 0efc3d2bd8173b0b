"""The demo's Mongolian versions (蒙古文版, issue #21 item 2): the portal and 白云旗
have a Mongolian home, their 工作动态 column in Mongolian and a few short
articles written for the demo in traditional Mongolian script (Unicode block
U+1800–U+18AF; suffixes joined with U+202F as usual).

The region and its names are fictional, like the rest of the demo.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from sites.models import ArticlePage, ColumnPage, HomePage
from sites.models.publishing import DateSource
from sites.services.mongolian_version import enable_mongolian, mongolian_locale
from sites.services.tree import children_q

NNBSP = "\u202f"  # joins a case suffix to its word
MVS = "\u180e"  # Mongolian vowel separator (before a final a/e)

# ᠵᠠᠰᠠᠭ ᠤᠨ ᠠᠵᠢᠯ ᠤᠨ ᠮᠡᠳᠡᠭᠡ: "government work news", the title of 工作动态.
WORK_NEWS = f"ᠵᠠᠰᠠᠭ{NNBSP}ᠤᠨ ᠠᠵᠢᠯ{NNBSP}ᠤᠨ ᠮᠡᠳᠡᠭᠡ"
GOVERNMENT = f"ᠠᠷᠠᠳ{NNBSP}ᠤᠨ ᠵᠠᠰᠠᠭ{NNBSP}ᠤᠨ ᠭᠠᠵᠠᠷ"  # people's government


@dataclass(frozen=True)
class MongolianArticle:
    title: str
    paragraph: str
    days_ago: int


@dataclass(frozen=True)
class MongolianVersion:
    home_title: str
    articles: tuple[MongolianArticle, ...]


VERSIONS = {
    "portal": MongolianVersion(
        # 北疆市人民政府
        f"ᠪᠡᠢᠵᠢᠶᠠᠩ ᠬᠣᠲᠠ{NNBSP}ᠶᠢᠨ {GOVERNMENT}",
        (
            MongolianArticle(
                # The city government held a work meeting.
                f"ᠬᠣᠲᠠ{NNBSP}ᠶᠢᠨ ᠵᠠᠰᠠᠭ{NNBSP}ᠤᠨ ᠭᠠᠵᠠᠷ ᠠᠵᠢᠯ{NNBSP}ᠤᠨ ᠬᠤᠷᠠᠯ ᠬᠢᠪᠡ",
                f"ᠬᠣᠲᠠ{NNBSP}ᠶᠢᠨ ᠵᠠᠰᠠᠭ{NNBSP}ᠤᠨ ᠭᠠᠵᠠᠷ ᠡᠨᠡ ᠡᠳᠦᠷ ᠠᠵᠢᠯ{NNBSP}ᠤᠨ ᠬᠤᠷᠠᠯ ᠬᠢᠵᠦ᠂ "
                f"ᠣᠨ{NNBSP}ᠤ ᠠᠵᠢᠯ{NNBSP}ᠢ ᠲᠥᠯᠥᠪᠯᠡᠪᠡ᠃",
                1,
            ),
            MongolianArticle(
                # Work on the Mongolian language and script.
                f"ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ ᠪᠢᠴᠢᠭ{NNBSP}ᠤᠨ ᠠᠵᠢᠯ",
                f"ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ ᠪᠢᠴᠢᠭ{NNBSP}ᠢ ᠰᠤᠷᠤᠯᠴᠠᠬᠤ ᠠᠵᠢᠯ{NNBSP}ᠢ ᠰᠠᠢᠵᠢᠷᠠᠭᠤᠯᠤᠨ{MVS}ᠠ᠃",
                3,
            ),
            MongolianArticle(
                # Medical services for the people.
                f"ᠡᠮᠨᠡᠯᠭᠡ{NNBSP}ᠶᠢᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ",
                f"ᠠᠷᠠᠳ{NNBSP}ᠲᠤ ᠡᠮᠨᠡᠯᠭᠡ{NNBSP}ᠶᠢᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ{NNBSP}ᠶᠢ ᠰᠠᠢᠵᠢᠷᠠᠭᠤᠯᠪᠠ᠃",
                5,
            ),
        ),
    ),
    "baiyun": MongolianVersion(
        # 白云旗人民政府
        f"ᠴᠠᠭᠠᠨ ᠡᠭᠦᠯᠡ ᠬᠣᠰᠢᠭᠤ{NNBSP}ᠨᠤ {GOVERNMENT}",
        (
            MongolianArticle(
                # Spring pasture work of the banner.
                f"ᠬᠣᠰᠢᠭᠤ{NNBSP}ᠨᠤ ᠬᠠᠪᠤᠷ{NNBSP}ᠤᠨ ᠮᠠᠯᠵᠢᠯ{NNBSP}ᠤᠨ ᠠᠵᠢᠯ",
                f"ᠬᠣᠰᠢᠭᠤ{NNBSP}ᠨᠤ ᠮᠠᠯᠴᠢᠨ ᠠᠷᠠᠳ ᠬᠠᠪᠤᠷ{NNBSP}ᠤᠨ ᠮᠠᠯᠵᠢᠯ{NNBSP}ᠤᠨ ᠠᠵᠢᠯ{NNBSP}ᠢ "
                f"ᠡᠬᠢᠯᠡᠪᠡ᠃",
                2,
            ),
            MongolianArticle(
                # The banner's schools teach in Mongolian.
                f"ᠮᠣᠩᠭᠣᠯ ᠰᠤᠷᠭᠠᠭᠤᠯᠢ{NNBSP}ᠶᠢᠨ ᠮᠡᠳᠡᠭᠡ",
                f"ᠬᠣᠰᠢᠭᠤ{NNBSP}ᠨᠤ ᠮᠣᠩᠭᠣᠯ ᠰᠤᠷᠭᠠᠭᠤᠯᠢ ᠰᠢᠨ᠎ᠡ ᠬᠢᠴᠢᠶᠡᠯ{NNBSP}ᠢ ᠡᠬᠢᠯᠡᠪᠡ᠃",
                4,
            ),
        ),
    ),
}


def _publish(page) -> None:
    """Demo seeding publishes directly (as the rest of the demo's content)."""
    page.save_revision().publish()


def seed_mongolian(site, key: str) -> HomePage | None:
    """The Mongolian version of demo site ``key`` (idempotent): its home, its
    工作动态 column as a translation of the Chinese one, and the articles."""
    version = VERSIONS.get(key)
    if version is None:
        return None
    locale = mongolian_locale()
    home = enable_mongolian(site, title=version.home_title).specific
    if not home.live or home.title != version.home_title:
        home.title = version.home_title
        home.introduction = version.home_title
        _publish(home)

    chinese = ColumnPage.objects.filter(children_q(site.root_page)).get(slug="gzdt")
    column = ColumnPage.objects.filter(
        translation_key=chinese.translation_key, locale=locale
    ).first()
    if column is None:
        column = chinese.copy_for_translation(locale).specific
    if not column.live or column.title != WORK_NEWS:
        column.title = WORK_NEWS
        column.description = WORK_NEWS
        column.keywords = WORK_NEWS
        _publish(column)

    existing = set(
        ArticlePage.objects.filter(children_q(column)).values_list("title", flat=True)
    )
    now = timezone.now()
    for item in version.articles:
        if item.title in existing:
            continue
        published = now - timezone.timedelta(days=item.days_ago)
        article = ArticlePage(
            title=item.title,
            summary=item.paragraph,
            source=version.home_title,
            publish_date=published,
            date_source=DateSource.IMPORTED,
            first_published_at=published,
            last_published_at=published,
            responsible_editor="网站编辑部",
            body=[("paragraph", f"<p>{item.paragraph}</p>")],
        )
        column.add_child(instance=article)
    return home
