"""``manage.py seed_demo``: the demo cluster of 北疆市, idempotent."""

import io
import logging
import secrets
from contextlib import contextmanager

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageViewRestriction, Site

from sites.demo.content import articles_for
from sites.demo.home import seed_home_blocks
from sites.demo.mongolian import seed_mongolian
from sites.demo.sites import (
    DEMO_SITES,
    declare_demo_divisions,
    hostname,
    profile_fields,
)
from sites.demo.users import DEMO_USERS, ensure_demo_users  # noqa: F401
from sites.models import (
    ArticleAttachment,
    ArticlePage,
    ColumnPage,
    DateSource,
    SiteProfile,
    Submission,
    SubmissionStatus,
)
from sites.services.provisioning import SiteSpec, create_site
from sites.services.roles import (
    ensure_cluster_groups,
)
from sites.services.site_roles import SiteRole, site_roles

INTERNAL_NOTICES = [
    (
        "关于做好元旦期间值班工作的内部通知",
        "各科室：元旦假期期间实行领导带班和干部值班制度，值班人员须保持通讯畅通，"
        "遇有重要情况及时报告。值班表由办公室另行印发。",
    ),
    (
        "局机关周例会纪要（第48期）",
        "会议听取了各科室本周工作进展，研究部署了冬季校园安全检查和寒假前"
        "学生安全教育等事项，明确了责任科室和完成时限。",
    ),
]


@contextmanager
def quiet_loggers(*names, level=logging.ERROR):
    loggers = [logging.getLogger(name) for name in names]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, old in zip(loggers, previous, strict=True):
            logger.setLevel(old)


