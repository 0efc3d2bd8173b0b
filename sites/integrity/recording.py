"""Recording what the public receives (after every legitimate change)."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from ..models import Submission, SubmissionStatus
from ..page_cache import CLUSTER_KEY, SITE_KEY, sites_showing_page
from ..services.tree import public_q
from ..static_output import storage
from .models import Kind, PublishedHash
from .rendering import Served, render

logger = logging.getLogger("security")

# Page's own fields that are content (the rest is tree and publishing bookkeeping).
CORE_CONTENT_FIELDS = ("title", "slug", "seo_title", "search_description")
CHUNK = 1024 * 1024


# --- the generic API (also for other modules, e.g. static files) -------------


def record(
    host: str, path: str, body: bytes, *, kind: str = Kind.FILE, **fields
) -> PublishedHash:
    """Record ``body`` as what the public receives at ``host`` + ``path``."""
    digest = hashlib.sha256(body).hexdigest()
    entry, _ = PublishedHash.objects.update_or_create(
        host=host,
        path=path,
        defaults={
            "kind": kind,
            "sha256": digest,
            "size": len(body),
            "recorded_at": timezone.now(),
            "stale": False,
            **fields,
        },
    )
    return entry


def expected_hashes(host: str | None = None) -> dict[tuple[str, str], str]:
    """(host, path) -> sha256 of everything recorded (of one host if given)."""
    entries = PublishedHash.objects.all()
    if host is not None:
        entries = entries.filter(host=host)
    return {(e.host, e.path): e.sha256 for e in entries.only("host", "path", "sha256")}


# --- pages -------------------------------------------------------------------


def host_of(site: Site) -> str:
    return site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"


def content_fields(page) -> list[models.Field]:
    fields = []
    for field in type(page)._meta.concrete_fields:
        if field.primary_key or (field.remote_field and field.remote_field.parent_link):
            continue
        if field.model is Page and field.name not in CORE_CONTENT_FIELDS:
            continue
        fields.append(field)
    return fields


def child_relations(page):
    # Only the page type's own inline children (attachments …), not Wagtail's
    # comments, which hang off every page.
    return [
        rel
        for rel in get_all_child_relations(type(page))
        if rel.field.remote_field.model is not Page
    ]


def as_text(field, obj) -> str | None:
    value = field.value_from_object(obj)
    if value is None:
        return None
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        # The same instant reads back from the database in UTC.
        return value.astimezone(datetime.UTC).isoformat()
    return field.value_to_string(obj)


def from_text(field, text: str | None):
    if text is None:
        return None
    if isinstance(field, StreamField):
        return json.loads(text)
    return field.to_python(text)


def _child_values(child, parental_field: str) -> dict:
    return {
        field.attname: as_text(field, child)
        for field in type(child)._meta.concrete_fields
        if not field.primary_key and field.name != parental_field
    }


def snapshot(page) -> dict:
    """The page's stored content as text: its own fields and inline children."""
    data = {field.attname: as_text(field, page) for field in content_fields(page)}
    for rel in child_relations(page):
        children = getattr(page, rel.get_accessor_name()).all()
        data["@" + rel.get_accessor_name()] = [
            _child_values(child, rel.field.name) for child in children
        ]
    return data


def snapshot_digest(data: dict) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def page_address(page, sites: dict[int, Site]) -> tuple[Site, str, str] | None:
    parts = page.get_url_parts()
    if not parts or parts[2] is None or parts[0] not in sites:
        return None
    site = sites[parts[0]]
    return site, host_of(site), parts[2]


def addresses_after_publish(page) -> list[tuple[Page, Site, str, str]]:
    """The page, the columns and home above it, the columns that list it through
    信息报送, and the home pages of every site that shows it (the portal)."""
    sites = {site.pk: site for site in Site.objects.select_related("root_page")}
    pages = [page, *page.get_ancestors().filter(depth__gte=2)]
    pages += [
        s.target_column
        for s in Submission.objects.filter(
            article_id=page.pk, status=SubmissionStatus.ACCEPTED
        ).select_related("target_column")
    ]
    pages += [sites[pk].root_page for pk in sites_showing_page(page) if pk in sites]
    seen, found = set(), []
    for candidate in pages:
        if candidate.pk in seen:
            continue
        seen.add(candidate.pk)
        address = page_address(candidate, sites)
        if address:
            found.append((candidate, *address))
    return found


