"""Fill in deploy/nginx.conf.template with this installation's paths."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sites.static_output import storage

DEPLOY = Path(settings.BASE_DIR) / "deploy"
# Used until the writer has stored the headers of a rendered page.
DEFAULT_PAGE_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Command(BaseCommand):
    help = "根据当前配置生成 nginx 配置文件（静态页面、静态资源、反向代理）。"

    def add_arguments(self, parser):
        parser.add_argument("--listen", default="127.0.0.1:8080", help="nginx 监听地址")
        parser.add_argument("--app", default="127.0.0.1:8001", help="gunicorn 地址")
        parser.add_argument("--run-dir", required=True, help="pid、日志与临时文件目录")
        parser.add_argument("--output", help="输出文件；默认 <run-dir>/nginx.conf")
        parser.add_argument("--access-log", default="off", help="访问日志路径或 off")

    def handle(self, *args, **options):
        base = storage.root()
        if base is None:
            raise CommandError("未设置 STATIC_PAGES_ROOT，静态化发布未启用。")
        run_dir = Path(options["run_dir"]).resolve()
        run_dir.mkdir(parents=True, exist_ok=True)
        base.mkdir(parents=True, exist_ok=True)
        headers = storage.load_headers(base) or DEFAULT_PAGE_HEADERS
        page_headers = "\n".join(
            f"            add_header {name} {_quote(value)};"
            for name, value in sorted(headers.items())
        )
        values = {
            "RUN_DIR": str(run_dir),
            "LISTEN": options["listen"],
            "APP_ADDRESS": options["app"],
            "STATIC_PAGES_ROOT": str(base.resolve()),
            "STATIC_ROOT": str(Path(settings.STATIC_ROOT).resolve()),
            "MEDIA_ROOT": str(Path(settings.MEDIA_ROOT).resolve()),
            # "off" takes no format (nginx refuses "access_log off cluster").
            "ACCESS_LOG": "off"
            if options["access_log"] == "off"
            else f"{options['access_log']} cluster",
            "PUBLIC_BODY_MAX": "16m",
            "ADMIN_BODY_MAX": "60m",
            "PAGE_HEADERS": page_headers,
        }
        text = (DEPLOY / "nginx.conf.template").read_text()
        for name, value in values.items():
            text = text.replace(f"@@{name}@@", value)
        if "@@" in text:
            raise CommandError("nginx 模板中有未填写的占位符。")
        (run_dir / "proxy_params.conf").write_text(
            (DEPLOY / "proxy_params.conf.template").read_text()
        )
        output = Path(options["output"] or run_dir / "nginx.conf")
        output.write_text(text)
        self.stdout.write(f"已生成 {output}")
