from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def search_querystring(context, **changes):
    """The current search's query string with ``changes`` applied."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()
