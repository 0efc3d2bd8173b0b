"""政府信息公开指南 (Art. 12, R24): finding a site's guide and writing a default one.

The default text is built from what the site really has — its 政府信息公开
columns, the topics of its published items, its profile's contact details — so
that every agency starts from a correct guide and only adds what the CMS cannot
know (office hours, fax). It is published at once, flagged as generated, because
an empty 指南 column is itself a violation (Art. 53).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.html import escape
from wagtail.models import Site

from disclosure.models import DisclosureGuidePage, DisclosureItem
from sites.models import ColumnLayout, ColumnPage, SiteProfile
from sites.services.tree import descendants_q

GUIDE_COLUMN_SLUG = "gkzn"
DISCLOSURE_COLUMN_SLUG = "xxgk"
GUIDE_SLUG = "zn"
GUIDE_TITLE = "政府信息公开指南"
APPLY_PATH = "/xxgk/ysqgk/"
QUERY_PATH = "/xxgk/ysqgk/query/"
MISSING = "待补充"


def guide_for_site(site: Site, live_only: bool = True) -> DisclosureGuidePage | None:
    """The site's 公开指南 page (the live one unless ``live_only`` is False), or None."""
    guides = DisclosureGuidePage.objects.filter(descendants_q(site.root_page.path))
    if live_only:
        guides = guides.live()
    return guides.order_by("path").first()


def _column(site: Site, slug: str) -> ColumnPage | None:
    return (
        ColumnPage.objects.filter(descendants_q(site.root_page.path))
        .filter(slug=slug)
        .order_by("depth")
        .first()
    )


def _page_link(page) -> str:
    return f'<a linktype="page" id="{page.pk}">{escape(page.title)}</a>'


def classification_html(site: Site) -> str:
    """The 政府信息公开 columns as a nested list, and the topics actually used."""
    parts = ["<p>本机关主动公开的政府信息按照以下栏目分类发布：</p>"]
    root = _column(site, DISCLOSURE_COLUMN_SLUG)
    if root is not None:
        columns = list(
            ColumnPage.objects.filter(descendants_q(root.path)).live().order_by("path")
        )
        parts.append(_nested_list(root, columns))
    topics = sorted(
        set(
            DisclosureItem.objects.live()
            .filter(descendants_q(site.root_page.path))
            .values_list("topic", flat=True)
        )
    )
    if topics:
        parts.append(
            "<p>同时按主题分类，本机关已公开的信息涉及："
            + escape("、".join(topics))
            + "等主题。</p>"
        )
    else:
        parts.append(
            "<p>同时按国务院公文主题分类（22个一级类别）标注每条信息的主题。</p>"
        )
    return "".join(parts)


def _nested_list(parent, columns) -> str:
    children = [c for c in columns if c.path[: -c.steplen] == parent.path]
    if not children:
        return ""
    items = "".join(
        f"<li>{_page_link(child)}{_nested_list(child, columns)}</li>"
        for child in children
    )
    return f"<ul>{items}</ul>"


def arrangement_html(profile: SiteProfile | None) -> str:
    code = escape((profile.org_code if profile else "") or "机构代码")
    return (
        "<p>本机关政府信息公开目录按照栏目和主题分类编排，"
        "同一栏目内的信息按发布日期由近及远排列，提供检索、查阅和下载功能。</p>"
        "<p>每条政府信息列明索引号、信息名称、内容概述、生成日期（成文日期）、"
        "发布机构、主题分类、文号、发布日期和有效性等要素。"
        f"索引号按“机构代码/年份-顺序号”编制（例如 {code}/2026-00001），"
        "在全网站群唯一，发布后不再改变。</p>"
    )


def proactive_html(site: Site, address: str) -> str:
    return (
        "<p>本机关主动公开的政府信息，自该政府信息形成或者变更之日起20个工作日内予以公开，"
        "法律、法规对期限另有规定的从其规定。公众可以通过以下方式获取：</p>"
        "<ul>"
        f"<li>登录本机关网站（{escape(site.root_url)}）“政府信息公开”专栏查阅、检索和下载；</li>"
        f"<li>到本机关政府信息公开查阅场所（{escape(address)}）查阅；</li>"
        "<li>通过政府公报、新闻发布会以及报刊、广播、电视等途径获取。</li>"
        "</ul>"
    )


