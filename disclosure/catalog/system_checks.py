"""Start-up checks of the disclosure settings."""

from django.core.checks import Error, register

from disclosure.catalog.index_format import configured_format, problems


@register()
def index_format_check(app_configs=None, **kwargs):
    """A bad DISCLOSURE_INDEX_FORMAT would silently produce duplicate 索引号 (R26)."""
    return [
        Error(
            message,
            hint="例如 / e.g. DISCLOSURE_INDEX_FORMAT = '{agency}/{yyyy}-{seq:05d}'",
            obj="DISCLOSURE_INDEX_FORMAT",
            id="disclosure.E001",
        )
        for message in problems(configured_format())
    ]
