"""政府信息公开申请答复告知书: its statutory text, its number and its PDF.

The same ``NoticeText`` feeds the PDF kept with the case and the printable HTML
page, so both say exactly the same thing. The notice names the applicant (it is
addressed to them) and never carries their ID number, phone or address.

PDF: reportlab with its built-in CID font STSong-Light (Adobe-GB1): the reader
supplies the glyphs, so no font file ships with the project and the PDF stays
small (a few KB); pypdf reads the text back in the tests.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F

from disclosure.applications.case_terms import ApplicantType, Outcome
from disclosure.models import DisclosureApplication, ReplyDraft, ReplyNoticeSequence
from sites.models import SiteProfile

REGULATION = "《中华人民共和国政府信息公开条例》"

# What the notice says for each Table 2 outcome (Art. 35–39 of the 条例).
STATUTORY_TEXT = {
    Outcome.GRANTED: "经审查，您申请获取的政府信息属于公开范围，根据"
    f"{REGULATION}第三十六条第（一）项、第（二）项的规定，本机关予以公开。",
    Outcome.PARTIAL: "经审查，您申请获取的政府信息中含有不应当公开的内容，根据"
    f"{REGULATION}第三十七条的规定，本机关作区分处理，向您提供可以公开的内容，"
    "对不予公开的部分说明理由如下。",
    Outcome.WITHHELD_SECRET: "经审查，您申请获取的政府信息依法确定为国家秘密，根据"
    f"{REGULATION}第十四条、第三十六条第（三）项的规定，本机关决定不予公开。",
    Outcome.WITHHELD_LAW: "经审查，法律、行政法规禁止公开您申请获取的政府信息，根据"
    f"{REGULATION}第十四条、第三十六条第（三）项的规定，本机关决定不予公开。",
    Outcome.WITHHELD_SECURITY: "经审查，您申请获取的政府信息公开后可能危及国家安全、"
    f"公共安全、经济安全、社会稳定，根据{REGULATION}第十四条、第三十六条第（三）项"
    "的规定，本机关决定不予公开。",
    Outcome.WITHHELD_THIRD_PARTY: "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等"
    f"公开会对第三方合法权益造成损害的内容，根据{REGULATION}第十五条、第三十二条、"
    "第三十六条第（三）项的规定，本机关决定不予公开。",
    Outcome.WITHHELD_INTERNAL: "经审查，您申请获取的信息属于行政机关的内部事务信息，根据"
    f"{REGULATION}第十六条第一款、第三十六条第（三）项的规定，本机关决定不予公开。",
    Outcome.WITHHELD_PROCESS: "经审查，您申请获取的信息属于行政机关在履行行政管理职能"
    f"过程中形成的过程性信息，根据{REGULATION}第十六条第二款、第三十六条第（三）项"
    "的规定，本机关决定不予公开。",
    Outcome.WITHHELD_ENFORCEMENT: "经审查，您申请获取的信息属于行政执法案卷信息，根据"
    f"{REGULATION}第十六条第二款、第三十六条第（三）项的规定，本机关决定不予公开。",
    Outcome.WITHHELD_QUERY: "经审查，您申请获取的信息属于行政查询事项，根据"
    f"{REGULATION}第三十六条第（七）项的规定，请您依照有关法律、行政法规的规定办理。",
    Outcome.UNAVAILABLE_NOT_HELD: "经检索，本机关没有制作或获取您申请公开的政府信息，"
    f"根据{REGULATION}第三十六条第（四）项、第（五）项的规定，告知您该政府信息"
    "本机关不掌握。",
    Outcome.UNAVAILABLE_NEEDS_CREATION: "经审查，本机关没有您申请获取的现成信息，"
    f"提供该信息需要对现有政府信息进行加工、分析，根据{REGULATION}第三十八条的规定，"
    "本机关不予提供。",
    Outcome.UNAVAILABLE_UNCLEAR: "您补正后的申请内容仍不明确，本机关无法确定您申请获取的"
    f"政府信息，根据{REGULATION}第三十条的规定，本机关无法提供。",
    Outcome.NOT_PROCESSED_PETITION: "经审查，您以政府信息公开申请的形式提出的是信访、"
    f"投诉、举报等事项，根据{REGULATION}第三十九条第一款的规定，本机关不作为政府信息"
    "公开申请处理，请您通过相应渠道提出。",
    Outcome.NOT_PROCESSED_REPEAT: "本机关已就您提出的政府信息公开申请作出答复，您重复申请"
    f"公开相同政府信息，根据{REGULATION}第三十六条第（六）项的规定，本机关不予重复处理。",
    Outcome.NOT_PROCESSED_PUBLICATION: "您申请获取的是政府公报、报刊、书籍等公开出版物，"
    f"根据{REGULATION}第三十九条第二款的规定，告知您获取的途径如下。",
    Outcome.NOT_PROCESSED_EXCESSIVE: "您申请公开政府信息的数量、频次明显超过合理范围，"
    f"且说明的理由不合理，根据{REGULATION}第三十五条的规定，本机关不予处理。",
    Outcome.NOT_PROCESSED_CONFIRM: "您要求本机关确认或者重新出具已经获取的信息，"
    f"该要求不属于{REGULATION}规定的政府信息公开申请，本机关不予处理。",
    Outcome.OTHER_NO_CORRECTION: "本机关已书面告知您补正申请，您无正当理由逾期未补正，"
    f"根据{REGULATION}第三十条的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。",
    Outcome.OTHER_NO_FEE: "本机关已向您发出收费通知，您逾期未按收费通知要求缴纳费用，"
    "根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，"
    "本机关不再处理该政府信息公开申请。",
    Outcome.OTHER: "经审查，本机关对您的申请处理如下。",
}

# 救济途径 (Art. 51 of the 条例; 行政复议法 Art. 20: 60 days; 行政诉讼法 Art. 46: six months).
REMEDIES = (
    "如对本答复不服，您可以自收到本告知书之日起六十日内依法申请行政复议，"
    "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"
)
SEAL = "（印章）"


@dataclass
class NoticeText:
    title: str
    number: str
    office: str
    addressee: str
    paragraphs: list[str]
    attachments: list[str] = field(default_factory=list)
    remedies: str = REMEDIES
    issued_on: datetime.date | None = None
    contact: str = ""

    @property
    def date_text(self) -> str:
        day = self.issued_on
        return f"{day.year}年{day.month}月{day.day}日" if day else ""


def short_name(site) -> str:
    """The office's name in a document number: 人民政府 → 政府, 委员会 → 委."""
    name = site.site_name
    for long, short in (("人民政府", "政府"), ("委员会", "委")):
        if name.endswith(long):
            return name[: -len(long)] + short
    return name


