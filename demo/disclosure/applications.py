"""Demo 依申请公开 cases for the 北疆市 cluster (``seed_demo``).

Invented applicants with checksum-valid but fictitious ID numbers; the cases sit in
every state, with yellow and red alarms, so the case desk has something to show.
Each case has a fixed submission token, so running the seed again adds nothing.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from disclosure.applications import casework
from disclosure.applications.case_terms import Outcome
from disclosure.models import DisclosureApplication, ReplyDraft
from sites.services.workdays import add_working_days

NAMESPACE = uuid.UUID("6f1c2d9e-4b7a-4e0a-9d3c-8a5b1e2f7c40")


@dataclass(frozen=True)
class DemoCase:
    key: str
    site: str
    name: str
    title: str
    description: str
    received_ago: int | None  # working days before today; None = still 待登记
    steps: tuple[str, ...] = ()
    outcome: str = ""
    reason: str = ""
    extra: dict = field(default_factory=dict)


PERSON = {"applicant_type": "natural", "id_type": "resident_id",
          "id_number": "11010519491231002X"}  # fmt: skip
LAW_FIRM = {"applicant_type": "legal_service", "id_type": "uscc",
            "id_number": "91110000600037341L", "contact_person": "王律师"}  # fmt: skip

CASES = (
    DemoCase("edu-new", "edu", "张晓梅", "2026年城区小学学区划分方案",
             "申请公开2026年北疆市城区公办小学的学区划分方案及调整说明。", None),
    DemoCase("edu-handling", "edu", "李建国", "北疆市第一中学扩建项目批复",
             "申请公开北疆市第一中学扩建项目的立项批复和资金来源。", 6, ("review", "handle")),
    DemoCase("edu-yellow", "edu", "赵文静", "2025年度教师招聘面试成绩",
             "申请公开2025年度全市教师公开招聘面试成绩汇总表。", 17,
             ("review", "handle", "draft"), Outcome.GRANTED),
    DemoCase("edu-red", "edu", "北疆正义律师事务所", "校车服务采购合同",
             "申请公开2026年全市校车服务政府采购合同文本。", 24, ("review",), extra=LAW_FIRM),
    DemoCase("edu-granted", "edu", "王海燕", "2026年义务教育招生计划",
             "申请公开2026年全市义务教育阶段各校招生计划。", 30, ("review", "handle", "reply"),
             Outcome.GRANTED),
    DemoCase("edu-partial", "edu", "孙立新", "民办学校年检结果",
             "申请公开2025年度全市民办学校年检结果及整改要求。", 40,
             ("review", "handle", "reply", "archive"), Outcome.PARTIAL,
             "部分内容涉及第三方商业秘密，依据《条例》第十五条不予公开，其余部分予以公开。"),
    DemoCase("edu-correction", "edu", "周明", "有关文件",
             "申请公开教育局的有关文件。", 2, ("correction",)),
    DemoCase("health-new", "health", "陈丽", "2026年基层医疗机构绩效考核结果",
             "申请公开2026年上半年各社区卫生服务中心绩效考核结果。", 3),
    DemoCase("health-not-held", "health", "刘洋", "某药店处罚决定书",
             "申请公开某药店2019年的行政处罚决定书。", 25, ("review", "handle", "reply"),
             Outcome.UNAVAILABLE_NOT_HELD,
             "经检索，本机关未制作或获取该信息；药品监管职责属市市场监督管理局。",
             {"referred_to": "北疆市市场监督管理局，电话 0477-8120000"}),
)  # fmt: skip


def seed_demo_applications(sites: dict, stdout=None) -> int:
    created = 0
    for demo in CASES:
        if demo.site in sites:
            created += _seed_case(sites[demo.site], demo)
    if stdout is not None:
        stdout.write(f"新增依申请公开演示案件 {created} 件。")
    return created


@transaction.atomic
def _seed_case(site, demo: DemoCase) -> int:
    token = uuid.uuid5(NAMESPACE, demo.key)
    if DisclosureApplication.objects.filter(submission_token=token).exists():
        return 0
    today = timezone.localdate()
    received = _working_days_before(today, demo.received_ago or 0)
    data = {**PERSON, "name": demo.name, "phone": "13900000000",
            "email": "", "info_title": demo.title, "description": demo.description,
            "delivery_form": "electronic", "delivery_channel": "online",
            **{k: v for k, v in demo.extra.items() if k != "referred_to"}}  # fmt: skip
    case, _code = casework.submit(site, data, token)
    submitted = timezone.make_aware(
        datetime.datetime.combine(received, datetime.time(10))
    )
    DisclosureApplication.objects.filter(pk=case.pk).update(submitted_at=submitted)
    case.refresh_from_db()
    if demo.received_ago is None:
        return 1
    case = casework.register(case, None, received)
    for step in demo.steps:
        if step == "review":
            case = casework.start_review(case, None)
        elif step == "handle":
            case = casework.start_handling(case, None)
        elif step == "correction":
            case = casework.request_correction(
                case, None, "请写明所需文件的名称、文号或其他特征描述。",
                add_working_days(today, 10).date, on=today,
            )  # fmt: skip
        elif step == "reply":
            replied = min(today, add_working_days(received, 15).date)
            case = casework.reply(case, None, demo.outcome, "答复内容见附件告知书。",
                                  demo.reason, replied_on=replied,
                                  referred_to=demo.extra.get("referred_to", ""))  # fmt: skip
        elif step == "draft":
            # A reply waiting on the 审核's 工作台 for 签发 (issue #17 item 4).
            ReplyDraft.objects.create(
                application=case, outcome=demo.outcome,
                reply_text="现将2025年度教师公开招聘面试成绩汇总表通过网上查询提供给您。",
            )  # fmt: skip
        elif step == "archive":
            case = casework.archive(case, None)
    return 1


def _working_days_before(day: datetime.date, n: int) -> datetime.date:
    """The date from which ``n`` working days end today (good enough for demo data)."""
    candidate = day
    while n and add_working_days(candidate, n).date > day:
        candidate -= datetime.timedelta(days=1)
    return candidate
