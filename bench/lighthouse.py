"""Lighthouse (mobile) scores of the public pages of a running demo cluster.

Usage: python bench/lighthouse.py [--base http://www.bj.localhost:8000]
       [--lighthouse PATH] [--paths / /xxgk/gkml/ ...]

Needs the npm package ``lighthouse`` (not part of the test suite: install it
anywhere, e.g. ``npm install lighthouse@12`` in a scratch folder, and pass the
path of its ``node_modules/.bin/lighthouse``) and Debian's chromium
(CHROME_PATH, default /usr/bin/chromium). Without ``--paths`` it audits the
portal home, its newest article, the disclosure catalogue and the letter form.
Prints accessibility, best practices, SEO and performance per page (0–100).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

CATEGORIES = ("accessibility", "best-practices", "seo", "performance")


def newest_article(base: str) -> str:
    """The first article linked from the home's 要闻 block."""
    parts = urllib.parse.urlsplit(base)
    address = base
    if parts.hostname.endswith(".localhost"):
        # Browsers resolve *.localhost to this machine; Python's resolver may not.
        address = f"{parts.scheme}://127.0.0.1:{parts.port or 80}"
    request = urllib.request.Request(  # noqa: S310
        address + "/", headers={"Host": parts.netloc}
    )
    html = urllib.request.urlopen(request).read().decode()  # noqa: S310
    match = re.search(r'href="(/gzdt/t\d{8}_[0-9a-f]+/)"', html)
    return match.group(1) if match else "/gzdt/"


def audit(lighthouse: str, url: str) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run(  # noqa: S603
            [
                lighthouse, url, "--quiet", "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        )  # fmt: skip
        data = json.loads(report.read_text())
    return {
        name: round((data["categories"][name]["score"] or 0) * 100)
        for name in CATEGORIES
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://www.bj.localhost:8000")
    parser.add_argument("--lighthouse", default="lighthouse")
    parser.add_argument("--paths", nargs="*")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    paths = args.paths or [
        "/",
        newest_article(base),
        "/xxgk/gkml/",
        "/hdjl/ldxx/write/",
    ]
    print(f"{'page':40} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    for path in paths:
        scores = audit(args.lighthouse, base + path)
        print(f"{path:40} " + " ".join(f"{scores[c]:>15}" for c in CATEGORIES))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
