"""Search vocabulary (editable by the cluster admin), the index update queue and
query analytics. None of these models holds personal data."""

from django.db import models
from wagtail.models import Site

from sites.log_masking import looks_personal


class SearchTerm(models.Model):
    """A word jieba must keep whole: agency names, policy terms (自定义词典)."""

    word = models.CharField("词语", max_length=40, unique=True)
    note = models.CharField("说明", max_length=100, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "检索词典词语"
        verbose_name_plural = "检索词典"
        ordering = ["word"]

    def __str__(self):
        return self.word


class Synonym(models.Model):
    """Two words a query treats as one (社保 ↔ 社会保险), in both directions."""

    term = models.CharField("词语", max_length=40)
    synonym = models.CharField("同义词", max_length=40)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "同义词"
        verbose_name_plural = "同义词"
        ordering = ["term", "synonym"]
        constraints = [
            models.UniqueConstraint(fields=["term", "synonym"], name="one_synonym_pair")
        ]

    def __str__(self):
        return f"{self.term} ↔ {self.synonym}"

    def clean(self):
        from django.core.exceptions import ValidationError

        self.term, self.synonym = self.term.strip(), self.synonym.strip()
        if self.term and self.term == self.synonym:
            raise ValidationError({"synonym": "同义词不能与词语相同。"})


class IndexAction(models.TextChoices):
    UPDATE = "update", "更新"
    DELETE = "delete", "删除"


class IndexTask(models.Model):
    """A pending index update or delete, stored in the same transaction as the
    content change; the single writer (search.queue) works the queue off."""

    model = models.CharField("模型", max_length=100)
    object_pk = models.CharField("对象编号", max_length=64)
    action = models.CharField(
        "操作", max_length=10, choices=IndexAction.choices, default=IndexAction.UPDATE
    )
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近错误", max_length=200, blank=True)
    created_at = models.DateTimeField("加入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "索引更新任务"
        verbose_name_plural = "索引更新任务"
        constraints = [
            models.UniqueConstraint(
                fields=["model", "object_pk"], name="one_index_task_per_object"
            )
        ]

    def __str__(self):
        return f"{self.action} {self.model}:{self.object_pk}"


class QueryStat(models.Model):
    """How often a normalized query was searched on a site per day, and how often
    it found nothing. Only the query text: no address, user or session."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    day = models.DateField("日期")
    query = models.CharField("检索词", max_length=100)
    searches = models.PositiveIntegerField("检索次数", default=0)
    zero_results = models.PositiveIntegerField("无结果次数", default=0)
    # Distinct visitors that day (QueryVisitor), and the query as first typed
    # (after the personal-data check): what "大家常搜" shows.
    visitors = models.PositiveIntegerField("检索人数", default=0)
    label = models.CharField("检索词（原文）", max_length=100, blank=True)

    class Meta:
        verbose_name = "检索统计"
        verbose_name_plural = "检索统计"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "query"], name="one_query_stat_per_day"
            )
        ]
        indexes = [models.Index(fields=["site", "day"])]

    def __str__(self):
        return f"{self.query} ({self.searches})"


class QueryVisitor(models.Model):
    """One visitor asked one query on one site that day, known only by a keyed
    hash of the address and the day: distinct visitors can be counted, nobody
    can be recognised, and two days of one visitor cannot be linked."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    day = models.DateField("日期")
    query = models.CharField("检索词", max_length=100)
    visitor = models.CharField("访客标识（不可逆）", max_length=32)

    class Meta:
        verbose_name = "检索访客"
        verbose_name_plural = "检索访客"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "query", "visitor"], name="one_visitor_per_query"
            )
        ]

    def __str__(self):
        return self.query


class SuggestedSearch(models.Model):
    """A search the cluster admin recommends under "大家常搜" on every site."""

    word = models.CharField("推荐检索词", max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "大家常搜推荐词"
        verbose_name_plural = "大家常搜推荐词"
        ordering = ["sort_order", "word"]

    def __str__(self):
        return self.word

    def clean(self):
        from django.core.exceptions import ValidationError

        self.word = " ".join((self.word or "").split())
        if looks_personal(self.word):
            raise ValidationError({"word": "推荐词不能包含电话、证件号码等个人信息。"})
