"""Write every public page of one site (--site 网站标识码) or of the cluster."""

from django.core.management.base import BaseCommand, CommandError

from sites.static_output.export import ExportError, export


class Command(BaseCommand):
    help = "导出网站（或整个站群）的全部公开页面为静态文件，并删除已不公开的页面文件。"

    def add_arguments(self, parser):
        parser.add_argument("--site", help="网站标识码；不填则导出整个站群")

    def handle(self, *args, **options):
        try:
            outcome = export(options["site"])
        except ExportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"写入 {len(outcome.written)} 个页面，未变 {outcome.unchanged} 个，"
            f"删除 {len(outcome.removed)} 个，失败 {outcome.failed} 个。"
        )
        if outcome.failed:
            raise CommandError("部分页面渲染出错，请查看日志后重试。")
