"""Comparing what is stored and served with what was published, and restoring."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..audit import record as audit
from ..page_cache import page_changed
from .models import AlarmKind, Kind, PublishedHash, TamperAlarm
from .recording import (
    backup_path,
    cache_generation,
    child_relations,
    content_fields,
    file_digest,
    from_text,
    record_page,
    snapshot,
    snapshot_digest,
)
from .rendering import render

logger = logging.getLogger("security")


@dataclass
class Report:
    checked: int = 0
    alarms: list[TamperAlarm] = field(default_factory=list)
    restored: int = 0
    rerecorded: int = 0
    rendered: int = 0


def _raise(entry: PublishedHash, kind: str, found: str, detail: str) -> TamperAlarm:
    alarm = TamperAlarm.objects.create(
        site=entry.site,
        kind=kind,
        url=entry.url,
        expected_sha256={
            AlarmKind.CONTENT: entry.content_sha256,
            AlarmKind.RECORD: entry.expected_signature(),
        }.get(kind, entry.sha256),
        found_sha256=found,
        detail=detail,
    )
    audit(
        "integrity.tamper_detected",
        site=entry.site,
        title=entry.url,
        kind=kind,
        expected=alarm.expected_sha256,
        found=found,
    )
    logger.error(
        "tamper alarm %s at %s: expected %s, found %s",
        kind, entry.url, alarm.expected_sha256, found,
    )  # fmt: skip
    return alarm


def _reported(entry: PublishedHash, kind: str, found: str) -> bool:
    """An alarm for this very finding is still open (or can never be restored)."""
    alarms = TamperAlarm.objects.filter(url=entry.url, kind=kind, found_sha256=found)
    if kind in (AlarmKind.CONTENT, AlarmKind.DOCUMENT):
        alarms = alarms.filter(restored=False)
    return alarms.exists()


def _restored(alarm: TamperAlarm, entry: PublishedHash, how: str) -> None:
    alarm.restored = True
    alarm.restored_at = timezone.now()
    alarm.detail = f"{alarm.detail}\n{how}".strip()
    alarm.save(update_fields=["restored", "restored_at", "detail"])
    audit("integrity.restored", site=entry.site, title=entry.url, how=how)
    logger.warning("tamper alarm at %s: restored (%s)", entry.url, how)


# --- pages -------------------------------------------------------------------


def restore_content(page, expected: dict) -> list[str]:
    """Write the recorded content back into the live row; names of what changed."""
    current = snapshot(page)
    changed = []
    for model_field in content_fields(page):
        key = model_field.attname
        if key in expected and expected[key] != current.get(key):
            setattr(page, key, from_text(model_field, expected[key]))
            changed.append(key)
    with transaction.atomic():
        if changed:
            page.save(update_fields=changed, clean=False)
        for rel in child_relations(page):
            key = "@" + rel.get_accessor_name()
            if key not in expected or expected[key] == current.get(key):
                continue
            model = rel.related_model
            getattr(page, rel.get_accessor_name()).all().delete()
            fields = {f.attname: f for f in model._meta.concrete_fields}
            for values in expected[key]:
                child = model(**{rel.field.attname: page.pk})
                for name, text in values.items():
                    setattr(child, name, from_text(fields[name], text))
                child.save()
            changed.append(key)
    return changed


def _drop_cached_copies(page) -> None:
    page_changed(page)


def check_content(entry: PublishedHash, report: Report, restore: bool) -> bool:
    """Compare the page's stored content with the snapshot; restore it if changed.
    True when the served page is to be compared in this run."""
    page = entry.page.specific
    if not entry.sha256:  # published with recording left to this run
        record_page(page, entry.site, entry.host, entry.path)
        report.rerecorded += 1
        return False
    current = snapshot_digest(snapshot(page))
    if not entry.content_sha256 or current == entry.content_sha256:
        return True
    if not restore and _reported(entry, AlarmKind.CONTENT, current):
        return False
    alarm = _raise(
        entry, AlarmKind.CONTENT, current,
        "数据库中该页面的内容与最近一次发布的内容不一致（绕过平台的修改）。",
    )  # fmt: skip
    report.alarms.append(alarm)
    if restore:
        changed = restore_content(page, entry.content)
        _drop_cached_copies(page)
        # The snapshot was taken from the published (approved) revision.
        _restored(
            alarm, entry,
            f"已按第 {entry.revision_id or '—'} 号发布版本恢复：{'、'.join(changed)}",
        )  # fmt: skip
        report.restored += 1
    # The output is compared on the next run, against the restored content.
    return False


def check_served(entry: PublishedHash, report: Report, restore: bool) -> None:
    """Render the page as a visitor and compare it with what was published."""
    served = render(entry.host, entry.path)
    report.rendered += 1
    PublishedHash.objects.filter(pk=entry.pk).update(checked_at=timezone.now())
    if served.sha256 == entry.sha256:
        return
    page = entry.page.specific
    if entry.stale or (
        entry.generation and entry.generation != cache_generation(entry.site_id)
    ):
        # A legitimate change was signalled since the recording, and the stored
        # content is verified: the new output is the published one.
        record_page(page, entry.site, entry.host, entry.path)
        report.rerecorded += 1
        return
    if _reported(entry, AlarmKind.SERVED, served.sha256):
        return  # reported already; the dashboard still shows it
    alarm = _raise(
        entry, AlarmKind.SERVED, served.sha256,
        f"页面存储内容未变，但输出与发布时不同（HTTP {served.status}）：模板、静态文件或程序可能被修改。"
        "核实后由站点管理员重新发布该页面即可确认新的输出。",
    )  # fmt: skip
    report.alarms.append(alarm)
    if restore:
        _drop_cached_copies(page)


# --- documents ---------------------------------------------------------------


def restore_file(document, sha256: str) -> bool:
    """Put the platform-kept copy back, only if the copy itself is intact."""
    copy = backup_path(sha256)
    if not copy.exists():
        return False
    body = copy.read_bytes()
    if hashlib.sha256(body).hexdigest() != sha256:
        return False
    storage = document.file.storage
    with storage.open(document.file.name, "wb") as handle:
        handle.write(body)
    return True


def check_document(entry: PublishedHash, report: Report, restore: bool) -> None:
    document = entry.document
    try:
        found, _size, _body = file_digest(document)
    except OSError:
        found = hashlib.sha256(b"").hexdigest()
    if found == entry.sha256 or (
        not restore and _reported(entry, AlarmKind.DOCUMENT, found)
    ):
        return
    alarm = _raise(
        entry, AlarmKind.DOCUMENT, found,
        f"文件“{document.title}”（{document.file.name}）与发布时不一致。",
    )  # fmt: skip
    report.alarms.append(alarm)
    if restore and restore_file(document, entry.sha256):
        _restored(alarm, entry, "已用平台保存的校验副本恢复文件。")
        report.restored += 1


def check_record(entry: PublishedHash, report: Report) -> bool:
    """False (and a red alarm, once) when the record itself was altered."""
    if entry.signature == entry.expected_signature():
        return True
    found = (entry.signature or "—")[:64]
    if not _reported(entry, AlarmKind.RECORD, found):
        report.alarms.append(
            _raise(
                entry,
                AlarmKind.RECORD,
                found[:64],
                "防篡改记录的签名不符：数据库中的哈希记录被改动，"
                "本项无法据此比对。请核查数据库访问，再由管理员运行 check_integrity --baseline。",
            )  # fmt: skip
        )
    return False


def check_integrity(
    *, restore: bool = True, render_seconds: float | None = None
) -> Report:
    """One run over everything recorded.

    Stored content, records and files are verified every run (cheap). Rendering
    costs tens of milliseconds a page, so with ``render_seconds`` the pages
    rendered least recently go first and the run stops rendering when the time
    is up; the next runs continue where it stopped.
    """
    report = Report()
    deadline = None if render_seconds is None else time.monotonic() + render_seconds
    entries = (
        PublishedHash.objects.select_related("site", "page", "document")
        .filter(kind__in=[Kind.PAGE, Kind.DOCUMENT])
        .order_by(F("checked_at").asc(nulls_first=True), "pk")
    )
    to_render = []
    # First every record, stored content and file (restoring what was changed),
    # then the served pages: a restored title is not reported again on its column.
    for entry in entries:
        report.checked += 1
        try:
            if not check_record(entry, report):
                continue
            if entry.kind == Kind.DOCUMENT:
                check_document(entry, report, restore)
            elif check_content(entry, report, restore):
                to_render.append(entry)
        except Exception:  # one broken entry must not stop the run
            logger.exception("integrity check of %s failed", entry.url)
    for entry in to_render:
        if deadline is not None and time.monotonic() >= deadline:
            break
        try:
            check_served(entry, report, restore)
        except Exception:
            logger.exception("integrity check of %s failed", entry.url)
    return report
