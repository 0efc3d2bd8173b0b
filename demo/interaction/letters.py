"""Demo content of 政民互动 (``seed_demo``): letters in every state,
a consultation open and one closed with feedback, an interview with answers.
Idempotent: letters by fixed submission tokens, pages by fixed slugs."""

from __future__ import annotations

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from interaction.consultation_choices import DocumentType
from interaction.interview_choices import QuestionStatus
from interaction.models import (
    ConsultationPage,
    InterviewPage,
    InterviewQuestion,
    Letter,
)
from interaction.services import letter_workflow as workflow
from interaction.services.mailboxes import ensure_default_mailbox
from sites.models import ColumnPage
from sites.services.site_roles import SiteRole

NAMESPACE = uuid.UUID("6f1c9e8a-3b1d-4c52-9d7e-1a2b3c4d5e6f")

LETTERS = [
    # key, site key of the mailbox, category index, subject, content, steps
    (
        "school",
        "portal",
        0,
        "关于小学入学报名时间的咨询",
        "孩子明年上小学，请问网上报名什么时候开始？需要准备哪些材料？",
        "published",
        "edu",
    ),
    (
        "bus",
        "portal",
        1,
        "建议增加开发区公交班次",
        "早高峰开发区方向公交车非常拥挤，建议增加班次。我的电话13900001111。",
        "published",
        "transport",
    ),
    (
        "noise",
        "portal",
        2,
        "夜间施工噪音扰民",
        "幸福路附近工地夜间施工，噪音很大，影响休息。",
        "handling",
        "env",
    ),
    (
        "clinic",
        "health",
        0,
        "社区卫生服务中心周末是否接诊",
        "请问社区卫生服务中心周末是否有门诊？",
        "submitted",
        None,
    ),
    (
        "petition",
        "portal",
        2,
        "关于征地补偿的信访诉求",
        "反映征地补偿未到位问题，请求处理。",
        "redirected",
        None,
    ),
]


def _system_user(sites, username="demo-letter-desk", name="演示信件办理",
                 role=None):  # fmt: skip
    """A demo account on every demo site, without a usable password (it only
    moves the demo letters; nobody logs in with it): the 信件办理 who accepts and
    replies, and the 审核 who reviews the replies (nobody reviews their own)."""
    from django.contrib.auth.models import Group

    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": name}
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(
        *Group.objects.filter(
            site_role__site__in=list(sites.values()),
            site_role__role=role or SiteRole.LETTER_HANDLER,
        )
    )
    return user


def _letter(key, sites, spec, actor, reviewer=None):
    _, site_key, index, subject, content, target, handler_key = spec
    token = uuid.uuid5(NAMESPACE, key)
    existing = Letter.objects.filter(submission_token=token).first()
    if existing is not None:
        return 0
    site = sites[site_key]
    mailbox = ensure_default_mailbox(site)
    category = list(mailbox.categories.order_by("sort_order"))[index]
    letter, _ = workflow.submit(mailbox, category, {
        "subject": subject, "content": content, "name": "演示用户", "phone": "13900001111",
        "email": "", "id_number": "", "address": "北疆市幸福路1号", "may_publish": True,
    }, token)  # fmt: skip
    if target in ("submitted",) or actor is None:
        return 1
    if target == "redirected":
        workflow.redirect_channel(letter, actor, "petition")
        return 1
    workflow.accept(letter, actor, sites.get(handler_key, site), "请研究答复")
    if target == "handling":
        return 1
    workflow.reply(
        letter,
        actor,
        "感谢您的来信。经研究，相关事项答复如下：已安排专人落实，将于近期完成。",
    )
    workflow.review(letter, reviewer, True, publish_now=True)
    return 1


def _column(site, slug):
    return ColumnPage.objects.descendant_of(site.root_page).filter(slug=slug).first()


def seed_demo(sites, stdout) -> None:
    call_command("ensure_interaction_columns", stdout=stdout)

    actor = _system_user(sites)
    reviewer = _system_user(
        sites, "demo-letter-review", "演示信件审核", SiteRole.REVIEWER
    )
    created = sum(_letter(spec[0], sites, spec, actor, reviewer) for spec in LETTERS)
    now = timezone.now()
    portal = sites["portal"]
    pages = 0
    column = _column(portal, "yjzj")
    if column and not ConsultationPage.objects.filter(slug="demo-zjyj-1").exists():
        column.add_child(instance=ConsultationPage(
            title="《北疆市城市绿化管理办法（征求意见稿）》公开征求意见", slug="demo-zjyj-1",
            document_type=DocumentType.RULE, organiser="北疆市人民政府办公室",
            opens_at=now - datetime.timedelta(days=5), closes_at=now + datetime.timedelta(days=26),
            summary="为提升城市绿化管理水平，现将征求意见稿全文公布，欢迎社会各界提出意见建议。",
            draft=[("paragraph", "<p>第一条 为了促进城市绿化事业发展……</p>")],
            explanation=[("paragraph", "<p>一、起草背景……</p>")],
        ))  # fmt: skip
        column.add_child(instance=ConsultationPage(
            title="《北疆市公共停车场收费标准（征求意见稿）》公开征求意见", slug="demo-zjyj-2",
            document_type=DocumentType.NORMATIVE, organiser="北疆市发展和改革委员会",
            opens_at=now - datetime.timedelta(days=40), closes_at=now - datetime.timedelta(days=20),
            summary="征求意见已结束。", draft=[("paragraph", "<p>一、收费标准……</p>")],
            feedback="<p>共收到意见23条，采纳9条，未采纳理由已逐条说明。</p>",
        ))  # fmt: skip
        pages += 2
    column = _column(portal, "zxft")
    if column and not InterviewPage.objects.filter(slug="demo-zxft-1").exists():
        interview = InterviewPage(
            title="聚焦义务教育招生政策", slug="demo-zxft-1",
            guests="北疆市教育局局长 王某某", starts_at=now - datetime.timedelta(days=2),
            ends_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=2),
            introduction="就2026年义务教育招生政策回答网友关心的问题。",
            transcript=[("paragraph", "<p>主持人：各位网友大家好……</p>")],
        )  # fmt: skip
        column.add_child(instance=interview)
        # The demo's history (R59): the preview went up 5 days ahead, the
        # transcript the day after the interview.
        InterviewPage.objects.filter(pk=interview.pk).update(
            first_published_at=interview.starts_at - datetime.timedelta(days=5),
            transcript_published_at=interview.ends_at + datetime.timedelta(days=1),
        )
        InterviewQuestion.objects.create(
            page=interview, content="随迁子女如何报名？", name_masked="网*",
            status=QuestionStatus.ANSWERED, answer="持居住证按片区报名。",
            answered_by="王某某", answered_at=interview.starts_at + datetime.timedelta(minutes=30),
        )  # fmt: skip
        pages += 1
    # Pages created here are not published through the admin: stamp the feedback.
    ConsultationPage.objects.filter(
        slug__startswith="demo-", feedback_published_at__isnull=True
    ).exclude(feedback="").update(feedback_published_at=now)
    stdout.write(f"政民互动：新增演示信件 {created} 件、页面 {pages} 个。")
