"""Click → visible with three application processes (issue 15 item 7).

Usage (PostgreSQL and Redis required; the database must exist and may be empty):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cluster_click \\
    REDIS_URL=redis://127.0.0.1:6379/5 \\
    python bench/click_to_visible.py [--times 5] [--sites 5] [--pages 20]
                                     [--work-dir DIR] [--port-base PORT]

Starts the production profile on loopback: three gunicorn instances (one sync
worker each, on three ports) on the one PostgreSQL and Redis, the standing
static-page writer (``process_static_queue --loop 0.25``) and nginx in front of
the first instance (``--port-base P``: nginx on P, the instances on P+1..P+3;
free ports by default), all with production settings (2FA on: the bench 签发
account binds a TOTP device and the script types its current code).

Each round, as the site's people would: the editor saves a new title and
submits the newest article of ``s0001`` to the site's workflow, the first
reviewer approves 审核 (both in this process, through Wagtail's workflow API),
then the site admin opens the article from the dashboard's 待我审核/签发 panel and
presses 批准 (签发) in the page editor's action menu in Debian's Chromium
(Playwright), through instance 1, 2, 3 in turn. From the click, each of
the article, its column, the department home and the portal home is polled
through every instance and nginx until it shows the new title. Prints every
round and the median and maximum over the rounds (target: ≤ 2 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DOMAIN = "scale.localhost"
PORTAL = f"www.{DOMAIN}"
DEPARTMENT = f"s0001.{DOMAIN}"
PASSWORD = "Bench-签发-2026-strong"  # noqa: S105 (a loopback bench account)
INSTANCES = 3

sys.path.insert(0, str(ROOT / "bench"))
from serving import free_port, manage, stop_nginx, wait_for  # noqa: E402


def get(url: str, host: str) -> str:
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.read().decode()


def environment(work: Path, nginx_port: int) -> dict:
    from cryptography.fernet import Fernet

    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            raise SystemExit(f"需要 {name}（PostgreSQL 与 Redis，见脚本说明）")
    keys = work / "keys"
    if not keys.exists():
        work.mkdir(parents=True, exist_ok=True)
        keys.write_text(Fernet.generate_key().decode())
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_cluster.settings.production",
        "DATA_DIR": str(work / "data"),
        "STATIC_PAGES_ROOT": str(work / "pages"),
        "SECRET_KEY": "bench-only-" + "z" * 40,
        "ALLOWED_HOSTS": f".{DOMAIN}",
        "PERSONAL_DATA_KEYS": keys.read_text(),
        "SECURE_SSL_REDIRECT": "0",
        "SEARCH_PROCESS_ON_COMMIT": "0",
        "WAGTAILADMIN_BASE_URL": f"http://{PORTAL}:{nginx_port}",
    }


def accounts(site):
    """编辑, 审核 and 站点管理员 (who 签发) on the department site; the last
    one with a confirmed TOTP device, as production requires."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sites.models import SiteRole
    from sites.services.site_roles import site_roles

    people = {}
    for name, role in (
        ("bench-editor", SiteRole.EDITOR),
        ("bench-review", SiteRole.REVIEWER),
        ("bench-signoff", SiteRole.SITE_ADMIN),
    ):
        user, _ = get_user_model().objects.get_or_create(
            username=name, defaults={"email": f"{name}@bench.invalid"}
        )
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(site_roles.group(site, role))
        people[name] = user
    device, _ = TOTPDevice.objects.get_or_create(
        user=people["bench-signoff"], name="bench", defaults={"confirmed": True}
    )
    return people, device


def current_code(device) -> str:
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    # A code is accepted once: wait for the next step if this one was used.
    while totp.t() <= device.last_t:
        time.sleep(0.5)
    return f"{totp.token():0{device.digits}d}"


