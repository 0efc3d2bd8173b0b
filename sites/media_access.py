"""Which documents and images a form may reference.

Wagtail's choosers only *list* what a user may choose, but a forged form can
submit any id. A department's page or profile must never embed another site's
private file, so every form that stores a document or image reference checks
the submitted ids against the user's "choose" permission on collections.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

_DOCUMENT_LINK_RE = re.compile(r'linktype="document"[^>]*?\sid="(\d+)"')
_IMAGE_EMBED_RE = re.compile(r'embedtype="image"[^>]*?\sid="(\d+)"')

REFUSAL = "不能使用其他网站的文件或图片：{titles}"


def collect_media(value, documents: set[int], images: set[int]) -> None:
    """Walk a StreamField value (or any nested block value) for file references."""
    Document, Image = get_document_model(), get_image_model()
    if value is None:
        return
    if isinstance(value, Document):
        documents.add(value.pk)
    elif isinstance(value, Image):
        images.add(value.pk)
    elif isinstance(value, RichText):
        documents.update(int(i) for i in _DOCUMENT_LINK_RE.findall(value.source))
        images.update(int(i) for i in _IMAGE_EMBED_RE.findall(value.source))
    elif isinstance(value, dict) or hasattr(value, "items"):
        for item in value.values():
            collect_media(item, documents, images)
    elif isinstance(value, str | bytes | int | float):
        return
    elif hasattr(value, "value") and hasattr(value, "block"):  # a StreamChild
        collect_media(value.value, documents, images)
    elif isinstance(value, Iterable):
        for item in value:
            collect_media(item, documents, images)


def forbidden_media(user, documents: set[int], images: set[int]) -> list[str]:
    """Titles of the referenced files ``user`` may not choose (empty when all fine)."""
    from wagtail.permissions import policy_registry

    document_policy = policy_registry.get_by_type(get_document_model())
    image_policy = policy_registry.get_by_type(get_image_model())

    titles = []
    for policy, ids, label in (
        (document_policy, documents, "文件"),
        (image_policy, images, "图片"),
    ):
        if not ids:
            continue
        allowed = set(
            policy.instances_user_has_any_permission_for(user, ["choose"])
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        titles += [f"{label}#{pk}" for pk in sorted(ids - allowed)]
    return titles
