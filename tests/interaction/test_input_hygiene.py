"""Smaller holes of the black-box attack (issue 14 item 7; SECURITY.md §1, §4;
R54): an impossible birth date in an ID number, invisible and direction-changing
characters and line breaks in one-line fields, an oversized anonymous upload
refused before it is read, and GPS data stripped from letter images."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from interaction.models import Letter, LetterAttachment
from sites.personal_data import validate_resident_id

from .helpers import PORTAL_HOST, WRITE_URL, upload, write_letter

pytestmark = pytest.mark.django_db
FEB_30 = "110105200002300015"  # right check digit, 30 February 2000


def test_an_id_number_born_on_30_february_is_refused(client, cluster):
    with pytest.raises(ValidationError, match="出生日期不存在"):
        validate_resident_id(FEB_30)
    response = write_letter(client, id_number=FEB_30)
    assert response.status_code == 400
    assert "出生日期不存在" in response.content.decode()
    assert not Letter.objects.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "李\u202e四", "改变文字方向"),
        ("subject", "关于入学\u2066的咨询", "改变文字方向"),
        ("subject", "关于入学\r\nX-Injected: 1", "只能填写一行"),
        ("name", "李四\n王五", "只能填写一行"),
        ("address", "幸福路\u20288号", "只能填写一行"),
    ],
)
def test_one_line_fields_refuse_overrides_and_line_breaks(
    client, cluster, field, value, message
):
    response = write_letter(client, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Letter.objects.exists()


def test_invisible_characters_are_stripped(client, cluster):
    response = write_letter(
        client, name="\ufeff李\u200b四", phone="139\u200d1234\u200c5678"
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.name == "李四" and letter.phone == "13912345678"


class CountingInput:
    """A request body of ``size`` bytes that counts what the server reads."""

    def __init__(self, size):
        self.remaining, self.read_bytes = size, 0

    def read(self, size=-1):
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        self.remaining -= size
        self.read_bytes += size
        return b"x" * size

    def readline(self, size=-1):
        return self.read(min(size if size and size > 0 else 65536, 65536))


def test_an_oversized_anonymous_upload_is_refused_unread(client, cluster):
    body = CountingInput(100 * 1024 * 1024)
    response = client.generic(
        "POST", WRITE_URL, HTTP_HOST=PORTAL_HOST,
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(body.remaining), **{"wsgi.input": body},
    )  # fmt: skip
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()
    assert body.read_bytes == 0
    assert not Letter.objects.exists()


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (40.0, 26.0, 46.0), 3: "E", 4: (111.0, 40.0, 12.0)}
    exif[0x8825] = gps  # GPSInfo
    exif[0x0112] = 6  # orientation: rotate 90°
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_gps_and_exif_are_stripped_from_letter_images(client, cluster):
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    response = write_letter(
        client, files=[upload("现场照片.jpg", original, "image/jpeg")]
    )
    assert response.status_code == 302
    stored = LetterAttachment.objects.get()
    with stored.file.open("rb") as handle:
        data = handle.read()
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()  # no GPS, no camera, no orientation tag left
    assert b"Exif" not in data and b"PhoneMaker" not in data
    assert image.size == (30, 40)  # the orientation was applied to the pixels
    assert stored.size == len(data)