def as_the_editor_saves(stream):
    """Rich text as the page editor stores it (Draftail adds block keys): the
    seeded bodies were written by code, and the 签发 person's browser would
    otherwise submit a changed body (a revision of theirs, which R76 refuses)."""
    import json

    from wagtail.admin.rich_text import get_rich_text_editor_widget

    converter = get_rich_text_editor_widget().converter
    blocks = json.loads(stream) if isinstance(stream, str) else stream
    for block in blocks:
        if isinstance(block.get("value"), str) and block["value"].startswith("<"):
            block["value"] = converter.to_database_format(
                converter.from_database_format(block["value"])
            )
    return json.dumps(blocks) if isinstance(stream, str) else blocks


def to_signoff(article, people, title):
    """The editor's new title, submitted; 审核 approved: 签发 is next."""
    from wagtail.models import TaskState

    stale = article.current_workflow_state  # left by an interrupted run
    if stale is not None:
        stale.cancel(user=people["bench-editor"])
    revision = article.save_revision(user=people["bench-editor"])
    revision.content["title"] = title
    revision.content["body"] = as_the_editor_saves(revision.content["body"])
    revision.save()
    article.get_workflow().start(article, people["bench-editor"])
    state = TaskState.objects.get(
        workflow_state__object_id=str(article.pk),
        status=TaskState.STATUS_IN_PROGRESS,
    ).specific
    state.task.specific.on_action(state, people["bench-review"], "approve")
    in_progress = TaskState.objects.filter(
        workflow_state__object_id=str(article.pk),
        status=TaskState.STATUS_IN_PROGRESS,
    )
    assert in_progress.exists(), "工作流只有一步：签发后不再有待审步骤"


