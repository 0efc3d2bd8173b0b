"""Checks of citizens' attachments: the content decides, never the file name.

Only JPEG, PNG and PDF are taken. The first bytes must say the same type as the
extension (an executable renamed to .jpg is refused), the size is capped, and
images are opened by Pillow with a pixel limit *before* decoding (a
decompression bomb is refused without being expanded) and verified.
"""

from __future__ import annotations

import io
import os
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from sites.uploads import FileKind, check_kind, upload_name

PDF = FileKind(frozenset({".pdf"}), "application/pdf", (b"%PDF-",), "PDF文件")
ALLOWED = (
    FileKind(frozenset({".jpg", ".jpeg"}), "image/jpeg", (b"\xff\xd8\xff",), "图片"),
    FileKind(frozenset({".png"}), "image/png", (b"\x89PNG\r\n\x1a\n",), "图片"),
    PDF,
)
ACCEPT = ".jpg,.jpeg,.png,.pdf"


def _limit(name, default):
    return getattr(settings, name, default)


def check_attachment(upload) -> str:
    """The content type of an acceptable upload; ValidationError in Chinese otherwise."""
    kind = check_kind(
        upload,
        ALLOWED,
        max_size=_limit("INTERACTION_MAX_ATTACHMENT_SIZE", 5 * 1024 * 1024),
        shrink="压缩",
        accepted="JPG、PNG 图片和 PDF 文件",
    )
    if kind is not PDF:
        _check_image(upload, upload_name(upload))
    upload.seek(0)
    return kind.content_type


def _check_image(upload, name: str) -> None:
    max_pixels = _limit("INTERACTION_MAX_IMAGE_PIXELS", 40_000_000)
    bomb = ValidationError(
        f"附件“{name}”的图片尺寸过大（可能是恶意构造的图片），未予接收。"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise bomb
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except Exception:
        raise ValidationError(f"附件“{name}”不是完整有效的图片，未予接收。") from None
    finally:
        upload.seek(0)


def without_metadata(upload, content_type: str):
    """An image attachment re-encoded without EXIF, XMP or text chunks (GPS
    position, camera serial, author); the EXIF orientation is applied to the
    pixels first so the picture still stands upright. PDFs pass unchanged."""
    formats = {"image/jpeg": "JPEG", "image/png": "PNG"}
    if content_type not in formats:
        return upload
    upload.seek(0)
    with Image.open(upload) as image:
        image.load()
        upright = ImageOps.exif_transpose(image)
        if formats[content_type] == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        buffer = io.BytesIO()
        # A new image object carries no info dict: nothing but pixels is written.
        clean = Image.new(upright.mode, upright.size)
        clean.paste(upright)
        if upright.mode == "P":
            clean.putpalette(upright.getpalette())
        options = {"quality": 92} if formats[content_type] == "JPEG" else {}
        clean.save(buffer, format=formats[content_type], **options)
    upload.seek(0)
    return ContentFile(buffer.getvalue(), name=os.path.basename(upload.name or "image"))
