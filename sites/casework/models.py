"""The shared part of every public case (依申请公开 applications, letters).

A public case is submitted once under a secret token, opened again by its
submitter with the case number and a query code (only a keyed hash is kept),
due by a working-day date and told in its history of events. The fields of
that contract are declared here once; what a case is about (its statuses, its
statutory deadlines, its parties) stays with the module that owns it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from sites.personal_data import (
    decrypt,
    encrypt,
    mask_id,
    mask_name,
    mask_phone,
    personal_data_unreadable,
)


class EncryptedValue(property):
    """The clear value of a ``*_encrypted`` column: read decrypted; set, it is
    stored encrypted and its masked copy (when the model keeps one) refreshed.

    A ``property``, so ``objects.create(phone=...)`` accepts it as Django
    accepts any property; it is no column, so filtering by it fails loudly.
    """

    def __init__(self, column: str, masked: str = "", mask=None):
        def read(instance) -> str:
            return decrypt(getattr(instance, column))

        def write(instance, value: str) -> None:
            setattr(instance, column, encrypt(value or ""))
            if masked:
                setattr(instance, masked, mask(value or ""))

        super().__init__(read, write)


class PublicCase(models.Model):
    """A case a member of the public submits and follows with a query code.

    Subclasses declare ``case_number`` (unique, as they number it),
    ``submitted_at``, ``status`` and the ``*_encrypted`` / ``*_masked`` columns
    of the submitter read by the values below.
    """

    query_code_hash = models.CharField("查询码（摘要）", max_length=128, editable=False)
    submission_token = models.UUIDField(
        "提交标识", unique=True, default=uuid.uuid4, editable=False
    )
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField("期限按暂定日历计算", default=False)

    # The submitter's data, clear only for the handler's own views (never in
    # lists or logs): masked copies serve everything else.
    name = EncryptedValue("name_encrypted", "name_masked", mask_name)
    phone = EncryptedValue("phone_encrypted", "phone_masked", mask_phone)
    email = EncryptedValue("email_encrypted")
    id_number = EncryptedValue("id_number_encrypted", "id_number_masked", mask_id)
    address = EncryptedValue("address_encrypted")

    class Meta:
        abstract = True

    @property
    def personal_data_unreadable(self) -> bool:
        return personal_data_unreadable(self)


class CaseEvent(models.Model):
    """One step of a case's history; append-only. Subclasses add the foreign key
    to their case and the ``action`` with its labels."""

    at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    note = models.TextField("说明", blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class CaseFile(models.Model):
    """A file kept with a case (a letter's attachment, a reply's document).

    Subclasses declare ``file`` on the private storage under their own folder;
    the stored name is never the uploaded one.
    """

    original_name = models.CharField("文件名", max_length=120)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        return self.original_name
