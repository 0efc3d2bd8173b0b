"""Form widgets shared by the cluster's forms."""

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be ISO (``2026-12-07``): the
    browser shows an empty field for anything else, and the Chinese locale's
    default rendering is ``2026/12/07`` (issue #17)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
