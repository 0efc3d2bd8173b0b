"""The 500s of the black-box attack, each answered now with a 400 (or a form
error) and a Chinese message (issue 14 item 6; SECURITY.md §1: bad input gets a
clear Chinese message and changes nothing)."""

import io
import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Collection

from disclosure.approvals.tokens import create_token
from disclosure.models import ApprovalCase
from sites.models import SiteProfile
from sites.services.provisioning import SiteRole
from tests.disclosure.approvals.conftest import case_row

pytestmark = pytest.mark.django_db
HUGE = "9" * 30


def test_open_data_since_year_one_is_a_400_in_chinese(client, cluster):
    for since in ("0001-01-01", "9999-12-31", "0001-01-01T00:00:00+08:00"):
        response = client.get(
            "/open-data/disclosure.json", {"since": since},
            HTTP_HOST=cluster.portal.hostname,
        )  # fmt: skip
        assert response.status_code == 400, since
        assert "since" in response.content.decode()
        assert "日期" in json.dumps(response.json(), ensure_ascii=False)


@pytest.mark.parametrize(
    "path",
    [
        f"/hdjl/zxft/{HUGE}/live.json",
        f"/hdjl/zxft/{HUGE}/ask/",
        f"/hdjl/yjzj/{HUGE}/comment/",
        "/hdjl/zxft/9223372036854775808/live.json",
        f"/xxgk/sgs/{HUGE}/",
        f"/zwfw/bjgs/{HUGE}/",
        f"/hdjl/ldxx/query/file/{HUGE}/",
    ],
)
def test_huge_ids_in_the_path_are_a_400_in_chinese(client, cluster, path):
    for method in ("get", "post"):
        response = getattr(client, method)(path, HTTP_HOST=cluster.portal.hostname)
        assert response.status_code == 400, (method, path)
        assert "编号无效" in response.content.decode()


def test_the_admin_refuses_non_numeric_ids_in_choosers(client, cluster, site_user):
    client.force_login(site_user(cluster.edu, SiteRole.EDITOR))
    for path in ("/admin/choose-page/chosen-multiple/", "/admin/api/main/pages/find/"):
        for value in ("0001-01-01", HUGE):
            response = client.get(path, {"id": value})
            assert response.status_code == 400, (path, value)
            assert "参数 id" in response.content.decode()


@pytest.fixture
def token(cluster):
    return create_token(cluster.edu, "审批系统")[1]


def _api(client, cluster, token, body):
    code = SiteProfile.objects.get(site=cluster.edu).code
    return client.post(
        f"/api/approvals/v1/{code}/cases/", body, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST=cluster.edu.hostname,
    )  # fmt: skip


def test_the_approvals_api_answers_nested_json_with_a_400(client, cluster, token):
    response = _api(client, cluster, token, "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400
    assert response.json()["error"] == "请求体的 JSON 嵌套层数过多。"
    nested = {"items": [case_row(item_name={"a": [[[{}]]]})]}
    response = _api(client, cluster, token, json.dumps(nested))
    assert response.status_code == 422
    assert "嵌套" in response.json()["errors"][0]["message"]
    assert not ApprovalCase.objects.exists()


def test_the_approvals_api_refuses_year_one_with_a_row_error(client, cluster, token):
    for moment in ("0001-01-01 00:00", "9999-12-31 23:59"):
        response = _api(client, cluster, token,
                        json.dumps({"items": [case_row(accepted_at=moment)]}))  # fmt: skip
        assert response.status_code == 422, moment
        assert "1900年至2100年" in json.dumps(response.json(), ensure_ascii=False)
    assert not ApprovalCase.objects.exists()


def _truncated_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buffer, format="JPEG")
    data = buffer.getvalue()
    return data[: len(data) // 3]


def test_a_truncated_image_upload_is_a_form_error(client, cluster, site_user):
    client.force_login(site_user(cluster.edu, SiteRole.EDITOR))
    collection = Collection.objects.get(name=cluster.edu.site_name)
    response = client.post(reverse("wagtailimages:add"), {
        "title": "残缺图片", "collection": collection.pk,
        "file": SimpleUploadedFile("broken.jpg", _truncated_jpeg(), "image/jpeg"),
    })  # fmt: skip
    assert response.status_code == 200
    assert "图片文件已损坏或不完整" in response.content.decode()
    assert not get_image_model().objects.filter(title="残缺图片").exists()


def test_extreme_search_dates_log_no_traceback(client, cluster, caplog):
    with caplog.at_level(logging.WARNING):
        for value in ("0001-01-01", "9999-12-31"):
            response = client.get(
                "/search/", {"q": "通知", "from": value, "to": value},
                HTTP_HOST=cluster.portal.hostname,
            )  # fmt: skip
            assert response.status_code == 200
    assert not [r for r in caplog.records if r.exc_info]


def test_a_nul_character_in_the_query_string_is_a_400(client, cluster):
    """PostgreSQL refuses NUL in text: it was a 500 there (/hdjl/ldxx/?q=%00)."""
    for path in ("/hdjl/ldxx/?category=a%00b", "/search/?q=%00", "/xxgk/gkml/?q=%00"):
        response = client.get(path, HTTP_HOST=cluster.portal.hostname)
        assert response.status_code == 400, path
        assert "空字符" in response.content.decode()