class Command(BaseCommand):
    help = "生成演示站群（北疆市门户、4个部门网站、2个旗网站及文章、图片、附件、演示用户）。重复运行不会产生重复数据。"

    def add_arguments(self, parser):
        parser.add_argument("--domain", default="bj.localhost", help="演示域名后缀")
        parser.add_argument(
            "--port", type=int, default=None, help="站点端口（默认取配置）"
        )
        parser.add_argument(
            "--articles",
            type=int,
            default=None,
            help="每个网站最多生成的文章数（默认全部）",
        )

    def handle(self, *args, **options):
        if "production" in settings.SETTINGS_MODULE:
            raise CommandError("演示数据不能在生产环境配置下生成。")
        # The search index is built at the end (the search app's seed hook); until
        # then every commit would log that it is missing, hundreds of lines that
        # buried the accounts printed below. Provisioning's log line repeats
        # "已创建网站". Both are quiet while the demo is seeded.
        with quiet_loggers("search", "sites.services.provisioning"):
            self._seed(options)

    def _seed(self, options):
        domain = options["domain"].strip().lower()
        port = options["port"] or settings.CLUSTER_DEFAULT_PORT
        ensure_cluster_groups()
        self._remove_wagtail_welcome_site()
        declare_demo_divisions()

        sites = {}
        for index, demo in enumerate(DEMO_SITES, start=1):
            sites[demo.key] = self._ensure_site(demo, index, domain, port)

        created = 0
        for demo in DEMO_SITES:
            items = articles_for(demo.key)
            if options["articles"] is not None:
                items = items[: options["articles"]]
            created += self._ensure_articles(sites[demo.key], demo, items)
        self.stdout.write(f"新增文章 {created} 篇。")
        self._ensure_syndication(sites)
        self._ensure_internal_section(sites["edu"])

        for demo in DEMO_SITES:
            seed_home_blocks(sites[demo.key], demo, demo.kind)

        for key in ("portal", "baiyun"):  # 蒙古文版 (issue #21 item 2)
            seed_mongolian(sites[key], key)
        # Apps add their own demo content (hook ``cluster_seed_demo``, called with
        # the demo sites by key and the command's stdout); each must be idempotent.
        for seed_app_demo in hooks.get_hooks("cluster_seed_demo"):
            seed_app_demo(sites, self.stdout)

        ensure_demo_users(sites, self.stdout)
        self.stdout.write(self.style.SUCCESS("演示站群已就绪，各网站地址："))
        for demo in DEMO_SITES:
            self.stdout.write(f"  {demo.name}：{sites[demo.key].root_url}/")
        self.stdout.write(f"  管理后台：{sites['portal'].root_url}/admin/")
        self.stdout.write(
            f"  内部栏目：{sites['edu'].root_url}/nbtz/"
            f"（用教育局内部人员账号在 {sites['edu'].root_url}/nbdl/ 登录后阅读）"
        )

    def _ensure_internal_section(self, site):
        """教育局's 内部通知: an internal section (内部栏目) its 内部人员 read after
        logging in on the site; the public never sees it (issue #21 item 3)."""
        home = site.root_page
        section = ColumnPage.objects.child_of(home).filter(slug="nbtz").first()
        if section is not None:
            return
        section = ColumnPage(title="内部通知", slug="nbtz", show_in_menus=False)
        home.add_child(instance=section)
        section.save_revision().publish()
        for title, text in INTERNAL_NOTICES:
            article = ArticlePage(
                title=title,
                publish_date=timezone.now(),
                source=site.site_name,
                body=[("paragraph", f"<p>{text}</p>")],
            )
            section.add_child(instance=article)
            article.save_revision().publish()
        restriction = PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([site_roles.group(site, SiteRole.INTERNAL_READER)])

    def _remove_wagtail_welcome_site(self):
        """Drop Wagtail's auto-created localhost site and welcome page if untouched."""
        welcome = Page.objects.filter(
            depth=2, slug="home", content_type__model="page", numchild=0
        ).first()
        if welcome is not None:
            Site.objects.filter(root_page=welcome).delete()
            welcome.delete()

    def _ensure_site(self, demo, index, domain, port):
        profile = (
            SiteProfile.objects.filter(code=demo.code).select_related("site").first()
        )
        if profile is not None:
            return profile.site
        parent = next((d for d in DEMO_SITES if d.key == demo.parent_key), None)
        site = create_site(
            SiteSpec(
                code=demo.code,
                name=demo.name,
                hostname=hostname(demo, domain),
                kind=demo.kind,
                parent_code=parent.code if parent else None,
                port=port,
                is_default=demo.key == "portal",
                profile=profile_fields(demo, index, domain),
            )
        )
        self.stdout.write(f"已创建网站：{demo.name}")
        return site

    @transaction.atomic
    def _ensure_articles(self, site, demo, items) -> int:
        home = site.root_page
        columns = {
            c.slug: c
            for c in ColumnPage.objects.descendant_of(home).filter(
                slug__in={item.column for item in items}, locale_id=home.locale_id
            )
        }
        existing = set(
            ArticlePage.objects.descendant_of(home).values_list("title", flat=True)
        )
        collection = Collection.objects.get(name=site.site_name)
        now = timezone.now()
        created = 0
        for number, item in enumerate(items):
            if item.title in existing or item.column not in columns:
                continue
            body = []
            for position, paragraph in enumerate(item.paragraphs):
                if (
                    item.headings
                    and position < len(item.headings)
                    and item.headings[position]
                ):
                    body.append(
                        ("heading", {"text": item.headings[position], "level": "h2"})
                    )
                body.append(("paragraph", f"<p>{paragraph}</p>"))
            if item.column == "gzdt" and number % 7 == 0:
                body.insert(0, ("image", self._image(collection, demo, number)))
            published = now - timezone.timedelta(days=item.days_ago, hours=number % 9)
            article = ArticlePage(
                title=item.title,
                summary=item.summary,
                source=item.source,
                author=item.author,
                publish_date=published,
                # Demo history: the date is the recorded original one.
                date_source=DateSource.IMPORTED,
                first_published_at=published,
                last_published_at=published,
                responsible_editor="网站编辑部",
                body=body,
            )
            columns[item.column].add_child(instance=article)
            if item.column in ("zcwj", "tzgg", "bszn") and number % 3 == 0:
                ArticleAttachment.objects.create(
                    page=article,
                    document=self._document(collection, item.title, item.paragraphs),
                    title=f"{item.title}（附件）",
                )
            created += 1
        return created

    def _ensure_syndication(self, sites):
        """A few department and banner news items accepted into the portal's 工作动态
        (信息报送), so the demo shows provenance on the portal."""
        portal_home = sites["portal"].root_page
        portal_news = ColumnPage.objects.descendant_of(portal_home).get(
            slug="gzdt", locale_id=portal_home.locale_id
        )
        for key in ("edu", "health", "baiyun"):
            site = sites[key]
            latest = (
                ArticlePage.objects.live()
                .descendant_of(site.root_page)
                .filter(path__startswith=ColumnPage.objects.descendant_of(site.root_page)
                        .get(slug="gzdt", locale_id=site.root_page.locale_id).path)
                .order_by("-publish_date")[:2]
            )  # fmt: skip
            for article in latest:
                Submission.objects.get_or_create(
                    article=article,
                    target_column=portal_news,
                    defaults={
                        "source_site": site,
                        "target_site": sites["portal"],
                        "status": SubmissionStatus.ACCEPTED,
                        "decided_at": timezone.now(),
                        "publish_at": timezone.now(),
                    },
                )

    def _image(self, collection, demo, number):
        """A generated banner image (real PNG file) for illustrated news items."""
        from PIL import Image as PILImage
        from PIL import ImageDraw

        Image = get_image_model()
        title = f"{demo.name}工作图片{number}"
        image = Image.objects.filter(title=title, collection=collection).first()
        if image is None:
            colour = {
                "red": (179, 19, 15),
                "blue": (11, 79, 156),
                "green": (29, 107, 58),
            }
            canvas = PILImage.new(
                "RGB", (960, 540), colour.get(demo.theme, (90, 90, 90))
            )
            draw = ImageDraw.Draw(canvas)
            for step in range(0, 960, 60):
                draw.ellipse(
                    (step, 300 + (step % 120), step + 180, 540), fill=(240, 240, 230)
                )
            buffer = io.BytesIO()
            canvas.save(buffer, format="PNG")
            image = Image(title=title, collection=collection)
            image.file = ImageFile(buffer, name=f"demo-{demo.code}-{number}.png")
            image.save()
        return {
            "image": image,
            "alt_text": f"{demo.name}工作现场示意图",
            "decorative": False,
        }

    def _document(self, collection, title, paragraphs):
        """A real .xlsx attachment built with openpyxl (shipped with Wagtail)."""
        from openpyxl import Workbook

        Document = get_document_model()
        document = Document.objects.filter(title=title, collection=collection).first()
        if document is not None:
            return document
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "附件"
        sheet.append(["序号", "内容"])
        for number, paragraph in enumerate(paragraphs, start=1):
            sheet.append([number, paragraph])
        buffer = io.BytesIO()
        workbook.save(buffer)
        from django.core.files.base import ContentFile

        document = Document(title=title, collection=collection)
        document.file.save(
            f"attachment-{secrets.token_hex(4)}.xlsx",
            ContentFile(buffer.getvalue()),
            save=False,
        )
        document.save()
        return document
