"""Per-department API tokens: shown once at creation, stored as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from ..models import ImportToken

TOKEN_BYTES = 32
PREFIX_LENGTH = 8


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(site, label: str, user=None) -> tuple[ImportToken, str]:
    """A new token for ``site``; the clear value is returned once and never stored."""
    raw = "apv_" + secrets.token_urlsafe(TOKEN_BYTES)
    token = ImportToken.objects.create(
        site=site,
        label=label,
        prefix=raw[: 4 + PREFIX_LENGTH],
        token_hash=_hash(raw),
        created_by=user if getattr(user, "pk", None) else None,
    )
    return token, raw


def find_token(raw: str) -> ImportToken | None:
    """The active token with this clear value (constant-time digest lookup)."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ImportToken.objects.select_related("site")
        .filter(token_hash=_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is not None and not secrets.compare_digest(token.token_hash, _hash(raw)):
        return None  # pragma: no cover - the lookup already matched the digest
    return token


def revoke(token: ImportToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
