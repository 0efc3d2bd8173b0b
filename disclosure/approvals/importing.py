"""Import of 办件 and 双公示 rows for one department, all or nothing.

Policy (said on the upload page and in the API's answer): **a batch with any
bad row is refused whole**; every bad row is reported with its line and the
Chinese reason, and nothing is stored. A good batch is stored in one
transaction. Rows are idempotent by 受理编号 / 决定文书号 within the
department: the same row again changes nothing; a changed row updates the
record and leaves an event naming the changed fields (never their values).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from disclosure.approvals.models import FINISHED_STATES
from sites import audit
from sites.services.workdays import add_working_days

from ..models import (
    ApprovalCase,
    ApprovalCaseEvent,
    CaseState,
    Decision,
    DecisionEvent,
    DecisionStatus,
)
from .records import FORMS, HEADERS, row_errors
from .supervision import pin_red_signals

MAX_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    line: int  # file line (header = 1) or 1-based position in a JSON list
    field: str
    message: str

    def __str__(self):
        where = f"{self.field}：" if self.field else ""
        return f"第{self.line}行 {where}{self.message}"

    def as_dict(self):
        return {"row": self.line, "field": self.field, "message": self.message}


@dataclass
class ImportReport:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self):
        return {
            "kind": self.kind,
            "accepted": self.ok,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [error.as_dict() for error in self.errors],
        }

    @property
    def summary(self) -> str:
        if not self.ok:
            return f"发现{len(self.errors)}处错误，整批未导入，请修改后重新提交。"
        return (
            f"导入完成：新增{self.created}条，更新{self.updated}条，"
            f"未变化{self.unchanged}条。"
        )


def publish_days() -> int:
    """双公示 and case results go online within this many working days (R61, R62)."""
    return int(getattr(settings, "APPROVALS_PUBLISH_DAYS", 7))


def step_limits() -> dict[str, int]:
    """Working days per 环节 (R65); a state without a limit has no step signal."""
    return dict(getattr(settings, "APPROVALS_STEP_LIMITS", {}))


def _enter_state(case, now, dues) -> None:
    """The case is in ``case.state`` as of ``now``: start that step's clock."""
    limit = step_limits().get(case.state)
    case.state_since = now
    case.step_due = (
        dues(now, limit).date if limit and case.state not in FINISHED_STATES else None
    )


class _Dues:
    """Working-day deadlines memoised for one batch (one calendar query per pair)."""

    def __init__(self):
        self._memo = {}

    def __call__(self, start: datetime.date, days: int):
        if isinstance(start, datetime.datetime):
            start = timezone.localtime(start).date()
        key = (start, days)
        if key not in self._memo:
            self._memo[key] = add_working_days(start, days)
        return self._memo[key]


def validate(kind: str, rows: list[tuple[int, dict]]):
    """Validate every row; return (forms of the good rows, errors of the bad)."""
    form_class = FORMS[kind]
    good, errors, seen = [], [], {}
    if len(rows) > MAX_ROWS:
        return [], [RowError(0, "", f"一次最多导入{MAX_ROWS}条，请分批提交。")]
    if not rows:
        return [], [RowError(0, "", "没有可导入的数据行。")]
    for line, data in rows:
        if not isinstance(data, dict):
            errors.append(RowError(line, "", "每一条数据应为一个对象（字段名: 值）。"))
            continue
        if any(isinstance(value, dict | list) for value in data.values()):
            errors.append(
                RowError(line, "", "字段的值应为文字、数字或日期，不能是嵌套的结构。")
            )
            continue
        form = form_class(data)
        if not form.is_valid():
            errors.extend(RowError(line, label, msg) for label, msg in row_errors(form))
            continue
        key = form.key
        if key in seen:
            label = form.fields[form.key_field].label
            errors.append(
                RowError(line, label, f"与第{seen[key]}行重复（{label}相同）。")
            )
            continue
        seen[key] = line
        good.append(form)
    return good, errors


