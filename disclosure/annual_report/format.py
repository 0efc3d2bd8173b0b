"""The official layout of the annual report (国办公开办函〔2021〕30号, REQUIREMENTS §4).

One description of each table's rows, columns and merged header cells serves
the public page, the admin page and the xlsx export, so the three cannot drift
apart. The numbers come from a report's ``tables`` snapshot (see
``disclosure.annual_report``), whose keys are defined here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from disclosure.applications.case_terms import (
    ApplicantType,
    Outcome,
    OutcomeGroup,
    outcome_group,
)
from disclosure.applications.models import AppealKind, AppealResult

# --- the six sections, in the fixed order (§4.1, R46) ----------------------------

SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# --- Table 1 (§4.2) ----------------------------------------------------------------

DOCUMENT_ROWS = (("regulation", "规章"), ("normative", "行政规范性文件"))
DOCUMENT_COLUMNS = (
    ("issued", "本年制发件数"),
    ("abolished", "本年废止件数"),
    ("in_force", "现行有效件数"),
)
# Rows filled by hand until the approval notices module (issue #7) provides them.
MANUAL_ROWS = (
    ("licensing", "第二十条第(五)项", "行政许可", "本年处理决定数量"),
    ("penalty", "第二十条第(六)项", "行政处罚", "本年处理决定数量"),
    ("enforcement", "第二十条第(六)项", "行政强制", "本年处理决定数量"),
    ("fees", "第二十条第(八)项", "行政事业性收费", "本年收费金额（单位：万元）"),
)
TABLE1_FIRST_BLOCK = "第二十条第(一)项"
CONTENT_LABEL = "信息内容"

# --- Table 2 (§4.3) ----------------------------------------------------------------

APPLICANT_COLUMNS = tuple(t.value for t in ApplicantType)  # the six, official order
TOTAL_COLUMN = "总计"
TABLE2_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADER = "申请人情况"
ORGANISATION_HEADER = "法人或其他组织"

ROW_NEW = "new"
ROW_CARRIED_IN = "carried_in"
ROW_TOTAL = "total"
ROW_CARRIED_OUT = "carried_out"
RESULTS_HEADING = "三、本年度办理结果"
TOTAL_LABEL = "（七）总计"
TOP_ROW_LABELS = {
    ROW_NEW: "一、本年新收政府信息公开申请数量",
    ROW_CARRIED_IN: "二、上年结转政府信息公开申请数量",
    ROW_TOTAL: TOTAL_LABEL,
    ROW_CARRIED_OUT: "四、结转下年度继续办理",
}
# Groups (三)…(六) have leaves; (一) and (二) are leaves themselves.
SINGLE_GROUPS = (OutcomeGroup.GRANTED.value, OutcomeGroup.PARTIAL.value)
GROUPS_WITH_LEAVES = (
    OutcomeGroup.WITHHELD.value,
    OutcomeGroup.UNAVAILABLE.value,
    OutcomeGroup.NOT_PROCESSED.value,
    OutcomeGroup.OTHER.value,
)


def leaf_key(outcome: str) -> str:
    return f"outcome:{outcome}"


def group_key(group: str) -> str:
    return f"group:{group}"


def leaves_of(group: str) -> list[str]:
    return [o.value for o in Outcome if outcome_group(o.value) == group]


def leaf_label(outcome: str) -> str:
    """The row label as printed in the official table, e.g. "1.属于国家秘密"."""
    group = outcome_group(outcome)
    if group in SINGLE_GROUPS:
        return OutcomeGroup(group).label
    number = leaves_of(group).index(outcome) + 1
    return f"{number}.{Outcome(outcome).label.split('：', 1)[1]}"


def row_label(key: str) -> str:
    """A readable label for any Table 2 row key (used in check messages)."""
    if key in TOP_ROW_LABELS:
        return TOP_ROW_LABELS[key]
    kind, _, value = key.partition(":")
    if kind == "group":
        return OutcomeGroup(value).label
    group = outcome_group(value)
    if group in SINGLE_GROUPS:
        return OutcomeGroup(group).label
    return f"{OutcomeGroup(group).label}{leaf_label(value)}"


def table2_row_keys() -> list[str]:
    """Every row the snapshot holds: the official rows plus the (三)…(六) subtotals."""
    keys = [ROW_NEW, ROW_CARRIED_IN]
    keys += [leaf_key(o.value) for o in Outcome]
    keys += [group_key(g) for g in GROUPS_WITH_LEAVES]
    return [*keys, ROW_TOTAL, ROW_CARRIED_OUT]


def column_label(index: int) -> str:
    if index == len(APPLICANT_COLUMNS):
        return TOTAL_COLUMN
    label = ApplicantType(APPLICANT_COLUMNS[index]).label
    return label if index == 0 else f"{ORGANISATION_HEADER}·{label}"


# --- Table 3 (§4.4) ----------------------------------------------------------------

APPEAL_GROUPS = tuple(k.value for k in AppealKind)
APPEAL_RESULTS = tuple(r.value for r in AppealResult)  # 维持, 纠正, 其他, 尚未审结
APPEAL_TOTAL = "total"
APPEAL_RESULT_LABELS = {r.value: r.label for r in AppealResult} | {APPEAL_TOTAL: "总计"}
APPEAL_GROUP_LABELS = {
    AppealKind.RECONSIDERATION.value: "行政复议",
    AppealKind.LAWSUIT_DIRECT.value: "未经复议直接起诉",
    AppealKind.LAWSUIT_AFTER.value: "复议后起诉",
}
LAWSUIT_HEADER = "行政诉讼"


# --- a grid of cells, as HTML and spreadsheets both see a table ---------------------


@dataclass(frozen=True)
class Cell:
    text: str | int
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    scope: str = ""
    numeric: bool = False


@dataclass(frozen=True)
class Grid:
    caption: str
    head: list[list[Cell]]
    body: list[list[Cell]]
    width: int


def _th(text, colspan=1, rowspan=1, scope="col"):
    return Cell(text, colspan, rowspan, header=True, scope=scope)


def _num(value, colspan=1):
    return Cell(value, colspan, numeric=True)


def table1_grid(table1: dict) -> Grid:
    body: list[list[Cell]] = [
        [_th(TABLE1_FIRST_BLOCK, colspan=4, scope="colgroup")],
        [_th(CONTENT_LABEL), *(_th(label) for _key, label in DOCUMENT_COLUMNS)],
    ]
    for key, label in DOCUMENT_ROWS:
        row = table1.get(key, {})
        body.append(
            [
                _th(label, scope="row"),
                *(_num(row.get(c, "")) for c, _ in DOCUMENT_COLUMNS),
            ]
        )
    block = None
    for key, block_label, label, column in MANUAL_ROWS:
        if block_label != block:
            block = block_label
            body.append([_th(block_label, colspan=4, scope="colgroup")])
            body.append([_th(CONTENT_LABEL), _th(column, colspan=3)])
        body.append([_th(label, scope="row"), _num(table1.get(key, ""), colspan=3)])
    return Grid("主动公开政府信息情况", [], body, 4)


def table2_grid(table2: dict) -> Grid:
    rows = table2.get("rows", {})
    organisations = [ApplicantType(c).label for c in APPLICANT_COLUMNS[1:]]
    head = [
        [_th(TABLE2_NOTE, colspan=3, rowspan=3, scope=""),
         _th(APPLICANT_HEADER, colspan=7, scope="colgroup")],
        [_th(ApplicantType.NATURAL.label, rowspan=2),
         _th(ORGANISATION_HEADER, colspan=5, scope="colgroup"),
         _th(TOTAL_COLUMN, rowspan=2)],
        [_th(label) for label in organisations],
    ]  # fmt: skip

    def numbers(key):
        values = rows.get(key) or [""] * 7
        return [_num(v) for v in values]

    body = [
        [_th(TOP_ROW_LABELS[ROW_NEW], colspan=3, scope="row"), *numbers(ROW_NEW)],
        [
            _th(TOP_ROW_LABELS[ROW_CARRIED_IN], colspan=3, scope="row"),
            *numbers(ROW_CARRIED_IN),
        ],
    ]
    results_rows = len(Outcome) + 1
    first = True
    for group in OutcomeGroup.values:
        leaves = leaves_of(group)
        for position, outcome in enumerate(leaves):
            row = []
            if first:
                row.append(_th(RESULTS_HEADING, rowspan=results_rows, scope="rowgroup"))
                first = False
            if group in SINGLE_GROUPS:
                row.append(_th(OutcomeGroup(group).label, colspan=2, scope="row"))
            else:
                if position == 0:
                    row.append(
                        _th(
                            OutcomeGroup(group).label,
                            rowspan=len(leaves),
                            scope="rowgroup",
                        )
                    )
                row.append(_th(leaf_label(outcome), scope="row"))
            body.append([*row, *numbers(leaf_key(outcome))])
    body.append([_th(TOTAL_LABEL, colspan=2, scope="row"), *numbers(ROW_TOTAL)])
    body.append(
        [
            _th(TOP_ROW_LABELS[ROW_CARRIED_OUT], colspan=3, scope="row"),
            *numbers(ROW_CARRIED_OUT),
        ]
    )
    return Grid("收到和处理政府信息公开申请情况", head, body, 10)


def table3_grid(table3: dict) -> Grid:
    labels = [APPEAL_RESULT_LABELS[r] for r in (*APPEAL_RESULTS, APPEAL_TOTAL)]
    reconsideration, direct, after = APPEAL_GROUPS
    head = [
        [_th(APPEAL_GROUP_LABELS[reconsideration], colspan=5, scope="colgroup"),
         _th(LAWSUIT_HEADER, colspan=10, scope="colgroup")],
        [*(_th(label, rowspan=2) for label in labels),
         _th(APPEAL_GROUP_LABELS[direct], colspan=5, scope="colgroup"),
         _th(APPEAL_GROUP_LABELS[after], colspan=5, scope="colgroup")],
        [_th(label) for _ in (direct, after) for label in labels],
    ]  # fmt: skip
    body = [
        [
            _num(table3.get(group, {}).get(result, ""))
            for group in APPEAL_GROUPS
            for result in (*APPEAL_RESULTS, APPEAL_TOTAL)
        ]
    ]
    return Grid("政府信息公开行政复议、行政诉讼情况", head, body, 15)


def grids(tables: dict) -> list[Grid]:
    return [
        table1_grid(tables.get("table1", {})),
        table2_grid(tables.get("table2", {})),
        table3_grid(tables.get("table3", {})),
    ]
