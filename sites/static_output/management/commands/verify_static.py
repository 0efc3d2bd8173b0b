"""Check that the static files equal what the application renders now."""

from django.core.management.base import BaseCommand, CommandError

from sites.static_output.export import ExportError, verify


class Command(BaseCommand):
    help = "重新渲染网站（或整个站群）的页面并与磁盘上的静态文件比对哈希，列出不一致的地址。"

    def add_arguments(self, parser):
        parser.add_argument("--site", help="网站标识码；不填则检查整个站群")

    def handle(self, *args, **options):
        try:
            result = verify(options["site"])
        except ExportError as error:
            raise CommandError(str(error)) from error
        for line in result.differing:
            self.stdout.write(line)
        self.stdout.write(
            f"检查 {result.checked} 个地址，不一致 {len(result.differing)} 个。"
        )
        if not result.ok:
            raise CommandError("静态文件与应用渲染结果不一致。")
