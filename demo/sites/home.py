"""Demo content for the home page blocks: 图片新闻 slides from each site's latest
news (pictures drawn with Pillow at seed time), 专题专栏 banners and 领导之窗
(fictional names, silhouettes instead of photographs)."""

from __future__ import annotations

import io

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Collection

from sites.models import ArticlePage, ColumnPage
from sites.services.tree import descendants_q

THEME_COLOURS = {"red": (179, 19, 15), "blue": (11, 79, 156), "green": (29, 107, 58)}
TOPICS = (
    ("优化营商环境", "zcwj"),
    ("乡村振兴", "gzdt"),
    ("生态文明建设", "tzgg"),
    ("政务公开", "xxgk"),
)
LEADERS = {
    "portal": (("王建华", "市长"), ("刘振东", "常务副市长"), ("陈静", "副市长")),
    "department": (("赵立新", "局长（主任）"), ("孙海燕", "副局长（副主任）")),
    "banner": (("高志强", "旗长"), ("马丽娟", "副旗长")),
}


def _png(name: str, draw) -> ImageFile:
    from PIL import Image as PILImage

    canvas = PILImage.new("RGB", draw.size, draw.background)
    draw(canvas)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return ImageFile(buffer, name=name)


class _Scene:
    """A landscape: sky, hills and a sun, in the site's colours."""

    size = (960, 540)

    def __init__(self, colour, number):
        self.background = (214, 230, 242)
        self.colour = colour
        self.number = number

    def __call__(self, canvas):
        from PIL import ImageDraw

        draw = ImageDraw.Draw(canvas)
        sun_x = 140 + (self.number * 190) % 680
        draw.ellipse((sun_x, 60, sun_x + 110, 170), fill=(250, 210, 90))
        for row, shade in enumerate((0.55, 0.75, 1.0)):
            colour = tuple(int(c * shade + 200 * (1 - shade)) for c in self.colour)
            top = 250 + row * 80
            for step in range(-200, 960, 260):
                offset = (step + self.number * 70 + row * 90) % 1160 - 200
                draw.ellipse((offset, top, offset + 520, top + 420), fill=colour)


class _Banner:
    size = (1200, 300)

    def __init__(self, colour, number):
        self.background = colour
        self.number = number

    def __call__(self, canvas):
        from PIL import ImageDraw

        draw = ImageDraw.Draw(canvas)
        for step in range(0, 1400, 80):
            x = step - (self.number * 37) % 80
            draw.line((x, 300, x + 300, 0), fill=(255, 255, 255), width=6)
        draw.rectangle((0, 200, 1200, 300), fill=(255, 255, 255))


class _Silhouette:
    size = (240, 320)
    background = (226, 230, 236)

    def __call__(self, canvas):
        from PIL import ImageDraw

        draw = ImageDraw.Draw(canvas)
        draw.ellipse((75, 60, 165, 160), fill=(120, 128, 140))
        draw.ellipse((30, 170, 210, 400), fill=(60, 70, 85))


def _image(collection, title: str, filename: str, painter):
    Image = get_image_model()
    image = Image.objects.filter(title=title, collection=collection).first()
    if image is None:
        image = Image(title=title, collection=collection)
        image.file = _png(filename, painter)
        image.save()
    return image


def seed_home_blocks(site, demo, kind_key: str) -> bool:
    """Fill the empty picture, topic and leader blocks of ``site``'s home; a block
    an editor already filled is left alone. Returns whether anything changed."""
    home = site.root_page.specific
    collection = Collection.objects.get(name=site.site_name)
    colour = THEME_COLOURS.get(demo.theme, (90, 90, 90))
    columns = dict(
        ColumnPage.objects.filter(descendants_q(home.path))
        .order_by("-depth")
        .values_list("slug", "pk")
    )
    news = (
        ArticlePage.objects.live()
        .filter(descendants_q(home.path))
        .filter(path__startswith=_path_of(columns.get("gzdt")))
        .order_by("-publish_date")[:4]
    )
    raw = list(home.layout.raw_data)
    changed = False
    for block in raw:
        value = block["value"]
        if block["type"] == "carousel" and not value.get("slides"):
            value["slides"] = [
                {
                    "image": _image(
                        collection, f"{site.site_name}图片新闻{n}",
                        f"slide-{demo.code}-{n}.png", _Scene(colour, n),
                    ).pk,
                    "title": article.title,
                    "page": article.pk,
                    "url": "",
                }
                for n, article in enumerate(news)
            ]  # fmt: skip
            changed = changed or bool(value["slides"])
        elif block["type"] == "topics" and not value.get("topics"):
            value["topics"] = [
                {
                    "title": title,
                    "image": _image(
                        collection, f"{site.site_name}专题{title}",
                        f"topic-{demo.code}-{n}.png", _Banner(colour, n),
                    ).pk,
                    "page": columns.get(slug),
                    "url": "",
                }
                for n, (title, slug) in enumerate(TOPICS)
            ]  # fmt: skip
            changed = True
        elif block["type"] == "leaders" and not value.get("leaders"):
            photo = _image(collection, "领导照片（示意）", "leader.png", _Silhouette())
            value["leaders"] = [
                {
                    "name": name,
                    "post": post,
                    "photo": photo.pk,
                    "page": columns.get("jgzn"),
                    "url": "",
                }
                for name, post in LEADERS[kind_key]
            ]
            changed = True
    if changed:
        home.layout = raw
        home.save(update_fields=["layout"])
    return changed


def _path_of(page_id) -> str:
    if page_id is None:
        return "~"  # no 工作动态 column: no slides
    return ColumnPage.objects.values_list("path", flat=True).get(pk=page_id)
