"""``manage.py create_site``: create one site from the cluster standard."""

from django.core.management.base import BaseCommand, CommandError

from sites.audit import record
from sites.models import SiteKind
from sites.services.provisioning import SiteProvisioningError, SiteSpec, create_site


class Command(BaseCommand):
    help = "按统一标准创建一个网站（首页、标准栏目、用户组、审核流程、网站信息）。"

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="网站标识码，例如 1506270001")
        parser.add_argument(
            "--name", required=True, help="网站名称，例如 准格尔旗人民政府"
        )
        parser.add_argument(
            "--hostname", required=True, help="域名，例如 zgeq.example.gov.cn"
        )
        parser.add_argument(
            "--kind",
            default=SiteKind.DEPARTMENT,
            help="网站类型："
            + "、".join(f"{v}（{label}）" for v, label in SiteKind.choices),
        )
        parser.add_argument("--parent", default=None, help="上级网站的网站标识码")
        parser.add_argument("--port", type=int, default=None, help="端口（默认取配置）")
        parser.add_argument(
            "--sponsor", default="", help="主办单位（默认与网站名称相同）"
        )
        parser.add_argument("--default", action="store_true", help="设为默认站点")

    def handle(self, *args, **options):
        spec = SiteSpec(
            code=options["code"],
            name=options["name"],
            hostname=options["hostname"],
            kind=options["kind"],
            parent_code=options["parent"],
            port=options["port"],
            sponsor=options["sponsor"],
            is_default=options["default"],
        )
        try:
            site = create_site(spec)
        except SiteProvisioningError as exc:
            lines = [f"  - {m}" for messages in exc.errors.values() for m in messages]
            raise CommandError("未创建网站：\n" + "\n".join(lines)) from exc
        record(
            "cluster.create_site",
            username="manage.py",
            site=site,
            obj=site,
            title=site.site_name,
        )
        self.stdout.write(
            self.style.SUCCESS(f"已创建网站“{site.site_name}”：{site.root_url}/")
        )
