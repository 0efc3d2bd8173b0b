"""``manage.py backup``: database, data folders and manifest into BACKUP_DIR (sites/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sites.audit import record
from sites.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "备份数据库（SQLite 在线备份 / PostgreSQL pg_dump）、媒体文件、附件和防篡改副本，"
        "并写出含各表行数和文件 SHA-256 的清单；密钥不写入备份。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=getattr(settings, "BACKUP_DIR", "") or "",
            help="备份写入的目录（默认 BACKUP_DIR）",
        )

    def handle(self, *args, **options):
        if not options["output"]:
            raise CommandError("未指定备份目录：设置 BACKUP_DIR 或使用 --output。")
        try:
            outcome = backup(Path(options["output"]))
        except (BackupError, OSError) as exc:
            raise CommandError(f"备份失败：{exc}") from exc
        record("cluster.backup", folder=str(outcome.folder), rows=outcome.rows)
        self.stdout.write(
            f"已备份到 {outcome.folder}：{outcome.rows} 行数据，{outcome.files} 个文件，"
            f"用时 {outcome.seconds:.1f} 秒。"
        )
