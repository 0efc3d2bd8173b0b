"""Import a read legacy site into an existing standard site.

Each source item is imported in its own transaction and keyed on its old URL
(or export id) in ``ImportItem``: a re-run compares a fingerprint and changes
nothing that did not change; an interrupted run resumes from the records; a
bad item is rolled back whole and listed in the report.

Dates (the honest-dates rule, sites/services/dates.py): an article keeps its
old site's date as 发布日期 and as its first publication, marked
``DateSource.IMPORTED`` (历史导入), published by a revision without a user so
that the platform does not replace the date by today's.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from sites.models import ArticleAttachment, ArticlePage, ColumnPage, DateSource

from . import redirects
from .cleaning import Resolver, clean_body
from .fetching import FetchError, same_site
from .models import ImportedAsset, ImportItem
from .sources import LegacySite, SourceItem, _page_like

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp"}


class ItemError(Exception):
    """This item cannot be imported (the reason goes into the report)."""


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unmapped: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    redirects: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "unmapped": self.unmapped,
            "failed": self.failed,
            "redirects": self.redirects,
            "seconds": round(self.seconds, 2),
        }


def canonical(url: str) -> str:
    return urldefrag(url)[0]


def site_collection(site: Site) -> Collection:
    collection = Collection.objects.filter(name=site.site_name, depth=2).first()
    if collection is None:
        raise ItemError(f"找不到网站“{site.site_name}”的素材集合")
    return collection


class Importer:
    def __init__(
        self,
        site: Site,
        legacy: LegacySite,
        columns: dict[str, ColumnPage | None],
        *,
        old_host: str = "",
        allow_missing_files: bool = False,
        progress: Callable[[int, int, SourceItem], None] | None = None,
    ):
        self.site = site
        self.legacy = legacy
        self.columns = columns
        self.old_host = old_host or legacy.host
        self.allow_missing_files = allow_missing_files
        self.progress = progress
        self.report = Report()
        self.collection = site_collection(site)
        self.internal = {canonical(i.old_url) for i in legacy.items if i.old_url}
        self.page_by_url: dict[str, int] = {}
        for old_url, page_id in ImportItem.objects.filter(
            site=site, status=ImportItem.Status.IMPORTED, page__isnull=False
        ).values_list("old_url", "page_id"):
            if old_url:
                self.page_by_url[canonical(old_url)] = page_id
        doc_ext = {f".{e}" for e in settings.WAGTAILDOCS_EXTENSIONS}
        self.document_extensions = doc_ext

    # --- the run -----------------------------------------------------------
    def run(self) -> Report:
        started = timezone.now()
        if self.old_host:
            redirects.keep_host(self.site, self.old_host)
        items = sorted(
            self.legacy.items,
            key=lambda i: (i.date or timezone.now(), i.key),
        )
        for url, reason in self.legacy.failures:
            self.report.failed.append({"url": url, "title": "", "reason": reason})
        relink = []
        for number, item in enumerate(items, start=1):
            if self._one(item) == "relink":
                relink.append(item)
            if self.progress:
                self.progress(number, len(items), item)
        # Links to articles imported after the article that links to them.
        for item in relink:
            self._one(item, second_pass=True)
        self._keep_other_urls()
        self.report.seconds = (timezone.now() - started).total_seconds()
        return self.report

    def _one(self, item: SourceItem, second_pass: bool = False) -> str:
        label = item.old_url or item.key
        column = self.columns.get(item.column)
        if item.error:
            return self._record_failure(item, item.error)
        if column is None:
            reason = (
                f"原栏目“{item.column}”未映射到标准栏目"
                if item.column
                else "不在任何原栏目的列表中"
            )
            self._record(item, ImportItem.Status.UNMAPPED, reason)
            self.report.unmapped.append(
                {"url": label, "title": item.title, "column": item.column}
            )
            return "unmapped"
        try:
            with transaction.atomic():
                outcome, unresolved = self._import(item, column)
        except (ItemError, FetchError, ValidationError, DatabaseError, OSError) as exc:
            message = (
                "; ".join(exc.messages)
                if isinstance(exc, ValidationError)
                else str(exc)
            )
            return self._record_failure(item, message)
        if not second_pass:
            getattr(self.report, outcome).append(label)
        elif outcome != "unchanged" and label not in self.report.created:
            # Relinked: an article that was unchanged until its links resolved.
            if label in self.report.unchanged:
                self.report.unchanged.remove(label)
            if label not in self.report.updated:
                self.report.updated.append(label)
        return "relink" if unresolved and not second_pass else outcome

    def _record(self, item: SourceItem, status: str, error: str = "") -> None:
        ImportItem.objects.update_or_create(
            site=self.site,
            source_key=item.key[:500],
            defaults={
                "old_url": item.old_url[:1000],
                "title": item.title[:255],
                "old_column": item.column[:255],
                "status": status,
                "error": error,
                "updated_at": timezone.now(),
            },
        )

    def _record_failure(self, item: SourceItem, reason: str) -> str:
        existing = ImportItem.objects.filter(site=self.site, source_key=item.key[:500])
        if existing.filter(
            status=ImportItem.Status.IMPORTED, page__isnull=False
        ).exists():
            # Imported on an earlier run: the page stays; the report says why
            # it was not updated now.
            existing.update(error=reason, updated_at=timezone.now())
        else:
            self._record(item, ImportItem.Status.FAILED, reason)
        self.report.failed.append(
            {"url": item.old_url or item.key, "title": item.title, "reason": reason}
        )
        return "failed"

    # --- one item ----------------------------------------------------------
    def _resolver(self) -> Resolver:
        return Resolver(
            page_for=lambda url: self.page_by_url.get(canonical(url)),
            document_for=self._document,
            image_for=self._image,
            is_file=self._is_file,
            is_internal=lambda url: canonical(url) in self.internal,
        )

    def _is_file(self, url: str) -> bool:
        if url.startswith("mailto:"):
            return False
        suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
        if urlsplit(url).scheme in ("http", "https") and self.legacy.start_url:
            return same_site(url, self.legacy.start_url) and not _page_like(url)
        return suffix in self.document_extensions

    def _import(self, item: SourceItem, column: ColumnPage):
        body = clean_body(item.body_html, item.base_url, self._resolver())
        documents = list(body.documents)
        for attachment in item.attachments:  # listed by an export
            url = attachment.url
            if item.base_url and urlsplit(url).scheme in ("http", "https", ""):
                url = urljoin(item.base_url, url) if url.startswith("/") else url
            document = self._document(url, attachment.title)
            if document is not None and document not in documents:
                documents.append(document)
        date = item.date
        fingerprint = hashlib.sha256(
            json.dumps(
                {
                    "title": item.title,
                    "date": date.isoformat(),
                    "column": column.pk,
                    "body": body.blocks,
                    "documents": [d.pk for d in documents],
                    "source": item.source,
                },
                ensure_ascii=False,
                sort_keys=True,
            ).encode()
        ).hexdigest()
        record = (
            ImportItem.objects.select_for_update()
            .filter(site=self.site, source_key=item.key[:500])
            .first()
        )
        page = None
        if record is not None and record.page_id:
            page = ArticlePage.objects.filter(pk=record.page_id).first()
        if page is not None and record.fingerprint == fingerprint:
            if record.status != ImportItem.Status.IMPORTED or record.error:
                record.status, record.error = ImportItem.Status.IMPORTED, ""
                record.save(update_fields=["status", "error"])
            self._keep_url(item, page)
            return "unchanged", body.unresolved_links
        outcome = "updated" if page is not None else "created"
        if page is None:
            page = ArticlePage(
                title=item.title[:255],
                slug=self._slug(item, column),
                live=False,
            )
            page.publish_date = date
            page.first_published_at = date
            page.date_source = DateSource.IMPORTED
            page.body = body.blocks
            page.source = item.source[:100]
            column.add_child(instance=page)
        elif page.get_parent().pk != column.pk:
            page.move(column, pos="last-child")
            page = ArticlePage.objects.get(pk=page.pk)
        page.title = page.draft_title = item.title[:255]
        page.publish_date = date
        page.date_source = DateSource.IMPORTED
        if page.first_published_at is None or page.first_published_at > date:
            page.first_published_at = date
        page.body = body.blocks
        page.source = item.source[:100]
        page.attachments = [
            ArticleAttachment(document=d, title=d.title, sort_order=n)
            for n, d in enumerate(documents)
        ]
        page.full_clean()
        revision = page.save_revision(user=None, log_action=True)
        revision.publish(user=None)
        ImportItem.objects.update_or_create(
            site=self.site,
            source_key=item.key[:500],
            defaults={
                "old_url": item.old_url[:1000],
                "title": item.title[:255],
                "old_column": item.column[:255],
                "page": page,
                "status": ImportItem.Status.IMPORTED,
                "fingerprint": fingerprint,
                "error": "",
                "updated_at": timezone.now(),
            },
        )
        if item.old_url:
            self.page_by_url[canonical(item.old_url)] = page.pk
        self._keep_url(item, page)
        return outcome, body.unresolved_links

    def _keep_url(self, item: SourceItem, page: Page) -> None:
        if item.old_url and redirects.keep_url(self.site, item.old_url, page):
            self.report.redirects += 1

    def _slug(self, item: SourceItem, column: ColumnPage) -> str:
        """The platform's article address, t<date>_<token>, the token taken from
        the old URL so that a deleted and re-imported article gets it back."""
        day = timezone.localtime(item.date)
        token = hashlib.sha1(item.key.encode(), usedforsecurity=False).hexdigest()[:6]
        slug, number = f"t{day:%Y%m%d}_{token}", 1
        while not Page._slug_is_available(slug, column):
            number += 1
            slug = f"t{day:%Y%m%d}_{token}-{number}"
        return slug

    def _keep_other_urls(self) -> None:
        home = self.site.root_page
        for url, column_name in self.legacy.other_urls.items():
            target = self.columns.get(column_name) if column_name else None
            page = target or home
            if redirects.keep_url(self.site, url, page):
                self.report.redirects += 1

    # --- files -------------------------------------------------------------
    def _read(self, url: str) -> tuple[bytes, str]:
        parts = urlsplit(url)
        name = PurePosixPath(unquote(parts.path)).name
        if parts.scheme in ("http", "https") and self.legacy.fetch is not None:
            return self.legacy.fetch(url).content, name
        root = self.legacy.files_root
        if root is None:
            raise FetchError(f"无法读取：{url}")
        if parts.scheme in ("http", "https"):
            # An export's files saved beside it under the old site's paths.
            if not (self.legacy.start_url and same_site(url, self.legacy.start_url)):
                raise FetchError(f"不在旧站域名内：{url}")
            relative = unquote(parts.path).lstrip("/")
        elif parts.scheme:
            raise FetchError(f"无法读取：{url}")
        else:
            relative = unquote(url)
        path = (root / relative).resolve()
        if not path.is_relative_to(root.resolve()) or not path.is_file():
            raise FetchError(f"附件不存在：{url}")
        max_bytes = int(getattr(settings, "LEGACY_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
        if path.stat().st_size > max_bytes:
            raise FetchError(f"附件超过 {max_bytes // 1024} KB 上限：{url}")
        return path.read_bytes(), path.name

    def _asset(self, url: str):
        return (
            ImportedAsset.objects.filter(site=self.site, source_url=url[:1000])
            .select_related("image", "document")
            .first()
        )

    def _download(self, url: str, what: str):
        """(content, name) of a file the old site links to; None when it cannot
        be read and missing files are allowed, else the item fails."""
        try:
            return self._read(url)
        except FetchError as exc:
            if self.allow_missing_files:
                return None
            raise ItemError(f"{what}无法下载（{url}）：{exc}") from exc

    def _document(self, url: str, title: str):
        asset = self._asset(url)
        if asset is not None and asset.document is not None:
            return asset.document
        downloaded = self._download(url, "附件")
        if downloaded is None:
            return None
        content, name = downloaded
        suffix = Path(name).suffix.lower()
        if suffix not in self.document_extensions:
            raise ItemError(
                f"附件类型 {suffix or '（无）'} 不在允许的文件类型内：{url}"
            )
        document = get_document_model()(
            title=(title or Path(name).stem)[:255], collection=self.collection
        )
        document.file.save(name, ContentFile(content), save=False)
        document.file_size = len(content)
        document.save()
        ImportedAsset.objects.create(
            site=self.site, source_url=url[:1000], document=document
        )
        return document

    def _image(self, url: str, alt: str):
        asset = self._asset(url)
        if asset is not None and asset.image is not None:
            return asset.image
        downloaded = self._download(url, "图片")
        if downloaded is None:
            return None
        content, name = downloaded
        from PIL import Image as PILImage

        try:
            with PILImage.open(io.BytesIO(content)) as probe:
                probe.verify()
                kind = (probe.format or "png").lower()
                width, height = probe.size
        except Exception as exc:
            raise ItemError(f"图片无法识别（{url}）") from exc
        if Path(name).suffix.lower() not in IMAGE_EXTENSIONS:
            name = f"{Path(name).stem or 'image'}.{kind}"
        image = get_image_model()(
            title=(alt or Path(name).stem)[:255],
            collection=self.collection,
            file=ImageFile(io.BytesIO(content), name=name),
            width=width,
            height=height,
            file_size=len(content),
        )
        image.save()
        ImportedAsset.objects.create(site=self.site, source_url=url[:1000], image=image)
        return image
