"""Time ``seed_scale`` on a fresh embedded database and print the figures.

Usage: python bench/seed_scale_bench.py [--sites 100] [--pages 1000] [--database-url URL]
The issue's target: 100 sites x 1,000 pages in minutes, not hours.
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="cluster-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev",
        "DATA_DIR": data_dir,
    }
    if options.database_url:
        env["DATABASE_URL"] = options.database_url
    migrate = run(["migrate", "--noinput", "-v0"], env)
    seed = run(
        ["seed_scale", "--sites", str(options.sites), "--pages", str(options.pages)],
        env,
    )
    again = run(
        ["seed_scale", "--sites", str(options.sites), "--pages", str(options.pages)],
        env,
    )
    pages = options.sites * options.pages
    print(f"migrate: {migrate:.1f} s")
    print(
        f"seed_scale {options.sites} sites x {options.pages} pages: {seed:.1f} s ({pages / seed:.0f} pages/s)"
    )
    print(f"second run (idempotent, nothing added): {again:.1f} s")
    print(f"database: {options.database_url or Path(data_dir) / 'cluster.sqlite3'}")


if __name__ == "__main__":
    main()
