"""The cluster standard (统一标准): the column tree every new site gets.

REQUIREMENTS §1.6, §5.4 and R9/R23: 信息公开 with its four fixed sub-columns,
政务服务, 互动交流, 工作动态 and a 网站地图. Slugs are stable so that other apps
(disclosure, interaction, supervision) can find a site's standard columns.
法定主动公开内容 holds one sub-column per category of Art. 20 of the 条例, plus
the Art. 21 categories for the kinds of site that Art. 21 applies to (R31).
"""

from dataclasses import dataclass, field

from .models.pages import ColumnLayout, ColumnType, UpdateCycle
from .models.profile import SiteKind


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
    # The site kinds that get this column; None means every kind.
    kinds: frozenset[str] | None = None

    def applies_to(self, kind: str | None) -> bool:
        return self.kinds is None or kind is None or kind in self.kinds


def _statutory(slug: str, title: str, wording: str, kinds=None) -> StandardColumn:
    """A 法定主动公开内容 sub-column: short title, the statute's wording as description."""
    return StandardColumn(
        slug, title, ColumnType.DISCLOSURE, description=wording, kinds=kinds
    )


# 条例 Art. 20: what every administrative body discloses (REQUIREMENTS §3.4).
ARTICLE_20_COLUMNS: tuple[StandardColumn, ...] = (
    _statutory("fgwj", "法规文件", "行政法规、规章和规范性文件"),
    _statutory("jgzn", "机构职能",
               "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
    _statutory("ghjh", "规划计划",
               "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    _statutory("tjxx", "统计信息", "国民经济和社会发展统计信息"),
    _statutory("xzxk", "行政许可",
               "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
    _statutory("xzcf", "行政处罚和行政强制",
               "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"),
    _statutory("czyjs", "财政预决算", "财政预算、决算信息"),
    _statutory("xzsf", "行政事业性收费", "行政事业性收费项目及其依据、标准"),
    _statutory("zfcg", "政府采购", "政府集中采购项目的目录、标准及实施情况"),
    _statutory("zdxm", "重大建设项目", "重大建设项目的批准和实施情况"),
    _statutory("msbz", "民生保障（扶贫、教育、医疗、社会保障、促进就业）",
               "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    _statutory("yjgl", "应急管理",
               "突发公共事件的应急预案、预警信息及应对情况"),
    _statutory("jdjc", "监督检查",
               "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    _statutory("gwyzk", "公务员招考",
               "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    _statutory("qtfdgk", "其他法定公开信息",
               "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
)  # fmt: skip

# 条例 Art. 21 applies to the governments of 设区的市 and 县级 and their departments.
# In this cluster the portal is a city government, banners (旗) are county-level
# governments and departments belong to one of them, so these three kinds get the
# extra categories; a topic site (专题网站) is no administrative body of its own.
# A 乡镇 kind, if one is added, gets Art. 21's township list instead.
ARTICLE_21_KINDS = frozenset({SiteKind.PORTAL, SiteKind.DEPARTMENT, SiteKind.BANNER})
ARTICLE_21_COLUMNS: tuple[StandardColumn, ...] = tuple(
    _statutory(slug, title, f"{title}方面的政府信息（《条例》第二十一条）",
               ARTICLE_21_KINDS)
    for slug, title in (
        ("szjs", "市政建设"), ("ggfw", "公共服务"), ("gysy", "公益事业"),
        ("tdzs", "土地征收"), ("fwzs", "房屋征收"), ("zagl", "治安管理"),
        ("shjz", "社会救助"),
    )
)  # fmt: skip


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
                children=ARTICLE_20_COLUMNS + ARTICLE_21_COLUMNS,
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
            StandardColumn(
                "zxft",
                "在线访谈",
                ColumnType.INTERACTION,
                description="访谈预告、网民提问、文字实录",
            ),
        ),
    ),
)

SITE_MAP_SLUG = "wzdt"
SITE_MAP_TITLE = "网站地图"


def iter_standard_slugs(columns=STANDARD_COLUMNS, kind: str | None = None):
    """Slugs of the standard columns (those a site of ``kind`` gets, if given)."""
    for column in columns:
        if column.applies_to(kind):
            yield column.slug
            yield from iter_standard_slugs(column.children, kind)
