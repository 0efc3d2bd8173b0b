"""Time approval notices at volume: import, public lists, export, 电子监察 and checks.

Usage: python bench/approvals_bench.py [--data-dir DIR] [--cases 6000] [--requests 50]
Without --data-dir it builds the demo cluster (seed_demo) in a temporary directory.
Imports ``--cases`` 办件 and a third as many 双公示 decisions spread over the
department and banner sites (in batches of 1,000 through the same service as the
API), then prints rows per second, median/p95 ms and query counts of the portal's
lists (first, deep and filtered pages), the full CSV export, pinning red signals
and the two compliance checks. Query counts must not grow with the data; the
tests assert that too (tests/disclosure/approvals).
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--cases", type=int, default=6000)
    parser.add_argument("--requests", type=int, default=50)
    options = parser.parse_args()
    data_dir = options.data_dir or tempfile.mkdtemp(prefix="cluster-approvals-")
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
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from demo.disclosure.approvals import resident_id, uscc
    from disclosure.approvals.compliance import checks
    from disclosure.approvals.importing import import_rows
    from disclosure.approvals.supervision import pin_red_signals
    from sites.models import SiteProfile

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    portal = SiteProfile.objects.get(kind="portal").site
    members = [
        p.site
        for p in SiteProfile.objects.exclude(kind="portal").select_related("site")
    ]
    today = timezone.localdate()
    person, company = resident_id("15010219850612302"), uscc("91150100MA0N8K3Q7")

    def case(i):
        accepted = today - datetime.timedelta(days=1 + i % 90)
        row = {"case_number": f"B{i:07d}", "item_name": f"审批事项{i % 40}",
               "accepted_at": f"{accepted:%Y-%m-%d} 09:00", "promised_days": 10,
               "legal_days": 20, "state": "审查"}  # fmt: skip
        if i % 3 == 0:
            done = accepted + datetime.timedelta(days=5)
            row.update(state="办结", result="准予",
                       completed_at=f"{min(done, today - datetime.timedelta(days=1)):%Y-%m-%d} 17:00")  # fmt: skip
        if i % 2:
            return {**row, "applicant_type": "自然人", "applicant_name": "王某某",
                    "applicant_id": person}  # fmt: skip
        return {**row, "applicant_type": "法人", "applicant_name": "北疆某某有限公司",
                "applicant_code": company}  # fmt: skip

    def decision(i):
        decided = today - datetime.timedelta(days=1 + i % 60)
        return {"kind": "行政许可", "document_title": "准予行政许可决定书",
                "document_number": f"北批许〔{decided.year}〕{i}号", "category": "普通",
                "content": "准予许可。", "party_type": "法人", "party_name": "北疆某某有限公司",
                "party_code": company, "decided_on": f"{decided:%Y-%m-%d}",
                "authority": "北疆市人民政府"}  # fmt: skip

    started = time.perf_counter()
    rows = 0
    for kind, make, total in (("cases", case, options.cases),
                              ("decisions", decision, options.cases // 3)):  # fmt: skip
        for start in range(0, total, 1000):
            site = members[(start // 1000) % len(members)]
            batch = [(n + 1, make(i)) for n, i in
                     enumerate(range(start, min(start + 1000, total)))]  # fmt: skip
            report = import_rows(site, kind, batch, source="bench")
            assert report.ok, report.errors[:3]
            rows += len(batch)
    elapsed = time.perf_counter() - started
    print(f"import: {rows} rows in {elapsed:.1f} s ({rows / elapsed:.0f} rows/s, "
          f"batches of 1,000, validation + store + events)")  # fmt: skip

    client = Client()
    targets = [
        ("portal 办件 list", "/zwfw/bjgs/"),
        ("portal 办件 page 200", "/zwfw/bjgs/?page=200"),
        ("portal 办件 filtered", "/zwfw/bjgs/?state=completed&q=审批事项1"),
        ("portal 双公示 list", "/xxgk/sgs/"),
    ]
    for name, path in targets:
        client.get(path, HTTP_HOST=portal.hostname)
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        # Django empties connection.queries when a request starts; count directly.
        with connection.execute_wrapper(count):
            assert client.get(path, HTTP_HOST=portal.hostname).status_code == 200
        timings = []
        for _ in range(options.requests):
            begin = time.perf_counter()
            client.get(path, HTTP_HOST=portal.hostname)
            timings.append((time.perf_counter() - begin) * 1000)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{name:22s} median {statistics.median(timings):6.1f} ms  "
              f"p95 {p95:6.1f} ms  {len(queries)} queries")  # fmt: skip

    def timed(name, action):
        with CaptureQueriesContext(connection) as queries:
            begin = time.perf_counter()
            action()
            spent = (time.perf_counter() - begin) * 1000
        print(f"{name:22s} {spent:8.1f} ms  {len(queries)} queries")

    def export():
        response = client.get("/zwfw/bjgs/export.csv", HTTP_HOST=portal.hostname)
        size = sum(len(chunk) for chunk in response.streaming_content)
        assert size > 0

    timed("CSV export (all 办件)", export)  # streamed: counted outside the request
    timed("pin red signals", lambda: pin_red_signals(None, today))
    timed("pin again (none new)", lambda: pin_red_signals(None, today))
    sites = [portal, *members]
    for check in checks():
        timed(f"check {check.id}"[:22], lambda check=check: check.run(sites, today))


if __name__ == "__main__":
    main()
