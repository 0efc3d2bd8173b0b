"""``manage.py restore FOLDER``: a backup of ``manage.py backup`` back in place (sites/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sites.audit import record
from sites.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "从 manage.py backup 生成的备份恢复数据库和数据目录：先核对清单中的 SHA-256 "
        "和密钥，恢复后比对各表行数与文件摘要。恢复前请停止应用进程。"
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="备份目录（cluster-YYYYmmdd-HHMMSS）")
        parser.add_argument(
            "--yes", action="store_true", help="不再询问，直接覆盖现有数据"
        )
        parser.add_argument(
            "--rebuild-index", action="store_true", help="恢复后重建全文检索索引"
        )

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        if not options["yes"] and options.get("interactive", True):
            answer = input(f"将用 {folder} 覆盖现有数据库和数据目录，确认请输入 yes：")
            if answer.strip() != "yes":
                raise CommandError("已取消，未做任何改动。")
        try:
            outcome = restore(folder)
        except (BackupError, OSError) as exc:
            raise CommandError(f"恢复失败：{exc}") from exc
        if outcome.problems:
            raise CommandError(
                "恢复后与备份清单不一致：" + "；".join(outcome.problems[:20])
            )
        record("cluster.restore", folder=str(folder), rows=outcome.rows)
        self.stdout.write(
            f"已从 {folder} 恢复：{outcome.rows} 行数据、{outcome.files} 个文件与清单一致，"
            f"用时 {outcome.seconds:.1f} 秒。"
        )
        if options["rebuild_index"]:
            from django.core.management import call_command

            call_command("rebuild_index", interactive=False, verbosity=0)
            self.stdout.write("已重建全文检索索引。")
        else:
            self.stdout.write(
                "请运行 manage.py rebuild_index 重建全文检索索引；"
                "使用静态页面时运行 manage.py export_static。"
            )