def import_rows(site, kind: str, rows, *, source: str, user=None, now=None,
                username: str = ""):  # fmt: skip
    """Validate ``rows`` [(line, dict)] and store them for ``site`` if all are good.

    ``username`` names a caller without an account in the audit log (the API token).
    """
    report = ImportReport(kind)
    forms, report.errors = validate(kind, rows)
    if report.errors:
        return report
    now = now or timezone.now()
    try:
        with transaction.atomic():
            _store(site, kind, forms, report, source, user, now, username)
    except IntegrityError:
        # Another import stored the same 受理编号 / 文书号 a moment earlier: this
        # batch is rolled back whole and can simply be sent again.
        fresh = ImportReport(kind)
        fresh.errors = [
            RowError(0, "", "同一批数据正由另一请求导入，本批未导入，请稍后重新提交。")
        ]
        return fresh
    return report


def _store(site, kind, forms, report, source, user, now, username=""):
    # A red signal seen before this import stays red whatever it changes.
    pin_red_signals([site.pk], timezone.localtime(now).date())
    if kind == "cases":
        _store_cases(site, forms, report, source, user, now)
    else:
        _store_decisions(site, forms, report, source, now)
    audit.record(
        "disclosure.approvals_import", user=user, username=username, site=site,
        title=f"审批公示导入（{'办件' if kind == 'cases' else '双公示'}）",
        source=source, created=report.created, updated=report.updated,
        unchanged=report.unchanged,
    )  # fmt: skip


def _changed_fields(record, values) -> list[str]:
    names = []
    for name, value in values.items():
        if getattr(record, name) != value:
            names.append(str(record._meta.get_field(name).verbose_name))
    return names


def _store_cases(site, forms, report, source, user, now):
    dues = _Dues()
    existing = {
        case.case_number: case
        for case in ApprovalCase.objects.select_for_update().filter(
            site=site, case_number__in=[form.key for form in forms]
        )
    }
    for form in forms:
        data = form.cleaned_data
        fingerprint = form.fingerprint()
        case = existing.get(form.key)
        if case is not None and case.fingerprint == fingerprint:
            report.unchanged += 1
            continue
        due = dues(data["accepted_at"], data["promised_days"])
        values = {
            "item_name": data["item_name"],
            "item_code": data["item_code"],
            "accepted_at": data["accepted_at"],
            "promised_days": data["promised_days"],
            "legal_days": data["legal_days"],
            "promised_due": due.date,
            "due_provisional": due.provisional,
            "state": data["state"],
            "completed_at": data["completed_at"],
            "result": data["result"] or "",
            **form.party_values("applicant"),
        }
        # The minimised party fields change with every encryption; compare digests.
        compare = {k: v for k, v in values.items() if k != "party_id_encrypted"}
        if data["completed_at"]:
            values["result_publish_due"] = dues(
                data["completed_at"], publish_days()
            ).date
        else:
            values["result_publish_due"] = None
        finished = data["state"] in (CaseState.COMPLETED, CaseState.REJECTED)
        if case is None:
            case = ApprovalCase(
                site=site, case_number=form.key, published_at=now,
                fingerprint=fingerprint, **values,
            )  # fmt: skip
            if finished:
                case.result_published_at = now
            _enter_state(case, now, dues)
            case.save()
            ApprovalCaseEvent.objects.create(
                case=case, at=now, action="created", source=source, actor=user,
                to_state=case.state, note="首次导入并公示。",
            )  # fmt: skip
            report.created += 1
            continue
        changed = _changed_fields(case, compare)
        old_state = case.state
        for name, value in values.items():
            setattr(case, name, value)
        case.fingerprint = fingerprint
        if finished and case.result_published_at is None:
            case.result_published_at = now
        if not finished:
            case.result_published_at = None
        if old_state != case.state:
            # A step left after its limit stays on record (R65: never silently
            # cleared), however the case goes on.
            if case.step_due and timezone.localtime(now).date() > case.step_due:
                case.step_overran = True
            _enter_state(case, now, dues)
        case.save()
        if old_state != case.state:
            ApprovalCaseEvent.objects.create(
                case=case, at=now, action="state", source=source, actor=user,
                from_state=old_state, to_state=case.state,
            )  # fmt: skip
        others = [name for name in changed if name != "办理状态"]
        if others or old_state == case.state:
            ApprovalCaseEvent.objects.create(
                case=case, at=now, action="updated", source=source, actor=user,
                note="更新字段：" + ("、".join(others or changed) or "申请人信息"),
            )  # fmt: skip
        report.updated += 1