def notice_number(site, year: int, sequence: int) -> str:
    return f"{short_name(site)}依申公开〔{year}〕第{sequence}号"


def next_notice_sequence(site, year: int) -> int:
    """The next 告知书 number of ``site`` in ``year``, taken under a row lock (two
    sign-offs at once get two numbers, and a number is never used twice)."""
    key = {"site": site, "year": year}
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReplyNoticeSequence.objects.get_or_create(**key)
        except IntegrityError:
            pass  # another sign-off created the row first; it exists now
        sequence = ReplyNoticeSequence.objects.select_for_update().get(**key)
        ReplyNoticeSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
        sequence.refresh_from_db(fields=["last"])
        return sequence.last


def _request_summary(case: DisclosureApplication) -> str:
    """What was asked for: the title and 文号 given, then the description."""
    named = f"“{case.info_title}”" if case.info_title else ""
    if case.info_document_number:
        named += f"（文号：{case.info_document_number}）"
    description = case.corrected_description or case.description
    if named:
        return f"{named}（内容描述：{description}）" if description else named
    return f"以下政府信息：{description}"


def notice_text(
    case: DisclosureApplication,
    draft: ReplyDraft,
    number: str,
    issued_on: datetime.date | None,
    attachments: list[str] | None = None,
) -> NoticeText:
    """The statutory elements of the notice for ``draft`` of ``case``."""
    person = case.applicant_type in ("", ApplicantType.NATURAL)
    you = "您" if person else "你单位"
    received = case.received_on
    received_text = (
        f"{received.year}年{received.month}月{received.day}日" if received else ""
    )
    outcome = Outcome(draft.outcome)
    paragraphs = [
        f"本机关于{received_text}收到{you}提出的政府信息公开申请"
        f"（申请编号：{case.case_number}），申请获取{_request_summary(case)}。",
        f"办理结果：{outcome.label}。",
        STATUTORY_TEXT[outcome].replace("您", you),
    ]
    if draft.legal_reason.strip():
        paragraphs.append(f"理由和法律依据：{draft.legal_reason.strip()}")
    if outcome == Outcome.UNAVAILABLE_NOT_HELD:
        if draft.referred_to.strip():
            paragraphs.append(
                f"负责公开该政府信息的机关及其联系方式：{draft.referred_to.strip()}。"
            )
        else:
            paragraphs.append("经核实，本机关无法确定负责公开该政府信息的机关。")
    paragraphs.append(f"答复内容：{draft.reply_text.strip()}")
    profile = SiteProfile.objects.filter(site_id=case.site_id).first()
    contact = ""
    if profile and profile.phone:
        contact = f"联系电话：{profile.phone}"
    return NoticeText(
        title="政府信息公开申请答复告知书",
        number=number,
        office=case.site.site_name,
        addressee=f"{case.name}：",
        paragraphs=paragraphs,
        attachments=list(attachments or []),
        issued_on=issued_on,
        contact=contact,
    )


def render_pdf(text: NoticeText) -> bytes:
    """The notice as an A4 PDF, in Song type, with the seal's place marked."""
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle(
        "body", fontName=font, fontSize=12, leading=21, firstLineIndent=24,
        wordWrap="CJK",
    )  # fmt: skip
    plain = ParagraphStyle("plain", parent=body, firstLineIndent=0)
    office = ParagraphStyle("office", parent=plain, fontSize=18, leading=28,
                            alignment=TA_CENTER)  # fmt: skip
    title = ParagraphStyle("title", parent=office, fontSize=16)
    right = ParagraphStyle("right", parent=plain, alignment=TA_RIGHT)
    flow = [
        Paragraph(escape(text.office), office),
        Paragraph(escape(text.title), title),
        Paragraph(escape(text.number), right),
        Spacer(1, 6 * mm),
        Paragraph(escape(text.addressee), plain),
    ]
    flow += [Paragraph(escape(p), body) for p in text.paragraphs]
    if text.attachments:
        flow.append(Paragraph("附件：", plain))
        flow += [
            Paragraph(escape(f"{i}. {name}"), plain)
            for i, name in enumerate(text.attachments, 1)
        ]
    flow.append(Paragraph(escape(f"救济途径：{text.remedies}"), body))
    flow += [
        Spacer(1, 12 * mm),
        Paragraph(escape(text.office), right),
        Paragraph(escape(SEAL), right),
        Paragraph(escape(text.date_text), right),
    ]
    if text.contact:
        flow += [Spacer(1, 8 * mm), Paragraph(escape(text.contact), plain)]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm,
        topMargin=37 * mm, bottomMargin=35 * mm,
        title=f"{text.title} {text.number}", author=text.office,
        subject=text.title, creator=text.office,
    )  # fmt: skip
    document.build(flow)
    return buffer.getvalue()