def request_html(address: str, postcode: str) -> str:
    post = escape(address) + (f"（邮政编码：{escape(postcode)}）" if postcode else "")
    return (
        "<p>公民、法人或者其他组织申请获取政府信息的，应当向本机关的政府信息公开工作机构提出，"
        "并采用包括信件、数据电文在内的书面形式；采用书面形式确有困难的，可以口头提出，"
        "由本机关代为填写政府信息公开申请。</p>"
        "<ol>"
        f'<li>在线申请：在<a href="{APPLY_PATH}">政府信息公开申请</a>页面填写并提交申请，'
        "提交后获得申请编号和查询码，"
        f'可凭编号和查询码在<a href="{QUERY_PATH}">申请查询</a>页面查看办理进度和答复。</li>'
        f"<li>信函申请：寄至{post}，请在信封上注明“政府信息公开申请”字样。</li>"
        "<li>当面申请：在办公时间到本机关政府信息公开工作机构提出。</li>"
        "</ol>"
        "<p>申请应当包括：申请人的姓名或者名称、身份证明、联系方式；"
        "申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；"
        "申请公开的政府信息的形式要求，包括获取信息的方式、途径。</p>"
        "<p>本机关能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复。"
        "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，"
        "延长的期限最长不超过20个工作日。申请内容不明确的，"
        "本机关自收到申请之日起7个工作日内一次性告知申请人作出补正。</p>"
        "<p>依申请提供政府信息不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，"
        "本机关可以依照《政府信息公开信息处理费管理办法》收取信息处理费。</p>"
    )


def supervisor_body_for(profile: SiteProfile | None) -> str:
    parent = profile.parent if profile else None
    if parent is not None:
        return f"{parent.sponsor or parent.site.site_name}办公室（政府信息公开工作主管部门）"
    return "上一级人民政府办公厅（室）（政府信息公开工作主管部门）"


def supervision_html(supervisor_body: str) -> str:
    return (
        "<p>公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，"
        f"可以向{escape(supervisor_body)}投诉、举报，"
        "也可以依法申请行政复议或者提起行政诉讼。</p>"
        "<p>申请人对本机关的答复不服的，可以自知道该行政行为之日起60日内申请行政复议，"
        "或者自知道或者应当知道作出行政行为之日起6个月内向人民法院提起行政诉讼。</p>"
    )


def default_guide(site: Site) -> DisclosureGuidePage:
    """An unsaved guide filled from the site's profile and columns."""
    profile = (
        SiteProfile.objects.filter(site=site)
        .select_related("parent", "parent__site")
        .first()
    )
    sponsor = (profile.sponsor if profile else "") or site.site_name
    address = (profile.address if profile else "") or MISSING
    postcode = (profile.postcode if profile else "") or ""
    supervisor = supervisor_body_for(profile)
    return DisclosureGuidePage(
        title=GUIDE_TITLE,
        slug=GUIDE_SLUG,
        classification=classification_html(site),
        arrangement=arrangement_html(profile),
        proactive_access=proactive_html(site, address),
        request_access=request_html(address, postcode),
        office_name=f"{sponsor}办公室",
        office_address=address,
        phone=(profile.phone if profile else "") or MISSING,
        email=(profile.email if profile else "") or "",
        website=site.root_url,
        postcode=postcode,
        supervisor_body=supervisor,
        supervision=supervision_html(supervisor),
        generated_default=True,
        live=False,
    )


def ensure_guide(site: Site) -> tuple[DisclosureGuidePage | None, str]:
    """Give ``site`` a published default guide unless it has one.

    Returns (guide, what happened): "created", "exists" or "no-column".
    """
    existing = guide_for_site(site, live_only=False)
    if existing is not None:
        return existing, "exists"
    column = _column(site, GUIDE_COLUMN_SLUG)
    if column is None:
        return None, "no-column"
    with transaction.atomic():
        guide = default_guide(site)
        column.add_child(instance=guide)
        guide.save_revision().publish()
        # The 指南 column leads straight to the guide.
        column.layout = ColumnLayout.LINK
        column.link_page = guide
        revision = column.save_revision()
        if column.live:
            revision.publish()
    return guide, "created"
