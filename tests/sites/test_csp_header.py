"""The Content-Security-Policy header (sites/csp.py): byte for byte what
django-csp's own middleware sends, built at most once per response and, when
it comes from the settings alone, once per process (issue 15: building it twice
for every response was the largest part of a page-cache hit)."""

from dataclasses import asdict

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.decorators import csp_update
from csp.exceptions import CSPNonceError
from csp.utils import build_policy
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from sites import csp as cluster_csp
from sites.csp import ClusterCSPMiddleware
from tests.conftest import add_article, column

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch):
    """The calls of django-csp's build_policy made by sites/csp.py."""
    calls = []

    def counting(*args, **kwargs):
        calls.append(kwargs.get("report_only", False))
        return build_policy(*args, **kwargs)

    monkeypatch.setattr(cluster_csp, "build_policy", counting)
    cluster_csp._CONSTANT.clear()
    return calls


def django_csp_header(request, response, report_only=False) -> str:
    """What django-csp 4's CSPMiddleware builds, with our admin allowances."""
    parts = ClusterCSPMiddleware(lambda r: response).get_policy_parts(
        request, response, report_only
    )
    return build_policy(**asdict(parts), report_only=report_only)


def test_public_pages_and_the_admin_get_django_csps_header_built_once(
    client, cluster, settings, builds
):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    article = add_article(column(cluster.edu, "gzdt"), "策略头测试文章")
    path = article.url_path[len(cluster.edu.root_page.url_path) - 1 :]
    factory = RequestFactory()
    expected_public = django_csp_header(factory.get("/"), HttpResponse())

    first = client.get(path, HTTP_HOST=cluster.edu.hostname)
    assert first["X-Page-Cache"] == "miss"
    assert first[HEADER] == expected_public
    assert HEADER_REPORT_ONLY not in first
    # The first response of the process builds each kind once (the report-only
    # one is empty: no CONTENT_SECURITY_POLICY_REPORT_ONLY).
    assert sorted(builds) == [False, True]

    builds.clear()
    hit = client.get(path, HTTP_HOST=cluster.edu.hostname)
    home = client.get("/", HTTP_HOST=cluster.portal.hostname)
    missing = client.get("/no-such-page/", HTTP_HOST=cluster.edu.hostname)
    assert hit["X-Page-Cache"] == "hit"
    assert hit[HEADER] == home[HEADER] == missing[HEADER] == expected_public
    assert builds == []  # constant: not built again

    admin = client.get("/admin/")
    admin_request = factory.get("/admin/")
    assert admin[HEADER] == django_csp_header(admin_request, HttpResponse())
    assert admin[HEADER] != expected_public
    assert builds == [False]  # the admin's own, once
    builds.clear()
    assert client.get("/admin/")[HEADER] == admin[HEADER]
    assert builds == []


def test_a_response_with_its_own_policy_or_a_nonce_is_built_each_time(builds):
    factory = RequestFactory()

    @csp_update({"img-src": ["https://tiles.example.gov.cn"]})
    def own_policy(request):
        return HttpResponse("地图")

    def with_nonce(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    middleware = ClusterCSPMiddleware(own_policy)
    response = middleware(factory.get("/map/"))
    assert "https://tiles.example.gov.cn" in response[HEADER]
    assert response[HEADER] == django_csp_header(factory.get("/map/"), response)

    nonces = []
    for _ in range(2):
        request = factory.get("/")
        response = ClusterCSPMiddleware(with_nonce)(request)
        nonces.append(request._csp_nonce)
        assert f"'nonce-{request._csp_nonce}'" in response[HEADER]
        assert response[HEADER] == django_csp_header(request, response)
    assert nonces[0] != nonces[1]


def test_the_nonce_cannot_be_read_after_the_header_is_written():
    request = RequestFactory().get("/")
    ClusterCSPMiddleware(lambda r: HttpResponse("x"))(request)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_a_header_already_set_is_kept_and_nothing_is_built(builds):
    def answered(request):
        response = HttpResponse("x")
        response[HEADER] = "default-src 'none'"
        response[HEADER_REPORT_ONLY] = "default-src 'none'"
        return response

    response = ClusterCSPMiddleware(answered)(RequestFactory().get("/"))
    assert response[HEADER] == "default-src 'none'"
    assert builds == []


def test_a_change_of_settings_is_followed(builds, settings):
    request = RequestFactory().get("/")
    before = ClusterCSPMiddleware(lambda r: HttpResponse("x"))(request)[HEADER]
    policy = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]},
    }
    policy["DIRECTIVES"]["img-src"] = ["'self'", "https://img.example.gov.cn"]
    settings.CONTENT_SECURITY_POLICY = policy
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": ["'self'"]},
        "EXCLUDE_URL_PREFIXES": ["/skip/"],
    }
    response = ClusterCSPMiddleware(lambda r: HttpResponse("x"))(
        RequestFactory().get("/")
    )
    assert response[HEADER] != before
    assert "https://img.example.gov.cn" in response[HEADER]
    assert response[HEADER_REPORT_ONLY] == "default-src 'self'"
    skipped = ClusterCSPMiddleware(lambda r: HttpResponse("x"))(
        RequestFactory().get("/skip/")
    )
    assert HEADER_REPORT_ONLY not in skipped and HEADER in skipped
