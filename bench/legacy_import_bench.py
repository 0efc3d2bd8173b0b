"""Time the legacy site import (迁移): the two fixture sites and a synthetic
export of many articles.

Usage: python bench/legacy_import_bench.py [--data-dir DIR] [--articles 500]
Without --data-dir it builds the demo cluster (seed_demo) in a temporary
directory. Imports the GBK frameset fixture over a local HTTP server, the JSON
and CSV exports, then a generated JSON export of ``--articles`` articles (every
tenth with an image, every fifth with a PDF attachment, each linking to the one
before it) into department sites; prints seconds and items per second for the
first run and for a re-run (which changes nothing).
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "legacy"


class Handler(SimpleHTTPRequestHandler):
    def guess_type(self, path):
        if str(path).endswith(".shtml"):
            return "text/html; charset=GBK"
        return super().guess_type(path)

    def log_message(self, *args):
        pass


def synthetic_export(folder: Path, count: int) -> Path:
    from PIL import Image

    (folder / "files").mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (30, 90, 160)).save(buffer, "PNG")
    (folder / "files" / "photo.png").write_bytes(buffer.getvalue())
    (folder / "files" / "doc.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    columns = ["工作动态", "通知公告", "政策文件"]
    items = []
    for n in range(count):
        body = f"<p>第{n}篇文章的正文，" + "内容" * 200 + "。</p>"
        if n:
            body += f'<p>参见<a href="/art/{count}/{n - 1}.html">上一篇</a>。</p>'
        if n % 10 == 0:
            body += '<p><img src="/files/photo.png" alt="图片"></p>'
        items.append(
            {
                "id": f"{count}-{n}",
                "url": f"/art/{count}/{n}.html",
                "title": f"合成文章第{n}篇",
                "date": f"20{10 + n % 14:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "column": columns[n % 3],
                "body_html": body,
                "attachments": ["files/doc.pdf"] if n % 5 == 0 else [],
            }
        )
    path = folder / "export.json"
    path.write_text(
        json.dumps({"base_url": "http://synthetic.old.example.gov.cn/", "items": items},
                   ensure_ascii=False),
        encoding="utf-8",
    )  # fmt: skip
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--skip-fixtures", action="store_true")
    options = parser.parse_args()
    data_dir = options.data_dir or tempfile.mkdtemp(prefix="cluster-legacy-")
    os.environ.update(
        {"DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev", "DATA_DIR": data_dir}
    )
    if not options.data_dir:
        for args in (["migrate", "-v0"], ["seed_demo"]):
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *args], cwd=ROOT, check=True,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from sites.models import SiteProfile

    settings.LEGACY_IMPORT_ALLOWED_ADDRESSES = ["127.0.0.1"]
    sites = [
        p.site for p in SiteProfile.objects.filter(kind="department").order_by("code")
    ]
    work = Path(tempfile.mkdtemp(prefix="legacy-bench-"))
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(Handler, directory=str(FIXTURES / "gbk_site"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"

    def run(label, site, *args):
        report = work / f"{label}.json"
        started = time.perf_counter()
        call_command(
            "import_legacy_site", "--site", site.hostname, *args,
            "--mapping", str(work / f"{label}.mapping.json"), "--report", str(report),
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
        seconds = time.perf_counter() - started
        data = json.loads(report.read_text(encoding="utf-8"))
        items = data["created"] + data["updated"] + data["unchanged"]
        items += len(data["unmapped"]) + len(data["failed"])
        print(
            f"{label}: {seconds:.2f} s, {items} items ({items / seconds:.1f} items/s); "
            f"created {data['created']}, unchanged {data['unchanged']}, "
            f"unmapped {len(data['unmapped'])}, failed {len(data['failed'])}, "
            f"redirects {data['redirects']}"
        )

    for attempt in ("first run", "re-run") if not options.skip_fixtures else ():
        run(f"GBK frameset crawl ({attempt})", sites[0], "--url", url,
            "--old-host", "jyj.old.example.gov.cn")  # fmt: skip
        run(f"JSON export ({attempt})", sites[1], "--export",
            str(FIXTURES / "export" / "export.json"))  # fmt: skip
        run(f"CSV export ({attempt})", sites[1], "--export",
            str(FIXTURES / "export" / "export.csv"))  # fmt: skip
    export = synthetic_export(work / "synthetic", options.articles)
    for attempt in ("first run", "re-run"):
        run(f"synthetic {options.articles} articles ({attempt})", sites[2],
            "--export", str(export))  # fmt: skip
    server.shutdown()


if __name__ == "__main__":
    main()
