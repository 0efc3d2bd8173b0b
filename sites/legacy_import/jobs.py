"""Building a source, a mapping and an importer from the command's options
or an admin job, and running it."""

from __future__ import annotations

import io
import logging
import shutil
import tempfile
import threading
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from wagtail.models import Site

from . import mapping as mapping_module
from .fetching import FolderFetcher, HttpFetcher
from .importer import Importer, ItemError, Report
from .models import ImportJob
from .sources import LegacySite, SourceError, crawl, read_export

logger = logging.getLogger(__name__)


def read_source(
    *, url: str = "", folder: str = "", export: str = "", base_url: str = "",
    raw: bytes | None = None, name: str = "", max_pages=None, progress=None,
) -> LegacySite:  # fmt: skip
    """One of: a start URL to crawl, a folder of saved pages (with the old
    site's address ``base_url``), an export file (path or ``raw`` bytes)."""
    if url:
        if urlsplit(url).scheme not in ("http", "https"):
            raise SourceError("起始地址须以 http:// 或 https:// 开头")
        return crawl(
            HttpFetcher(url).fetch, url, max_pages=max_pages, progress=progress
        )
    if folder:
        if not base_url:
            raise SourceError(
                "导入网页目录时须给出旧站地址（如 http://www.old.gov.cn/）"
            )
        if not Path(folder).is_dir():
            raise SourceError(f"目录不存在：{folder}")
        fetcher = FolderFetcher(folder, base_url)
        return crawl(fetcher.fetch, base_url, max_pages=max_pages, progress=progress)
    if export or raw is not None:
        legacy = read_export(export, base_url=base_url, raw=raw, name=name)
        return legacy
    raise SourceError("请给出旧站起始地址、网页目录或导出文件之一")


def prepare_mapping(site: Site, legacy: LegacySite, existing: dict | None):
    """(mapping data to keep, resolved columns, old columns new to the mapping).

    Without an existing mapping the proposal (by column names) is used; an
    existing mapping is used as it is, old columns missing from it are added
    as unmapped (``null``) for the admin to fill."""
    names = [entry.name for entry in legacy.nav]
    names += sorted({i.column for i in legacy.items if i.column} - set(names))
    if existing:
        data = dict(existing)
        columns = dict(data.get("columns") or {})
        new = [n for n in names if n not in columns]
        for name in new:
            columns[name] = None
    else:
        columns = mapping_module.propose(site, names)
        new = []
        data = {}
    data["old_host"] = data.get("old_host") or legacy.host
    data["columns"] = columns
    return data, mapping_module.resolve(site, columns), new


MAX_UNPACKED_BYTES = 500 * 1024 * 1024


def unpack_zip(raw: bytes, target: Path) -> Path:
    """An export packed with its files (.zip): unpacked into ``target`` (no
    path outside it, at most 500 MB); returns the export file in it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as exc:
        raise SourceError("ZIP 文件已损坏，无法解压") from exc
    with archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise SourceError("ZIP 文件解压后超过 500 MB")
        root = target.resolve()
        for member in members:
            destination = (root / member.filename).resolve()
            if not destination.is_relative_to(root):
                raise SourceError(f"ZIP 文件中的路径不安全：{member.filename}")
        archive.extractall(root)
    exports = sorted(
        (p for p in root.rglob("*") if p.suffix.lower() in (".json", ".csv")),
        key=lambda p: (len(p.parts), p.name),
    )
    if not exports:
        raise SourceError("ZIP 文件中没有 .json 或 .csv 导出文件")
    return exports[0]


def run_job(job_id: int) -> None:
    """Run (or resume) an admin job; progress and the report go on the job."""
    job = ImportJob.objects.select_related("site").get(pk=job_id)
    unpacked = None
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, error="", done=0
    )
    try:
        kwargs = {"base_url": job.base_url}
        if job.kind == ImportJob.Kind.CRAWL:
            kwargs["url"] = job.source
        elif job.kind == ImportJob.Kind.FOLDER:
            kwargs["folder"] = job.source
        else:
            job.export_file.open("rb")
            with job.export_file:
                raw = job.export_file.read()
            if job.source.lower().endswith(".zip"):
                unpacked = Path(tempfile.mkdtemp(prefix="legacy-import-"))
                kwargs["export"] = str(unpack_zip(raw, unpacked))
            else:
                kwargs["raw"], kwargs["name"] = raw, job.source
        legacy = read_source(**kwargs)
        if job.kind == ImportJob.Kind.EXPORT and job.base_url:
            legacy.fetch = HttpFetcher(job.base_url).fetch
        data, columns, _new = prepare_mapping(job.site, legacy, job.mapping or None)
        ImportJob.objects.filter(pk=job.pk).update(
            mapping=data, total=len(legacy.items)
        )

        def progress(done, total, item):
            if done == total or done % 5 == 0:
                ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

        report = Importer(
            job.site, legacy, columns, old_host=data["old_host"], progress=progress
        ).run()
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.DONE,
            report={**report.as_dict(), "new_columns": _new},
            finished_at=timezone.now(),
        )
    except (SourceError, mapping_module.MappingError, ItemError) as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
    except Exception as exc:
        logger.exception("legacy import job %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            error=f"导入中断（{type(exc).__name__}），可重新开始，已导入的条目不会重复。",
            finished_at=timezone.now(),
        )
    finally:
        if unpacked is not None:
            shutil.rmtree(unpacked, ignore_errors=True)


def start_job(job: ImportJob) -> None:
    """Inline in tests; otherwise in a thread of this process once the job's
    row is committed (a worker may run it instead with ``--job``)."""
    if getattr(settings, "LEGACY_IMPORT_INLINE", False):
        run_job(job.pk)
        return

    def thread():
        try:
            run_job(job.pk)
        finally:
            connection.close()

    def start():
        close_old_connections()
        threading.Thread(
            target=thread, name=f"legacy-import-{job.pk}", daemon=True
        ).start()

    transaction.on_commit(start)


__all__ = ["Report", "prepare_mapping", "read_source", "run_job", "start_job"]
