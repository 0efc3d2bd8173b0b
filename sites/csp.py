"""Content-Security-Policy for the cluster (django-csp 4; issue 14).

Public pages get ``CONTENT_SECURITY_POLICY`` as set: scripts from our static
files only, or inline with the request's nonce. The Wagtail admin still renders
inline scripts (date pickers, inline panels) and frames its own previews, so
under ``/admin/`` the directives of ``CONTENT_SECURITY_POLICY_ADMIN`` replace
the public ones; a browser ignores 'unsafe-inline' once a nonce is listed, so
the admin's script-src has none.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ClusterCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", {})
            parts.replace = {**admin, **(parts.replace or {})}
        return parts
