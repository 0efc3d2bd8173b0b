"""``manage.py rotate_personal_data_keys``: re-encrypt every stored personal datum
with the newest key of ``PERSONAL_DATA_KEYS``, so an old key can be retired.

Every ``*_encrypted`` text column of every app is covered (letters, 依申请公开
applicants, approval parties, comments …) without the core knowing the apps.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction

from sites.audit import record
from sites.personal_data import reencrypt

BATCH = 500


def encrypted_columns():
    for model in apps.get_models():
        names = [
            field.name
            for field in model._meta.concrete_fields
            if field.name.endswith("_encrypted") and isinstance(field, models.TextField)
        ]
        if names:
            yield model, names


class Command(BaseCommand):
    help = "用 PERSONAL_DATA_KEYS 中最新的密钥重新加密全部个人信息（轮换密钥后运行，再删除旧密钥）。"

    def handle(self, *args, **options):
        total = 0
        for model, names in encrypted_columns():
            changed = 0
            pks = list(
                model._default_manager.order_by("pk").values_list("pk", flat=True)
            )
            for start in range(0, len(pks), BATCH):
                with transaction.atomic():
                    rows = model._default_manager.filter(
                        pk__in=pks[start : start + BATCH]
                    ).only("pk", *names)
                    for row in rows:
                        for name in names:
                            setattr(row, name, reencrypt(getattr(row, name)))
                    # bulk_update skips save(): no masking or signals run again.
                    model._default_manager.bulk_update(rows, names)
                    changed += len(rows)
            if changed:
                self.stdout.write(f"{model._meta.verbose_name}：{changed} 条")
            total += changed
        record("cluster.rotate_personal_data_keys", rows=total)
        self.stdout.write(f"已用最新密钥重新加密 {total} 条记录的个人信息。")
