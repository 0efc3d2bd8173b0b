"""Wagtail's front-end URLs (``wagtail.urls``), with pages routed by sites.routing.

Same patterns and names as Wagtail's, so ``reverse("wagtail_serve")``, page URLs
and the page cache (which looks for the ``wagtail_serve`` view) are unchanged.
"""

from django.urls import re_path
from wagtail import urls as wagtail_urls

from .routing import serve

urlpatterns = [
    re_path(pattern.pattern.regex.pattern, serve, name=pattern.name)
    if pattern.name == "wagtail_serve"
    else pattern
    for pattern in wagtail_urls.urlpatterns
]
