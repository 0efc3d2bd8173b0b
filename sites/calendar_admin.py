"""Wagtail admin for the working-day calendar (工作日历).

Importing this module registers the ``CalendarYear`` snippet; it is imported
from ``sites/wagtail_hooks.py``.
"""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models.calendar import CalendarYear


class CalendarYearForm(WagtailAdminModelForm):
    """Attaches the year to its inline days before they are validated.

    Inline child forms only receive their parent on save, so without this
    ``CalendarDay.clean()`` could not check that each date lies in the year.
    """

    def _post_clean(self) -> None:
        super()._post_clean()
        days = self.formsets.get("days")
        if days is not None:
            for form in days.forms:
                form.instance.year = self.instance


class CalendarYearViewSet(SnippetViewSet):
    model = CalendarYear
    icon = "date"
    menu_label = "工作日历"
    menu_name = "working-day-calendar"
    add_to_admin_menu = True
    list_display = ("year", "is_complete", "note")
    list_filter = ("is_complete",)
    ordering = ("-year",)
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("year"), FieldPanel("is_complete")]),
            FieldPanel("note"),
            InlinePanel(
                "days",
                heading="放假/调休日期",
                label="日期",
                help_text=(
                    "只需录入与“周一至周五上班、周六周日休息”不同的日期："
                    "工作日放假的日期（不勾选“是否上班”）和周末调休上班的日期"
                    "（勾选“是否上班”）。"
                ),
            ),
        ],
        base_form_class=CalendarYearForm,
    )


register_snippet(CalendarYearViewSet)
