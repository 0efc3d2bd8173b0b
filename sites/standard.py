"""The cluster standard (统一标准): the column tree every new site gets.

REQUIREMENTS §1.6, §5.4 and R9/R23: 信息公开 with its four fixed sub-columns,
政务服务, 互动交流, 工作动态 and a 网站地图. Slugs are stable so that other apps
(disclosure, interaction, supervision) can find a site's standard columns.
"""

from dataclasses import dataclass, field

from .models.pages import ColumnLayout, ColumnType, UpdateCycle


@dataclass(frozen=True)
class StandardColumn:
    slug: str
    title: str
    column_type: str = ColumnType.NEWS
    layout: str = ColumnLayout.LIST
    update_cycle_days: int = UpdateCycle.NONE
    description: str = ""
    show_in_menus: bool = True
    children: tuple["StandardColumn", ...] = field(default_factory=tuple)


STANDARD_COLUMNS: tuple[StandardColumn, ...] = (
    StandardColumn(
        "gzdt",
        "工作动态",
        ColumnType.NEWS,
        update_cycle_days=UpdateCycle.TWO_WEEKS,
        description="本单位工作动态、要闻",
    ),
    StandardColumn(
        "tzgg",
        "通知公告",
        ColumnType.NOTICE,
        update_cycle_days=UpdateCycle.SIX_MONTHS,
        description="通知、公告、公示",
    ),
    StandardColumn(
        "zcwj",
        "政策文件",
        ColumnType.POLICY,
        update_cycle_days=UpdateCycle.SIX_MONTHS,
        description="本单位制发的政策文件",
        children=(
            StandardColumn(
                "zcjd",
                "政策解读",
                ColumnType.INTERPRETATION,
                description="政策文件的解读材料",
            ),
        ),
    ),
    StandardColumn(
        "xxgk",
        "政府信息公开",
        ColumnType.DISCLOSURE,
        description="依据《中华人民共和国政府信息公开条例》公开的政府信息",
        children=(
            StandardColumn(
                "gkzn",
                "政府信息公开指南",
                ColumnType.DISCLOSURE,
                ColumnLayout.SINGLE,
                UpdateCycle.ONE_YEAR,
                description="政府信息公开指南",
            ),
            StandardColumn(
                "gkzd",
                "政府信息公开制度",
                ColumnType.DISCLOSURE,
                description="政府信息公开工作制度",
            ),
            StandardColumn(
                "fdzdgk",
                "法定主动公开内容",
                ColumnType.DISCLOSURE,
                description="《条例》第二十条、第二十一条规定主动公开的内容",
            ),
            StandardColumn(
                "gknb",
                "政府信息公开年报",
                ColumnType.DISCLOSURE,
                update_cycle_days=UpdateCycle.ONE_YEAR,
                description="政府信息公开工作年度报告",
            ),
            StandardColumn(
                "ysqgk",
                "依申请公开",
                ColumnType.DISCLOSURE,
                ColumnLayout.SINGLE,
                description="在线提交政府信息公开申请",
            ),
        ),
    ),
    StandardColumn(
        "zwfw",
        "政务服务",
        ColumnType.SERVICE,
        description="办事指南与在线服务",
        children=(
            StandardColumn(
                "bszn",
                "办事指南",
                ColumnType.SERVICE,
                description="政务服务事项办事指南",
            ),
        ),
    ),
    StandardColumn(
        "hdjl",
        "互动交流",
        ColumnType.INTERACTION,
        description="领导信箱、意见征集、在线访谈",
        children=(
            StandardColumn(
                "ldxx",
                "领导信箱",
                ColumnType.INTERACTION,
                ColumnLayout.SINGLE,
                description="向本单位写信咨询、建议、投诉",
            ),
            StandardColumn(
                "yjzj",
                "意见征集",
                ColumnType.INTERACTION,
                description="政策文件草案公开征求意见",
            ),
        ),
    ),
)

SITE_MAP_SLUG = "wzdt"
SITE_MAP_TITLE = "网站地图"


def iter_standard_slugs(columns=STANDARD_COLUMNS):
    for column in columns:
        yield column.slug
        yield from iter_standard_slugs(column.children)
