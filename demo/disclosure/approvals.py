"""Demo 办件 and 双公示 records for the 北疆市 cluster (``seed_demo``).

Each department gets cases in every state — fresh, yellow, red, finished on
time, finished late, refused — and licence and penalty decisions, one of them
withdrawn with a notice and one published late, so 电子监察 has something to
show. Records are keyed by 受理编号 / 文书号 and only missing ones are imported,
so running the seed again adds nothing. The people are invented; their ID
numbers are checksum-valid but fictitious.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from disclosure.approvals.importing import import_rows
from disclosure.models import ApprovalCase, Decision
from sites.personal_data import _ID_CHECK, _ID_WEIGHTS, _USCC_ALPHABET, _USCC_WEIGHTS
from sites.services.workdays import is_working_day

DEPARTMENTS = {
    "edu": ("JY", "北疆市教育局", "北教"),
    "health": ("WJ", "北疆市卫生健康委员会", "北卫"),
    "baiyun": ("BY", "白云旗人民政府", "白政"),
}


# The 教育局's matters are written out below; other departments approve their
# own (卫健委 licenses clinics and doctors, a banner government grassland and
# homesteads): each of these texts is replaced by the department's own.
MATTERS = {
    "health": {
        "民办学校设立审批": "医疗机构执业登记",
        "民办学校变更审批": "医疗机构变更登记",
        "教师资格认定": "医师执业注册",
        "北疆市晨光培训学校有限公司": "北疆市康宁口腔门诊有限公司",
        "准予设立北疆市晨光培训学校（民办非学历教育培训）。":
            "准予北疆市康宁口腔门诊执业登记（口腔科）。",
        "《中华人民共和国民办教育促进法》第十二条": "《医疗机构管理条例》第十五条",
        "未取得办学许可擅自举办培训活动。": "未取得《医疗机构执业许可证》擅自执业。",
        "《中华人民共和国民办教育促进法》第六十四条": "《医疗机构管理条例》第四十三条",
        "给予警告，责令停止办学活动。": "给予警告，责令停止执业活动。",
        "超范围开展培训活动。": "超出登记的诊疗科目开展诊疗活动。",
        "《民办教育促进法实施条例》第六十二条": "《医疗机构管理条例》第四十六条",
        "准予变更办学地址。": "准予变更执业地址。",
    },
    "baiyun": {
        "民办学校设立审批": "临时占用草原审批",
        "民办学校变更审批": "临时占用草原变更审批",
        "教师资格认定": "农村村民宅基地审批",
        "北疆市晨光培训学校有限公司": "白云旗风源新能源有限公司",
        "准予设立北疆市晨光培训学校（民办非学历教育培训）。":
            "准予白云旗风电场建设项目临时占用草原12公顷，期限两年。",
        "《中华人民共和国民办教育促进法》第十二条": "《中华人民共和国草原法》第四十条",
        "未取得办学许可擅自举办培训活动。": "未经批准擅自开垦草原。",
        "《中华人民共和国民办教育促进法》第六十四条": "《中华人民共和国草原法》第六十六条",
        "给予警告，责令停止办学活动。": "给予警告，责令限期恢复植被。",
        "超范围开展培训活动。": "超出批准范围临时占用草原。",
        "《民办教育促进法实施条例》第六十二条": "《中华人民共和国草原法》第七十一条",
        "准予变更办学地址。": "准予变更临时占用草原期限。",
    },
}  # fmt: skip


def _in_terms_of(key: str, rows: list[dict]) -> list[dict]:
    vocabulary = MATTERS.get(key, {})
    return [{k: vocabulary.get(v, v) for k, v in row.items()} for row in rows]


def resident_id(seventeen: str) -> str:
    total = sum(int(c) * w for c, w in zip(seventeen, _ID_WEIGHTS, strict=True))
    return seventeen + _ID_CHECK[total % 11]


def uscc(seventeen: str) -> str:
    total = sum(
        _USCC_ALPHABET.index(c) * w
        for c, w in zip(seventeen, _USCC_WEIGHTS, strict=True)
    )
    return seventeen + _USCC_ALPHABET[(31 - total % 31) % 31]


def working_days_before(day: datetime.date, n: int) -> datetime.date:
    while n:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def _at(day: datetime.date, hour: int = 10) -> str:
    return f"{day:%Y-%m-%d} {hour:02d}:00"


def _cases(prefix: str, today: datetime.date) -> list[dict]:
    ago = lambda n: working_days_before(today, n)  # noqa: E731
    person = {"applicant_type": "自然人", "applicant_name": "张晓梅",
              "applicant_id": resident_id("15010219850612302")}  # fmt: skip
    company = {"applicant_type": "法人", "applicant_name": "北疆市晨光培训学校有限公司",
               "applicant_code": uscc("91150100MA0N8K3Q7")}  # fmt: skip
    year = today.year
    common = {"item_code": "11150100MB0000000X-XK-0001", "legal_days": 20}
    return [
        {
            **common,
            **person,
            "case_number": f"{prefix}{year}0001",
            "state": "受理",
            "item_name": "民办学校设立审批",
            "accepted_at": _at(ago(1)),
            "promised_days": 15,
        },
        {
            **common,
            **company,
            "case_number": f"{prefix}{year}0002",
            "state": "审查",
            "item_name": "民办学校设立审批",
            "accepted_at": _at(ago(14)),
            "promised_days": 15,
        },
        {
            **common,
            **person,
            "case_number": f"{prefix}{year}0003",
            "state": "决定",
            "item_name": "教师资格认定",
            "accepted_at": _at(ago(18)),
            "promised_days": 15,
        },
        {
            **common,
            **company,
            "case_number": f"{prefix}{year}0004",
            "state": "办结",
            "item_name": "民办学校变更审批",
            "accepted_at": _at(ago(10)),
            "promised_days": 15,
            "completed_at": _at(ago(2), 16),
            "result": "准予",
        },
        {
            **common,
            **person,
            "case_number": f"{prefix}{year}0005",
            "state": "办结",
            "item_name": "教师资格认定",
            "accepted_at": _at(ago(40)),
            "promised_days": 15,
            "completed_at": _at(ago(20), 16),
            "result": "不予",
        },
        {
            **common,
            **company,
            "case_number": f"{prefix}{year}0006",
            "state": "不予受理",
            "item_name": "民办学校设立审批",
            "accepted_at": _at(ago(3)),
            "promised_days": 15,
            "completed_at": _at(ago(3), 15),
        },
    ]


def _decisions(authority: str, abbr: str, today: datetime.date):
    ago = lambda n: working_days_before(today, n)  # noqa: E731
    year = today.year
    company = {"party_type": "法人", "party_name": "北疆市晨光培训学校有限公司",
               "party_code": uscc("91150100MA0N8K3Q7")}  # fmt: skip
    person = {"party_type": "自然人", "party_name": "李建国",
              "party_id": resident_id("15010219790305121")}  # fmt: skip
    return [
        {
            **company,
            "kind": "行政许可",
            "document_title": "准予行政许可决定书",
            "document_number": f"{abbr}许〔{year}〕1号",
            "category": "普通",
            "content": "准予设立北疆市晨光培训学校（民办非学历教育培训）。",
            "basis": "《中华人民共和国民办教育促进法》第十二条",
            "decided_on": f"{ago(2):%Y-%m-%d}",
            "valid_from": f"{ago(2):%Y-%m-%d}",
            "valid_until": f"{year + 5}-12-31",
            "authority": authority,
        },
        {
            **person,
            "kind": "行政处罚",
            "document_title": "行政处罚决定书",
            "document_number": f"{abbr}罚〔{year}〕2号",
            "category": "警告",
            "content": "未取得办学许可擅自举办培训活动。",
            "basis": "《中华人民共和国民办教育促进法》第六十四条",
            "result": "给予警告，责令停止办学活动。",
            "decided_on": f"{ago(3):%Y-%m-%d}",
            "authority": authority,
        },
        {
            **company,
            "kind": "行政处罚",
            "document_title": "行政处罚决定书",
            "document_number": f"{abbr}罚〔{year}〕3号",
            "category": "罚款",
            "content": "超范围开展培训活动。",
            "basis": "《民办教育促进法实施条例》第六十二条",
            "result": "罚款人民币五千元。",
            "decided_on": f"{ago(12):%Y-%m-%d}",
            "authority": authority,
            "status": "撤销",
            "notice": "经行政复议，原处罚决定认定事实不清，已被撤销。",
            # R63: revoked on 复议 the day before the import withdrew it.
            "status_changed_on": f"{ago(1):%Y-%m-%d}",
        },
        {
            **company,
            "kind": "行政许可",
            "document_title": "准予变更行政许可决定书",
            "document_number": f"{abbr}许〔{year}〕4号",
            "category": "变更",
            "content": "准予变更办学地址。",
            "basis": "《中华人民共和国行政许可法》第四十九条",
            "decided_on": f"{ago(15):%Y-%m-%d}",
            "authority": authority,
        },
    ]


def seed_demo_approvals(sites: dict, stdout=None) -> int:
    today = timezone.localdate()
    created = 0
    for key, (prefix, authority, abbr) in DEPARTMENTS.items():
        site = sites.get(key)
        if site is None:
            continue
        for kind, rows, model, field in (
            ("cases", _in_terms_of(key, _cases(prefix, today)), ApprovalCase,
             "case_number"),
            ("decisions", _in_terms_of(key, _decisions(authority, abbr, today)),
             Decision, "document_number"),
        ):  # fmt: skip
            existing = set(
                model.objects.filter(site=site).values_list(field, flat=True)
            )
            missing = [row for row in rows if row[field] not in existing]
            if not missing:
                continue
            report = import_rows(
                site, kind, list(enumerate(missing, start=1)), source="demo"
            )
            if not report.ok:  # pragma: no cover - the demo data is valid
                raise ValueError("; ".join(str(e) for e in report.errors))
            created += report.created
    if stdout is not None:
        stdout.write(f"新增审批公示演示记录 {created} 条。")
    return created
