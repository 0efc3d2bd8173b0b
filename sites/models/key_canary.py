"""A known value encrypted with PERSONAL_DATA_KEYS (issue 16 item 7).

A wrong key used to show blank ID numbers without any error; with a stored
known value, the system check, ``security_report``, ``backup`` and ``restore``
can say "these keys do not read this database" before anyone looks at a case.
The column ends in ``_encrypted`` so ``rotate_personal_data_keys`` re-encrypts
it with the rest.
"""

from django.db import models
from django.utils import timezone


class PersonalDataKeyCanary(models.Model):
    token_encrypted = models.TextField("已加密的校验值")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "个人信息密钥校验值"
        verbose_name_plural = "个人信息密钥校验值"

    def __str__(self):
        return f"密钥校验值（{self.recorded_at:%Y-%m-%d}）"
