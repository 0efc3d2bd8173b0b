from django import template

from ...compliance.views import visible_site_ids
from ..views import visible_alarms

register = template.Library()


@register.simple_tag(takes_context=True)
def tamper_alarms(context, limit=10):
    """Recent tamper alarms the viewer may see, unrestored first (the dashboard's red box)."""
    request = context["request"]
    alarms = list(visible_alarms(visible_site_ids(request.user))[:200])
    alarms.sort(key=lambda a: (a.restored, -a.detected_at.timestamp()))
    return alarms[:limit]
