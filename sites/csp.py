"""Content-Security-Policy for the cluster (django-csp 4; issue 14).

Public pages get ``CONTENT_SECURITY_POLICY`` as set: scripts from our static
files only, or inline with the request's nonce. The Wagtail admin still renders
inline scripts (date pickers, inline panels) and frames its own previews, so
under ``/admin/`` the directives of ``CONTENT_SECURITY_POLICY_ADMIN`` replace
the public ones; a browser ignores 'unsafe-inline' once a nonce is listed, so
the admin's script-src has none.

The header is the same for every response that sets no policy of its own
(django-csp's decorators) and whose request used no nonce: it depends on the
settings and on whether the path is the admin's, nothing else. django-csp
builds it from the settings for every response, twice (the policy and the
report-only policy), even when the response carries the header already (a
static page of the embedded profile); it was the largest part of a page-cache
hit and of a WhiteNoise file.
Here each header is built at most once per response, only when it will be set,
and the constant ones once per process (again when a setting changes).
"""

from __future__ import annotations

import http.client as http_client
from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_EXEMPT_DEBUG_CODES = (http_client.INTERNAL_SERVER_ERROR, http_client.NOT_FOUND)
# One per header kind: (setting with its EXCLUDE_URL_PREFIXES, header, the
# response attribute that exempts it, report_only).
_KINDS = (
    ("CONTENT_SECURITY_POLICY", HEADER, "_csp_exempt", False),
    ("CONTENT_SECURITY_POLICY_REPORT_ONLY", HEADER_REPORT_ONLY, "_csp_exempt_ro", True),
)

# What django-csp's decorators set on a response, by report_only.
_OWN_POLICY = {
    False: ("_csp_config", "_csp_update", "_csp_replace"),
    True: ("_csp_config_ro", "_csp_update_ro", "_csp_replace_ro"),
}
# (report_only, admin) -> the header built from the settings alone ("" for none).
_CONSTANT: dict[tuple[bool, bool], str] = {}
# Policy setting -> its EXCLUDE_URL_PREFIXES as a tuple.
_PREFIXES: dict[str, tuple[str, ...]] = {}


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _CONSTANT.clear()
    _PREFIXES.clear()


def _excluded_prefixes(setting: str) -> tuple[str, ...]:
    prefixes = _PREFIXES.get(setting)
    if prefixes is None:
        policy = getattr(settings, setting, None) or {}
        prefixes = _PREFIXES[setting] = tuple(
            policy.get("EXCLUDE_URL_PREFIXES", None) or ()
        )
    return prefixes


class ClusterCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and _is_admin(request):
            admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", {})
            parts.replace = {**admin, **(parts.replace or {})}
        return parts

    def policy(self, request, response, report_only: bool) -> str:
        """The header's value for this response ("" for none), as django-csp's
        ``build_policy`` gives it."""
        key = None
        if getattr(request, "_csp_nonce", None) is None and _from_settings(
            response, report_only
        ):
            # The admin's allowances change the policy, not the report-only one.
            key = (report_only, not report_only and _is_admin(request))
            value = _CONSTANT.get(key)
            if value is not None:
                return value
        parts = self.get_policy_parts(request, response, report_only)
        value = build_policy(**asdict(parts), report_only=report_only)
        if key is not None:
            _CONSTANT[key] = value
        return value

    def process_response(self, request, response):
        # What django-csp's process_response does, in the same order.
        if response.status_code in _EXEMPT_DEBUG_CODES and settings.DEBUG:
            return response
        for setting, header, exempt, report_only in _KINDS:
            if (
                header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(_excluded_prefixes(setting))
            ):
                value = self.policy(request, response, report_only)
                if value:
                    response[header] = value
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _is_admin(request) -> bool:
    return request.path_info.startswith("/admin/")


def _from_settings(response, report_only: bool) -> bool:
    """No policy of the response's own (django-csp's decorators set these)."""
    return all(
        getattr(response, name, None) is None for name in _OWN_POLICY[report_only]
    )
