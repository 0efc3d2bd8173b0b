"""Time the 网站监管 run and dashboard on the ``seed_scale`` cluster and print the figures.

Usage: python bench/compliance_bench.py [--sites 100] [--pages 100] [--database-url URL]

Builds a fresh cluster (migrate + seed_scale) in a temporary database, then, in
this process: two compliance runs (so the dashboard has a trend), and the
dashboard, one site's drill-down and the xlsx export as a supervisor, each with
its wall time and query count. The query counts must not depend on the number
of sites (issue #7).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(args, env):
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603
    return time.monotonic() - started


def measure(label, action):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.monotonic()
        result = action()
        elapsed = time.monotonic() - started
    print(f"{label}: {elapsed * 1000:.0f} ms, {len(ctx.captured_queries)} queries")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="cluster-compliance-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev",
        "DATA_DIR": data_dir,
    }
    if options.database_url:
        env["DATABASE_URL"] = options.database_url
    print(f"migrate: {run(['migrate', '--noinput', '-v0'], env):.1f} s")
    seed = run(
        ["seed_scale", "--sites", str(options.sites), "--pages", str(options.pages)],
        env,
    )
    print(f"seed_scale {options.sites} sites x {options.pages} pages: {seed:.1f} s")

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from sites.compliance.runner import run_checks
    from sites.models import SiteScore

    setup_test_environment()  # lets the test client answer on any host
    settings.ALLOWED_HOSTS = ["*"]
    measure("compliance run 1", run_checks)
    last = measure("compliance run 2", run_checks)
    scores = SiteScore.objects.filter(run=last)
    print(
        f"sites scored: {scores.count()}, 不合格: {scores.filter(verdict='fail').count()}"
    )

    user = get_user_model().objects.create_superuser("bench-supervisor", "", "x")
    client = Client()
    client.force_login(user)
    site_id = scores.order_by("site_name").first().site_id
    for label, url in (
        ("dashboard", reverse("sites_compliance_dashboard")),
        ("dashboard (warm)", reverse("sites_compliance_dashboard")),
        ("site drill-down", reverse("sites_compliance_site", args=[site_id])),
        ("xlsx export", reverse("sites_compliance_export")),
    ):
        response = measure(label, lambda url=url: client.get(url))
        assert response.status_code == 200, (label, response.status_code)
    print(f"database: {options.database_url or Path(data_dir) / 'cluster.sqlite3'}")


if __name__ == "__main__":
    main()
