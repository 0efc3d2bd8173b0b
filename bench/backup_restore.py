"""Backup–restore round trip of the demo cluster (issue 16 item 7): RPO/RTO figures.

Usage: python bench/backup_restore.py [--work-dir DIR]
       DATABASE_URL=postgres://…/dedicated python bench/backup_restore.py

Seeds the demo (``seed_demo``) into SQLite in a temporary DATA_DIR (or into
the PostgreSQL database of DATABASE_URL — a database of its own: it is
dropped and created again), then:

1. ``manage.py backup`` (timed);
2. wipes everything: the database (SQLite file deleted / PostgreSQL database
   dropped and created empty) and the media, private and integrity folders;
3. ``manage.py restore --yes`` (timed), which compares every row count and
   every file digest with the backup's manifest and fails on a difference;
4. ``manage.py rebuild_index`` (timed: part of the time to full service).

Prints the size of the backup, rows and files, and the seconds of each step.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import PY, ROOT  # noqa: E402


def manage(env, *args) -> tuple[float, str]:
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} 失败：\n{result.stderr[-3000:]}")
    return time.monotonic() - started, result.stdout


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir")
    options = parser.parse_args()
    from cryptography.fernet import Fernet

    work = Path(options.work_dir or tempfile.mkdtemp(prefix="cluster-backup-"))
    data = work / "data"
    backups = work / "backups"
    backups.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL", "")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "site_cluster.settings.dev",
        "DATA_DIR": str(data),
        "BACKUP_DIR": str(backups),
        "PERSONAL_DATA_KEYS": Fernet.generate_key().decode(),
        "SEARCH_PROCESS_ON_COMMIT": "0",
    }
    if url.startswith("postgres"):
        target = urlparse(url)
        database = target.path.lstrip("/")
        pg = ["-h", target.hostname or "127.0.0.1", "-p", str(target.port or 5432),
              "-U", target.username or "postgres"]  # fmt: skip
        subprocess.run(["dropdb", "--if-exists", *pg, database], check=True)  # noqa: S603, S607
        subprocess.run(["createdb", *pg, database], check=True)  # noqa: S603, S607
    print("播种演示站群 …", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--domain", "bj.localhost")

    backup_seconds, out = manage(env, "backup")
    (folder,) = [p for p in backups.iterdir() if p.is_dir()]
    manifest = json.loads((folder / "manifest.json").read_text())
    rows = sum(manifest["counts"].values())
    files = sum(len(entries) for entries in manifest["files"].values())

    # Wipe: the database and the data folders, as on a replacement machine.
    if url.startswith("postgres"):
        subprocess.run(["dropdb", *pg, database], check=True)  # noqa: S603, S607
        subprocess.run(["createdb", *pg, database], check=True)  # noqa: S603, S607
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{data / 'cluster.sqlite3'}{suffix}").unlink(missing_ok=True)
    for name in ("media", "private", "integrity", "search"):
        shutil.rmtree(data / name, ignore_errors=True)

    restore_seconds, out = manage(env, "restore", str(folder), "--yes")
    assert "与清单一致" in out, out
    index_seconds, _ = manage(env, "rebuild_index", "--noinput")

    engine = (
        "PostgreSQL（pg_dump -Fc）"
        if url.startswith("postgres")
        else "SQLite（在线备份 API）"
    )
    print()
    print(f"{engine}；{os.cpu_count()} 核，负载（1 分钟）{os.getloadavg()[0]:.1f}")
    print(
        f"备份：{backup_seconds:.1f} 秒；{folder_size(folder) / 1e6:.1f} MB，{rows} 行，{files} 个文件"
    )
    print(
        f"清空后恢复（含核对 SHA-256、密钥、恢复后逐表行数和文件摘要）：{restore_seconds:.1f} 秒"
    )
    print("恢复后逐表行数与文件摘要：全部一致")
    print(f"重建全文检索索引：{index_seconds:.1f} 秒")
    print(
        f"恢复到完全服务（RTO，不含换机器）：{restore_seconds + index_seconds:.1f} 秒"
    )


if __name__ == "__main__":
    main()