def cache_generation(site_pk: int | None) -> str:
    """The page cache's generations for a site ("cluster:site"); "" if unreadable."""
    from django.core.cache import cache

    try:
        found = cache.get_many([CLUSTER_KEY, SITE_KEY.format(site_pk)])
    except Exception:  # the cache is down: decide on the stale flag alone
        return ""
    return f"{found.get(CLUSTER_KEY, 0)}:{found.get(SITE_KEY.format(site_pk), 0)}"


def _page_fields(page, site: Site, served: Served) -> dict:
    data = snapshot(page)
    return {
        "kind": Kind.PAGE,
        "site": site,
        "page": page,
        "document": None,
        "sha256": served.sha256,
        "size": len(served.body),
        "recorded_at": timezone.now(),
        "revision_id": page.live_revision_id,
        "content": data,
        "content_sha256": snapshot_digest(data),
        "stale": False,
        "generation": cache_generation(site.pk),
    }


def record_page(
    page, site: Site, host: str, path: str, body: bytes | None = None
) -> PublishedHash | None:
    """Render ``page`` at its address (or take ``body``, the static writer's
    rendering of it) and record the body with a content snapshot."""
    # What the database holds now (after the commit), not an object in memory.
    page = type(page.specific).objects.get(pk=page.pk)
    if not page.live:
        PublishedHash.objects.filter(host=host, path=path).delete()
        return None
    served = (
        render(host, path, static_files=False) if body is None else Served(200, body)
    )
    if not served.shared:
        PublishedHash.objects.filter(host=host, path=path).delete()
        return None
    entry, _ = PublishedHash.objects.update_or_create(
        host=host, path=path, defaults=_page_fields(page, site, served)
    )
    return entry


def record_in_request() -> bool:
    """Record right after the publish's commit (default), or leave the rendering
    to the next ``check_integrity`` run (INTEGRITY_RECORD_ON_COMMIT=0)."""
    return bool(getattr(settings, "INTEGRITY_RECORD_ON_COMMIT", True))


def mark_pending(page, site: Site, host: str, path: str) -> None:
    """An address to record on the next check (its hashes still empty)."""
    PublishedHash.objects.update_or_create(
        host=host,
        path=path,
        defaults={"kind": Kind.PAGE, "site": site, "page": page, "sha256": "",
                  "content_sha256": "", "content": {}, "stale": True},
    )  # fmt: skip


PENDING_FIELDS = ("kind", "site", "page", "document", "sha256", "size",
                  "content_sha256", "content", "stale", "recorded_at", "signature")  # fmt: skip


def mark_pending_many(addresses) -> set[tuple[str, str]]:
    """Mark the live public ones of ``addresses`` ((page, site, host, path))
    pending, in two queries; returns their (host, path)."""
    if not addresses:
        return set()
    public = set(
        Page.objects.filter(public_q(), pk__in={a[0].pk for a in addresses})
        .live()
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    entries = []
    for page, site, host, path in addresses:
        if page.pk not in public:
            continue
        entry = PublishedHash(
            host=host, path=path, kind=Kind.PAGE, site=site, page=page,
            sha256="", content_sha256="", size=0, content={}, stale=True,
            recorded_at=now,
        )  # fmt: skip
        entry.signature = entry.expected_signature()
        entries.append(entry)
    PublishedHash.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["host", "path"],
        update_fields=PENDING_FIELDS,
    )
    return {(e.host, e.path) for e in entries}


def pending_entries(addresses) -> dict[tuple[str, str], tuple[int, datetime.datetime]]:
    """``{(host, path): (pk, marked at)}`` of the pages among ``addresses`` that
    wait for a recording; a mark whose signature does not match (written behind
    the platform's back) is not one."""
    entries = PublishedHash.objects.filter(
        kind=Kind.PAGE,
        sha256="",
        host__in={h for h, _ in addresses},
        path__in={p for _, p in addresses},
    )
    return {
        (e.host, e.path): (e.pk, e.recorded_at)
        for e in entries
        if (e.host, e.path) in addresses and e.signature == e.expected_signature()
    }


