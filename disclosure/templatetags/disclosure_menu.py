from django import template
from wagtail.models import Site

from ..side_menu import in_section, menu

register = template.Library()


@register.inclusion_tag("disclosure/includes/side_menu.html", takes_context=True)
def disclosure_side_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return {"menu": menu(site, request.path if request else "")}


@register.filter
def in_disclosure_section(path) -> bool:
    return in_section(str(path or ""))
