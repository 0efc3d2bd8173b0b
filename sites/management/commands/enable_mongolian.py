"""``manage.py enable_mongolian``: give a site its Mongolian version (蒙古文版)."""

from django.core.management.base import BaseCommand, CommandError

from sites.models import SiteProfile
from sites.services.mongolian_version import MongolianVersionError, enable_mongolian


class Command(BaseCommand):
    help = (
        "为网站开设蒙古文版：在首页下建立 /mn/ 蒙古文首页（草稿，经审核流程发布），"
        "并允许该网站的编辑、审核、站点管理员把页面翻译为蒙古文。"
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="网站标识码，例如 1599210001")
        parser.add_argument("--title", default="", help="蒙古文首页标题（蒙古文）")

    def handle(self, *args, **options):
        profile = (
            SiteProfile.objects.filter(code=options["code"])
            .select_related("site")
            .first()
        )
        if profile is None:
            raise CommandError(f"没有网站标识码为 {options['code']} 的网站。")
        try:
            home = enable_mongolian(profile.site, title=options["title"])
        except MongolianVersionError as exc:
            raise CommandError(str(exc)) from exc
        state = "已发布" if home.live else "草稿，请编辑后提交审核"
        self.stdout.write(
            self.style.SUCCESS(
                f"{profile.site.site_name} 的蒙古文版首页：{profile.site.root_url}/mn/（{state}）"
            )
        )