def record_pending(pk: int, marked_at, body: bytes) -> bool:
    """Record ``body`` (rendered after the mark was read) for the pending entry
    ``pk``, only if nobody marked it again or recorded it since ``marked_at``."""
    entry = (
        PublishedHash.objects.filter(pk=pk, sha256="", recorded_at=marked_at)
        .select_related("site")
        .first()
    )
    if entry is None or entry.page_id is None or entry.site is None:
        return False
    page = Page.objects.filter(pk=entry.page_id).first()
    if page is None or not page.live:
        return False
    page = page.specific
    fields = _page_fields(page, entry.site, Served(200, body))
    for name, value in fields.items():
        setattr(entry, name, value)
    fields["signature"] = entry.expected_signature()
    fields.pop("site")
    fields.pop("page")
    fields.pop("document")
    return bool(
        PublishedHash.objects.filter(pk=pk, sha256="", recorded_at=marked_at).update(
            **fields
        )
    )


def record_publication(
    page, done: set | None = None, *, handed_to_writer: bool = False
) -> list[PublishedHash]:
    """After a publish (or a legitimate change): every affected address again.
    Addresses in ``done`` (recorded earlier in the same batch) are skipped, and
    with ``handed_to_writer`` those of the static files, which the publish
    marked pending for the static writer (sites/static_output/handover.py)."""
    entries = []
    now = record_in_request()
    done = set() if done is None else done
    addresses = [a for a in addresses_after_publish(page) if a[2:] not in done]
    if handed_to_writer:
        addresses = [a for a in addresses if not storage.file_for(a[2], a[3])]
    live = set(
        Page.objects.filter(pk__in={a[0].pk for a in addresses})
        .live()
        .public()
        .values_list("pk", flat=True)
    )
    for target, site, host, path in addresses:
        done.add((host, path))
        if target.pk in live:
            if now:
                entries.append(record_page(target, site, host, path))
            else:
                mark_pending(target, site, host, path)
    for document in attached_documents(page.specific):
        entries.append(record_document(document))
    return [e for e in entries if e is not None]


def forget_page(page) -> None:
    """Unpublished, moved or deleted: its addresses are no longer published."""
    PublishedHash.objects.filter(
        page__path__startswith=page.path, kind=Kind.PAGE
    ).delete()


# --- documents ---------------------------------------------------------------


def backup_dir() -> Path:
    configured = getattr(settings, "INTEGRITY_BACKUP_DIR", None)
    return (
        Path(configured)
        if configured
        else Path(settings.MEDIA_ROOT).parent / ("integrity-backup")
    )


def backup_path(sha256: str) -> Path:
    return backup_dir() / sha256[:2] / sha256


def file_digest(document) -> tuple[str, int, bytes | None]:
    """sha256 and size of a document's file; the bytes too when small enough to keep."""
    digest, size, chunks = hashlib.sha256(), 0, []
    with document.file.storage.open(document.file.name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            chunks.append(chunk)
    return digest.hexdigest(), size, b"".join(chunks)


def keep_copy(sha256: str, body: bytes) -> None:
    """Content-addressed copy outside MEDIA_ROOT (the web server never serves it)."""
    target = backup_path(sha256)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as temp:
        temp.write(body)
    os.replace(temp.name, target)


def record_document(document) -> PublishedHash | None:
    try:
        sha256, size, body = file_digest(document)
    except OSError:
        logger.warning("integrity: document %s has no readable file", document.pk)
        return None
    keep_copy(sha256, body)
    entry, _ = PublishedHash.objects.update_or_create(
        host="",
        path=document.url,
        defaults={
            "kind": Kind.DOCUMENT,
            "site": None,
            "page": None,
            "document": document,
            "sha256": sha256,
            "size": size,
            "recorded_at": timezone.now(),
            "content": {"file": document.file.name},
            "stale": False,
        },
    )
    # A replaced file keeps its document but may change its address.
    PublishedHash.objects.filter(document=document).exclude(pk=entry.pk).delete()
    return entry


def attached_documents(page) -> list:
    documents = []
    for rel in child_relations(page):
        model = rel.related_model
        if any(f.name == "document" for f in model._meta.concrete_fields):
            for child in getattr(page, rel.get_accessor_name()).select_related(
                "document"
            ):
                documents.append(child.document)
    return documents


# --- everything at once --------------------------------------------------------


def record_everything() -> int:
    """The baseline: every live public page of every site and every document."""
    from wagtail.documents import get_document_model

    count = 0
    sites = {site.pk: site for site in Site.objects.select_related("root_page")}
    roots = [site.root_page.path for site in sites.values()]
    for page in Page.objects.live().public().filter(depth__gte=2).specific():
        if not any(page.path.startswith(root) for root in roots):
            continue
        address = page_address(page, sites)
        if address and record_page(page, *address):
            count += 1
    for document in get_document_model().objects.all():
        if record_document(document):
            count += 1
    return count
