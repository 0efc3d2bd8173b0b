"""The admin's image form: an image must decode completely (issue 14 item 6).

Wagtail reads only the header to learn the size, so a truncated file with valid
header bytes was stored, and the first thumbnail then failed with a 500. Here
the whole image is decoded once at upload and a broken one gets a form error.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError
from wagtail.images.forms import BaseImageForm

BROKEN = "图片文件已损坏或不完整，无法读取，请重新导出后上传。"


def check_decodes(upload) -> None:
    """Raise ValidationError unless ``upload`` decodes to the last pixel."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError,
            Image.DecompressionBombError) as exc:  # fmt: skip
        raise ValidationError(BROKEN) from exc
    finally:
        upload.seek(0)


_DECODABLE = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff")


class ClusterImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            # Before Wagtail's own checks, which read the size through Willow
            # and raise (not a form error) on a truncated file.
            original = field.to_python

            def to_python(data):
                if data and getattr(data, "name", "").lower().endswith(_DECODABLE):
                    check_decodes(data)
                return original(data)

            field.to_python = to_python