def _store_decisions(site, forms, report, source, now):
    dues = _Dues()
    existing = {
        decision.document_number: decision
        for decision in Decision.objects.select_for_update().filter(
            site=site, document_number__in=[form.key for form in forms]
        )
    }
    for form in forms:
        data = form.cleaned_data
        fingerprint = form.fingerprint()
        decision = existing.get(form.key)
        if decision is not None and decision.fingerprint == fingerprint:
            report.unchanged += 1
            continue
        values = {
            "kind": data["kind"],
            "document_title": data["document_title"],
            "category": data["category"],
            "content": data["content"],
            "basis": data["basis"],
            "result": data["result"],
            "decided_on": data["decided_on"],
            "valid_from": data["valid_from"],
            "valid_until": data["valid_until"],
            "authority": data["authority"],
            "publish_due": dues(data["decided_on"], publish_days()).date,
            "status": data["status"],
            "notice": data["notice"],
            "status_changed_on": data["status_changed_on"],
            **form.party_values("party"),
        }
        compare = {k: v for k, v in values.items() if k != "party_id_encrypted"}
        if decision is None:
            decision = Decision(
                site=site, document_number=form.key, published_at=now,
                fingerprint=fingerprint, **values,
            )  # fmt: skip
            if decision.status != DecisionStatus.VALID:
                decision.notice_at = now
            decision.save()
            DecisionEvent.objects.create(
                decision=decision, at=now, action="created", source=source,
                note="首次导入并公示。",
            )  # fmt: skip
            report.created += 1
            continue
        changed = _changed_fields(decision, compare)
        old_status = decision.status
        for name, value in values.items():
            setattr(decision, name, value)
        decision.fingerprint = fingerprint
        if decision.status != old_status or (
            "变更/撤销说明" in changed and decision.status != DecisionStatus.VALID
        ):
            decision.notice_at = now
        decision.save()
        if decision.status != old_status:
            DecisionEvent.objects.create(
                decision=decision, at=now, action="status", source=source,
                note=f"{DecisionStatus(old_status).label} → "
                f"{decision.get_status_display()}：{decision.notice}",
            )  # fmt: skip
        DecisionEvent.objects.create(
            decision=decision, at=now, action="updated", source=source,
            note="更新字段：" + ("、".join(changed) or "行政相对人信息"),
        )  # fmt: skip
        report.updated += 1


# Reading upload files -------------------------------------------------------


class FileError(ValueError):
    """The file cannot be read at all (wrong format, wrong header)."""


def _map_header(kind: str, header: list) -> list[str | None]:
    by_label = dict(HEADERS[kind])
    names = [by_label.get(str(cell or "").strip().lstrip("\ufeff")) for cell in header]
    missing = [label for label, name in HEADERS[kind] if name not in names]
    if missing:
        raise FileError(
            "表头缺少以下列：" + "、".join(missing) + "。请使用页面提供的模板。"
        )
    return names


def _rows(kind: str, table) -> list[tuple[int, dict]]:
    iterator = iter(table)
    try:
        header = next(iterator)
    except StopIteration:
        raise FileError("文件是空的。") from None
    names = _map_header(kind, header)
    rows = []
    for line, cells in enumerate(iterator, start=2):
        if not any(str(cell or "").strip() for cell in cells):
            continue  # blank lines are not rows
        data = {name: cell for name, cell in zip(names, cells, strict=False) if name}
        rows.append((line, data))
    return rows


def read_csv(kind: str, content: bytes) -> list[tuple[int, dict]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        raise FileError("无法识别文件编码，请以 UTF-8 保存 CSV 文件。")
    return _rows(kind, csv.reader(io.StringIO(text)))


def read_xlsx(kind: str, content: bytes) -> list[tuple[int, dict]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        raise FileError("无法读取该 xlsx 文件，请确认文件未损坏。") from error
    try:
        sheet = workbook.worksheets[0]
        return _rows(kind, sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def template_csv(kind: str) -> str:
    """The header line of an upload file (UTF-8 with BOM, Excel-friendly)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([label for label, _name in HEADERS[kind]])
    return "\ufeff" + buffer.getvalue()