def watch(endpoints, watched, title, clicked, timeout=30.0):
    """Poll every (endpoint, page) in its own thread; seconds from the click."""
    seen: dict[tuple[str, str], float] = {}

    def poll(endpoint, name, host, path):
        while time.monotonic() - clicked < timeout:
            try:
                if title in get(endpoint + path, host):
                    seen[(endpoint, name)] = time.monotonic() - clicked
                    return
            except OSError:
                pass
            time.sleep(0.02)

    threads = [
        threading.Thread(target=poll, args=(endpoint, name, host, path))
        for endpoint in endpoints
        for name, (host, path) in watched.items()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return seen


def main():  # noqa: PLR0915 (one linear script: set up, measure, tear down)
    parser = argparse.ArgumentParser()
    parser.add_argument("--times", type=int, default=5)
    parser.add_argument("--sites", type=int, default=5)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--work-dir", default="")
    parser.add_argument("--port-base", type=int, default=0)
    options = parser.parse_args()
    work = Path(options.work_dir or tempfile.mkdtemp(prefix="cluster-click-"))
    names = ("nginx", "app1", "app2", "app3")
    ports = {
        name: options.port_base + n if options.port_base else free_port()
        for n, name in enumerate(names)
    }
    env = environment(work, ports["nginx"])
    if not (work / "seeded-db").exists():
        print(f"播种 seed_scale（PostgreSQL）：{options.sites} 个网站 …", flush=True)
        dev = {**env, "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev"}
        manage(dev, "migrate", "--noinput")
        manage(dev, "seed_scale", "--sites", str(options.sites), "--pages",
               str(options.pages))  # fmt: skip
        (work / "seeded-db").touch()
    if not (work / "exported").exists():
        manage(env, "collectstatic", "--noinput")
        manage(env, "export_static")
        (work / "exported").touch()

    # ORM calls between browser steps run beside Playwright's event loop.
    os.environ.update(
        {**env, "STATIC_PAGES_ON_COMMIT": "off", "DJANGO_ALLOW_ASYNC_UNSAFE": "true"}
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from playwright.sync_api import sync_playwright
    from wagtail.models import Site

    from sites.models import ArticlePage

    site = Site.objects.get(hostname=DEPARTMENT)
    people, device = accounts(site)
    article = (
        ArticlePage.objects.live()
        .descendant_of(site.root_page)
        .order_by("-publish_date")
        .first()
    )
    column = article.get_parent()
    watched = {
        "article": (DEPARTMENT, article.get_url_parts()[2]),
        "column": (DEPARTMENT, column.get_url_parts()[2]),
        "department home": (DEPARTMENT, "/"),
        "portal home": (PORTAL, "/"),
    }

    processes = []
    run_dir = work / "run"
    try:
        for n in range(1, INSTANCES + 1):
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [
                        PY,
                        "-m",
                        "gunicorn",
                        "-c",
                        "deploy/gunicorn.conf.py",
                        "site_cluster.wsgi:application",
                    ],  # fmt: skip
                    cwd=ROOT,
                    env={
                        **env,
                        "GUNICORN_BIND": f"127.0.0.1:{ports[f'app{n}']}",
                        "GUNICORN_WORKERS": "1",
                    },
                )
            )
        processes.append(
            subprocess.Popen(  # noqa: S603
                [PY, "manage.py", "process_static_queue", "--loop", "0.25"],
                cwd=ROOT,
                env=env,
            )
        )
        manage(env, "render_nginx_conf", "--listen", f"127.0.0.1:{ports['nginx']}",
               "--app", f"127.0.0.1:{ports['app1']}", "--run-dir", str(run_dir))  # fmt: skip
        subprocess.run(  # noqa: S603
            [NGINX, "-c", str(run_dir / "nginx.conf"), "-p", str(run_dir)], check=True
        )
        endpoints = [f"http://127.0.0.1:{p}" for p in ports.values()]
        for endpoint in endpoints:
            wait_for(endpoint + "/", PORTAL)

        totals = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--host-resolver-rules=MAP * 127.0.0.1",
                ],  # fmt: skip
            )
            page = browser.new_page()
            admin = f"http://{PORTAL}:{ports['app1']}/admin"
            page.goto(f"{admin}/login/")
            page.fill("input[name=username]", "bench-signoff")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/otp/**")
            page.fill("input[name=token]", current_code(device))
            page.click("button[type=submit]")
            page.wait_for_load_state()
            if "/otp/" in page.url or "/login/" in page.url:
                raise SystemExit(
                    f"登录失败：{page.url}\n{page.inner_text('main')[:500]}"
                )
            print(
                f"签发 {options.times} 次（3 个 gunicorn 实例轮流，静态写入进程，nginx）",
                flush=True,
            )
            for round_ in range(options.times):
                title = f"点击可见测试{round_}-{time.time_ns() % 10**9}"
                to_signoff(article, people, title)
                instance = ports[f"app{round_ % INSTANCES + 1}"]
                # The dashboard's 待我审核/签发 panel links to the editor, whose
                # action menu holds 批准 (the workflow's approve action).
                page.goto(f"http://{PORTAL}:{instance}/admin/")
                page.locator(f"a[href$='/pages/{article.pk}/edit/']").first.click()
                page.wait_for_load_state()
                approve = page.locator(
                    "footer button[data-workflow-action-name=approve]:visible"
                )
                if not approve.count():
                    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
                approve = approve.first
                approve.wait_for(state="visible")
                clicked = time.monotonic()
                approve.click(no_wait_after=True)
                seen = watch(endpoints, watched, title, clicked)
                complete = len(seen) == len(endpoints) * len(watched)
                slowest = max(seen.values()) if complete else float("inf")
                totals.append(slowest)
                by_page = {
                    name: max(t for (_, n), t in seen.items() if n == name)
                    for name in watched
                    if any(n == name for _, n in seen)
                }
                print(
                    f"  第{round_ + 1}次（实例 {round_ % INSTANCES + 1}）：全部可见 "
                    f"{slowest:.2f} 秒；"
                    + "，".join(f"{k} {v:.2f}" for k, v in by_page.items()),
                    flush=True,
                )
                page.wait_for_load_state()
                article.refresh_from_db()
                assert article.title == title, "签发后页面标题未更新"
            browser.close()
        print(
            f"点击签发 → 四个页面在 3 个实例与 nginx 上均可见：中位数 "
            f"{statistics.median(totals):.2f} 秒，最慢 {max(totals):.2f} 秒"
        )
    finally:
        stop_nginx(run_dir)
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        if not options.work_dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
