"""The standard blocks a site's home page is built from (门户首页版式).

Editors of each site arrange them on their HomePage (``HomePage.layout``); the
portal, departments and banners use the same blocks, so every home of the
cluster looks alike. What the blocks list is read in sites/services/home.py
with a fixed number of queries (one windowed query for every column block), so
templates never query per item.
"""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .site_lookup import per_generation

__all__ = ["HomeStreamBlock", "default_home_layout", "SERVICE_ICONS"]

SERVICE_ICONS = [
    ("person", "个人办事"),
    ("company", "法人办事"),
    ("hot", "热点服务"),
    ("guide", "办事指南"),
    ("query", "查询服务"),
]


class LinkFields(blocks.StructBlock):
    """A link to a page of the cluster or to an address."""

    page = blocks.PageChooserBlock(label="链接到页面", required=False)
    url = blocks.CharBlock(label="或链接地址", required=False, max_length=300)


class SlideBlock(LinkFields):
    image = ImageChooserBlock(label="图片")
    title = blocks.CharBlock(label="标题", max_length=100)

    class Meta:
        icon = "image"
        label = "图片新闻"


class CarouselBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", default="图片新闻", max_length=20)
    slides = blocks.ListBlock(SlideBlock(), label="图片", max_num=8)

    class Meta:
        icon = "image"
        label = "图片新闻轮播"
        template = "home_blocks/carousel.html"


class ColumnListBlock(blocks.StructBlock):
    """The latest items of one or more columns (要闻; 通知公告/政策文件/解读)."""

    heading = blocks.CharBlock(
        label="标题", required=False, max_length=20, help_text="留空则显示栏目名称。"
    )
    columns = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="sites.ColumnPage", label="栏目"),
        label="栏目",
        min_num=1,
        max_num=4,
    )
    count = blocks.IntegerBlock(label="条数", default=6, min_value=1, max_value=12)
    emphasis = blocks.BooleanBlock(
        label="要闻样式（首条加大）", required=False, default=False
    )

    class Meta:
        icon = "list-ul"
        label = "栏目信息列表"
        template = "home_blocks/column_list.html"


class EntranceBlock(LinkFields):
    label = blocks.CharBlock(label="名称", max_length=20)
    icon = blocks.ChoiceBlock(label="图标", choices=SERVICE_ICONS, default="guide")

    class Meta:
        icon = "link"
        label = "入口"


class ServicesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", default="政务服务", max_length=20)
    entrances = blocks.ListBlock(EntranceBlock(), label="入口", max_num=8)

    class Meta:
        icon = "tasks"
        label = "政务服务入口"
        template = "home_blocks/services.html"


class InteractionBlock(blocks.StructBlock):
    """我要写信, 意见征集 and 在线访谈 with their current state (filled by the apps)."""

    heading = blocks.CharBlock(label="标题", default="互动交流", max_length=20)

    class Meta:
        icon = "group"
        label = "互动交流"
        template = "home_blocks/interaction.html"


class TopicBlock(LinkFields):
    title = blocks.CharBlock(label="专题名称", max_length=40)
    image = ImageChooserBlock(label="横幅图片", required=False)


class TopicsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", default="专题专栏", max_length=20)
    topics = blocks.ListBlock(TopicBlock(), label="专题", max_num=8)

    class Meta:
        icon = "folder-open-inverse"
        label = "专题专栏"
        template = "home_blocks/topics.html"


class LeaderBlock(LinkFields):
    name = blocks.CharBlock(label="姓名", max_length=20)
    post = blocks.CharBlock(label="职务", max_length=60)
    photo = ImageChooserBlock(label="照片", required=False)


class LeadersBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="标题", default="领导之窗", max_length=20)
    leaders = blocks.ListBlock(LeaderBlock(), label="领导", max_num=12)

    class Meta:
        icon = "user"
        label = "领导之窗"
        template = "home_blocks/leaders.html"


class DirectoryBlock(blocks.StructBlock):
    """站群导航: the sites of the cluster by kind, one query however many."""

    heading = blocks.CharBlock(label="标题", default="站群导航", max_length=20)

    class Meta:
        icon = "site"
        label = "站群导航"
        template = "home_blocks/directory.html"

    def render(self, value, context=None):
        """Rendered once per generation in each process: one link per site of
        the cluster, the part of the portal home that grows with the cluster;
        what it shows changes only with a site (the cluster's generation) or
        this home's layout (its site's)."""
        request = context.get("request") if context is not None else None
        if request is None or "site_directory" not in context:
            return super().render(value, context)
        return per_generation(
            request,
            f"directory-html:{value.get('heading')}",
            lambda: super(DirectoryBlock, self).render(value, context),
        )


class HomeStreamBlock(blocks.StreamBlock):
    carousel = CarouselBlock()
    column_list = ColumnListBlock()
    services = ServicesBlock()
    interaction = InteractionBlock()
    topics = TopicsBlock()
    leaders = LeadersBlock()
    directory = DirectoryBlock()


def _link(page_id) -> dict:
    return {"page": page_id, "url": ""}


def default_home_layout(columns: dict[str, int]) -> list[dict]:
    """The standard home layout as raw StreamField data, given the site's column
    ids by slug (used by provisioning and by the migration for existing sites)."""

    def ids(*slugs):
        return [columns[slug] for slug in slugs if slug in columns]

    service = columns.get("bszn") or columns.get("zwfw")
    layout = [
        ("carousel", {"heading": "图片新闻", "slides": []}),
        (
            "column_list",
            {"heading": "要闻", "columns": ids("gzdt"), "count": 7, "emphasis": True},
        ),
        (
            "column_list",
            {
                "heading": "",
                "columns": ids("tzgg", "zcwj", "zcjd"),
                "count": 6,
                "emphasis": False,
            },
        ),
        (
            "services",
            {
                "heading": "政务服务",
                "entrances": [
                    {"label": label, "icon": icon, **_link(service)}
                    for icon, label in SERVICE_ICONS[:3]
                ],
            },
        ),
        ("interaction", {"heading": "互动交流"}),
        ("topics", {"heading": "专题专栏", "topics": []}),
        ("leaders", {"heading": "领导之窗", "leaders": []}),
        ("directory", {"heading": "站群导航"}),
    ]
    return [
        {"type": kind, "value": value}
        for kind, value in layout
        if kind != "column_list" or value["columns"]
    ]
