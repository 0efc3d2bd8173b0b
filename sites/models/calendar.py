"""The working-day calendar (工作日历) that statutory deadlines are counted on.

Each ``CalendarYear`` is one year's State Council holiday schedule as entered by
an administrator; its ``CalendarDay`` rows are the exceptions to the plain
Monday–Friday rule: holidays that fall on weekdays (放假) and weekend days that
are working days (调休上班). See ``sites.services.workdays`` for how the
calendar is used.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class CalendarYear(ClusterableModel):
    """One year's holiday schedule (国务院办公厅关于部分节假日安排的通知)."""

    year = models.PositiveSmallIntegerField(
        "年份",
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    note = models.TextField(
        "说明/依据文件",
        blank=True,
        help_text="例如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）。",
    )
    is_complete = models.BooleanField(
        "已录入全年安排",
        default=True,
        help_text=(
            "勾选表示本年度的放假和调休上班日期已全部录入，期限计算以此为准；"
            "未勾选时已录入的日期仍然生效，但计算结果标注为“暂定”。"
        ),
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "工作日历年度"
        verbose_name_plural = "工作日历"
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"{self.year}年"


class CalendarDay(models.Model):
    """A day that departs from the Monday–Friday rule in its year."""

    year = ParentalKey(
        CalendarYear,
        verbose_name="年份",
        on_delete=models.CASCADE,
        related_name="days",
    )
    date = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField(
        "是否上班",
        default=False,
        help_text="不勾选：放假；勾选：调休上班（周末补班）。",
    )
    name = models.CharField(
        "名称", max_length=50, blank=True, help_text="例如：国庆节、春节调休。"
    )

    class Meta:
        verbose_name = "放假/调休日期"
        verbose_name_plural = "放假/调休日期"
        ordering = ("date",)

    def __str__(self) -> str:
        kind = "调休上班" if self.is_working_day else "放假"
        label = f"{self.date.year}年{self.date.month}月{self.date.day}日"
        return f"{label} {self.name}（{kind}）" if self.name else f"{label}（{kind}）"

    def clean(self) -> None:
        super().clean()
        # Inline admin forms only attach the parent when saving; skip the check
        # when there is no parent yet (the admin form attaches it beforehand).
        parent = self._parent_year()
        if parent is None or self.date is None or parent.year is None:
            return
        # A year's notice may start in the previous December (the 2019 notice
        # covered 29-31 Dec 2018), so that month is accepted too.
        in_year = self.date.year == parent.year
        previous_december = self.date.year == parent.year - 1 and self.date.month == 12
        if not (in_year or previous_december):
            raise ValidationError(
                {
                    "date": f"日期 {self.date:%Y-%m-%d} 不在 {parent.year} 年内"
                    f"（可包含 {parent.year - 1} 年12月的调休安排）。"
                }
            )

    def _parent_year(self) -> CalendarYear | None:
        try:
            return self.year
        except CalendarYear.DoesNotExist:
            return None
