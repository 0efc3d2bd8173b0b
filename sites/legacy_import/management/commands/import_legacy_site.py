"""迁移: import an old department site into an existing standard site.

    manage.py import_legacy_site --site jyj.example.gov.cn --url http://old.example.gov.cn/
    manage.py import_legacy_site --site jyj.example.gov.cn --folder saved/ --base-url http://old.example.gov.cn/
    manage.py import_legacy_site --site jyj.example.gov.cn --export export.json
    manage.py import_legacy_site --job 12          # run or resume an admin job

The first run writes the proposed column mapping to --mapping (default
``<old host>.mapping.json``); edit it and run again. Re-runs change only what
changed; an interrupted run is resumed by running it again.
"""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from sites.models import SiteProfile

from ... import mapping as mapping_module
from ...fetching import HttpFetcher
from ...importer import Importer, ItemError
from ...jobs import prepare_mapping, read_source, run_job
from ...models import ImportJob
from ...sources import SourceError


class ProgressBar:
    """tqdm-like: ``导入  42%|████      | 21/50 [00:03<00:04, 6.2条/s]``."""

    def __init__(self, stream, label: str, width: int = 24):
        self.stream, self.label, self.width = stream, label, width
        self.started = time.monotonic()
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last = -1

    def __call__(self, done: int, total: int, *args):
        if total <= 0:
            return
        percent = int(done * 100 / total)
        if not self.tty and percent // 10 == self.last // 10 and done != total:
            return
        self.last = percent
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed else 0.0
        left = (total - done) / rate if rate else 0.0
        filled = int(self.width * done / total)
        bar = "█" * filled + " " * (self.width - filled)
        line = (
            f"{self.label} {percent:3d}%|{bar}| {done}/{total} "
            f"[{elapsed:05.1f}s<{left:05.1f}s, {rate:.1f}条/s]"
        )
        end = "\r" if self.tty and done != total else "\n"
        self.stream.write(line + end)
        self.stream.flush()


class Command(BaseCommand):
    help = "迁移旧网站：抓取旧站、读取保存的网页目录或导出文件，导入到已有的标准网站"

    def add_arguments(self, parser):
        parser.add_argument("--site", help="迁入的网站（域名或网站标识码）")
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--url", help="旧站首页地址（只抓取同一域名）")
        source.add_argument("--folder", help="保存旧站网页的目录")
        source.add_argument("--export", help="导出文件（.json 或 .csv）")
        source.add_argument("--job", type=int, help="运行或继续后台中的迁移任务")
        parser.add_argument(
            "--base-url", default="", help="旧站地址（目录和导出文件用）"
        )
        parser.add_argument(
            "--mapping", help="栏目映射文件（JSON）；不存在时写入建议映射"
        )
        parser.add_argument("--old-host", default="", help="旧站域名（默认取自来源）")
        parser.add_argument("--max-pages", type=int, help="最多抓取的页面数")
        parser.add_argument("--report", help="把报告写入此 JSON 文件")
        parser.add_argument(
            "--allow-missing-files",
            action="store_true",
            help="图片或附件无法下载时仍导入文章（默认该文章不导入并列入报告）",
        )
        parser.add_argument(
            "--propose-only", action="store_true", help="只写建议映射，不导入"
        )

    def handle(self, *args, **options):
        if options["job"]:
            run_job(options["job"])

            job = ImportJob.objects.get(pk=options["job"])
            self.stdout.write(f"任务 {job.pk}：{job.get_status_display()} {job.error}")
            return
        site = self._site(options["site"])
        stderr = self.stderr._out

        def crawled(pages, queued):
            if pages % 25 == 0:
                stderr.write(f"抓取 已读 {pages} 页，待读 {queued} 页\n")

        try:
            legacy = read_source(
                url=options["url"] or "",
                folder=options["folder"] or "",
                export=options["export"] or "",
                base_url=options["base_url"],
                max_pages=options["max_pages"],
                progress=crawled,
            )
        except (SourceError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if options["export"] and options["base_url"]:
            legacy.fetch = HttpFetcher(options["base_url"]).fetch
        mapping_path = Path(
            options["mapping"]
            or f"{(legacy.host or 'legacy').split(':')[0]}.mapping.json"
        )
        try:
            existing = (
                mapping_module.load(mapping_path) if mapping_path.exists() else None
            )
            data, columns, new = prepare_mapping(site, legacy, existing)
        except mapping_module.MappingError as exc:
            raise CommandError(str(exc)) from exc
        if options["old_host"]:
            data["old_host"] = options["old_host"]
        if existing is None or new:
            mapping_module.save(mapping_path, data)
            self.stdout.write(f"栏目映射已写入 {mapping_path}，可编辑后重新运行。")
        for name, target in data["columns"].items():
            self.stdout.write(f"  {name} → {target or '（未映射）'}")
        if options["propose_only"]:
            return
        try:
            report = Importer(
                site,
                legacy,
                columns,
                old_host=data["old_host"],
                allow_missing_files=options["allow_missing_files"],
                progress=ProgressBar(stderr, "导入"),
            ).run()
        except ItemError as exc:
            raise CommandError(str(exc)) from exc
        summary = report.as_dict()
        self.stdout.write(
            f"新建 {summary['created']} 篇，更新 {summary['updated']} 篇，"
            f"未变 {summary['unchanged']} 篇，未映射 {len(report.unmapped)} 篇，"
            f"失败 {len(report.failed)} 条，新增重定向 {report.redirects} 条，"
            f"用时 {report.seconds:.1f} 秒。"
        )
        for entry in report.unmapped:
            self.stdout.write(f"  未映射：{entry['url']}（原栏目“{entry['column']}”）")
        for entry in report.failed:
            self.stdout.write(f"  失败：{entry['url']}：{entry['reason']}")
        if options["report"]:
            Path(options["report"]).write_text(
                json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
            )

    def _site(self, value):
        if not value:
            raise CommandError("请用 --site 指定迁入的网站（域名或网站标识码）")
        site = Site.objects.filter(hostname=value).select_related("root_page").first()
        if site is None:
            profile = (
                SiteProfile.objects.filter(code=value).select_related("site").first()
            )
            site = profile.site if profile else None
        if site is None:
            raise CommandError(
                f"找不到网站“{value}”（请给出已创建网站的域名或网站标识码）"
            )
        return site
