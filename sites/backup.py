"""Backup and restore of a cluster: database, data folders, manifest (issue 16 item 7).

A backup is one folder ``cluster-YYYYmmdd-HHMMSS`` (written as ``….partial`` and
renamed when complete, so a half-written one is never taken for a backup):

- ``database.sqlite3`` — SQLite through the online backup API
  (``sqlite3.Connection.backup``: consistent while workers keep writing), or
  ``database.dump`` — PostgreSQL through ``pg_dump --format=custom`` in the
  snapshot the row counts were taken in;
- ``files/media``, ``files/private`` (citizens' attachments),
  ``files/integrity`` (防篡改 copies of published files);
- ``manifest.json`` — rows per model, SHA-256 and size of every file, and a
  known value encrypted with PERSONAL_DATA_KEYS.

Not in it, on purpose: the keys (SECRET_KEY, PERSONAL_DATA_KEYS) — kept apart
(README “备份与恢复”), a stolen backup holds ID numbers only encrypted; the
search index and the static pages, rebuilt from the database
(``rebuild_index``, ``export_static``); the cache.

``restore`` checks every digest and that the configured keys read the backup
before it changes anything, then compares counts and digests afterwards.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction

from .key_check import CANARY_TEXT
from .personal_data import KeyMismatch, decrypt_or_raise, encrypt

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1 << 20


class BackupError(Exception):
    """Said to the operator in Chinese; nothing was changed when restore raises it."""


def file_roots() -> dict[str, Path]:
    return {
        "media": Path(settings.MEDIA_ROOT),
        "private": Path(settings.PRIVATE_MEDIA_ROOT),
        "integrity": Path(settings.INTEGRITY_BACKUP_DIR),
    }


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _tables() -> dict[str, str]:
    """Model label → table, every concrete model this database holds."""
    return {
        model._meta.label: model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _count(execute, tables: dict[str, str], quote) -> dict[str, int]:
    counts = {}
    for label, table in sorted(tables.items()):
        counts[label] = execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
    return counts


def live_counts(alias: str = "default") -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:

        def execute(sql):
            cursor.execute(sql)
            return cursor.fetchone()[0]

        return _count(execute, _tables(), connection.ops.quote_name)


def _sqlite_counts(path: Path) -> dict[str, int]:
    database = sqlite3.connect(path)
    try:
        return _count(
            lambda sql: database.execute(sql).fetchone()[0],
            _tables(),
            lambda name: '"' + name.replace('"', '""') + '"',
        )
    finally:
        database.close()


def _pg_env(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    conf = connections[alias].settings_dict
    args = []
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return [*args, "--dbname", str(conf["NAME"])], env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[:2000]}")


def _copy_tree(source: Path, target: Path) -> dict[str, dict]:
    """Copy every file under ``source``; their digests and sizes by relative path."""
    entries = {}
    if not source.is_dir():
        return entries
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        relative = path.relative_to(source).as_posix()
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        # The digest of what was copied, not of a file that may change meanwhile.
        entries[relative] = {
            "sha256": sha256_file(destination),
            "size": destination.stat().st_size,
        }
    return entries


def _tree_digests(root: Path) -> dict[str, dict]:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): {
            "sha256": sha256_file(path),
            "size": path.stat().st_size,
        }
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


@dataclass
class Outcome:
    folder: Path
    seconds: float
    rows: int
    files: int
    problems: list[str] = field(default_factory=list)


def backup(target_root: Path, alias: str = "default") -> Outcome:
    started = time.monotonic()
    connection = connections[alias]
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    final = Path(target_root) / f"cluster-{stamp}"
    partial = final.with_name(final.name + ".partial")
    if final.exists() or partial.exists():
        raise BackupError(f"备份目录已存在：{final}")
    partial.mkdir(parents=True)
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        database_file = partial / "database.sqlite3"
        target = sqlite3.connect(database_file)
        try:
            with target:
                connection.connection.backup(target)
        finally:
            target.close()
        counts = _sqlite_counts(database_file)
    elif connection.vendor == "postgresql":
        database_file = partial / "database.dump"
        args, env = _pg_env(alias)
        # Counts and dump from one snapshot: they agree while submissions go on.
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = live_counts(alias)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(database_file),
                    *args,
                ],
                env,
            )
    else:
        raise BackupError(f"不支持的数据库：{connection.vendor}")
    files = {
        name: _copy_tree(root, partial / "files" / name)
        for name, root in file_roots().items()
    }
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": connection.vendor,
        "database": {
            "file": database_file.name,
            "sha256": sha256_file(database_file),
            "size": database_file.stat().st_size,
        },
        "counts": counts,
        "files": files,
        # Not a key: a known value the keys of the restoring host must decrypt.
        "key_check": encrypt(CANARY_TEXT),
        "not_included": {
            "keys": "SECRET_KEY、PERSONAL_DATA_KEYS 另行保管（见 README“备份与恢复”）",
            "search_index": "恢复后运行 manage.py rebuild_index 重建",
            "static_pages": "恢复后运行 manage.py export_static 重新生成",
        },
    }
    (partial / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    partial.rename(final)
    return Outcome(
        final,
        time.monotonic() - started,
        sum(counts.values()),
        sum(len(entries) for entries in files.values()),
    )


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(
            f"{folder} 不是完整的备份（清单 {MANIFEST} 缺失或损坏）"
        ) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不认识的备份格式：{manifest.get('format')}")
    return manifest


def verify(folder: Path, manifest: dict) -> list[str]:
    """What in the backup folder differs from its manifest."""
    problems = []
    database = manifest["database"]
    path = folder / database["file"]
    if not path.is_file() or sha256_file(path) != database["sha256"]:
        problems.append(f"数据库文件 {database['file']} 缺失或与清单不符")
    for name, entries in manifest["files"].items():
        found = _tree_digests(folder / "files" / name)
        problems += _compare_files(name, entries, found)
    return problems


def _compare_files(name: str, expected: dict, found: dict) -> list[str]:
    problems = []
    for relative, entry in expected.items():
        if relative not in found:
            problems.append(f"{name}/{relative} 缺失")
        elif found[relative]["sha256"] != entry["sha256"]:
            problems.append(f"{name}/{relative} 的 SHA-256 与清单不符")
    problems += [f"{name}/{extra} 不在清单中" for extra in set(found) - set(expected)]
    return problems


def check_keys(manifest: dict) -> None:
    try:
        ok = decrypt_or_raise(manifest["key_check"]) == CANARY_TEXT
    except KeyMismatch:
        ok = False
    if not ok:
        raise BackupError(
            "密钥不匹配：配置的 PERSONAL_DATA_KEYS 无法解密此备份中的个人信息。"
            "请先配置备份时使用的密钥（与备份分开保管），再恢复；未做任何改动。"
        )


def restore(folder: Path, alias: str = "default") -> Outcome:
    started = time.monotonic()
    folder = Path(folder)
    manifest = read_manifest(folder)
    connection = connections[alias]
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"此备份来自 {manifest['engine']}，当前数据库是 {connection.vendor}；未做任何改动。"
        )
    problems = verify(folder, manifest)
    if problems:
        raise BackupError("备份已损坏，未做任何改动：" + "；".join(problems[:20]))
    check_keys(manifest)
    database_file = folder / manifest["database"]["file"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(database_file)
        try:
            # Page by page into the live database, under its write lock.
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        args, env = _pg_env(alias)
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                *args,
                str(database_file),
            ],
            env,
        )
    for name, root in file_roots().items():
        root.mkdir(parents=True, exist_ok=True)
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        _copy_tree(folder / "files" / name, root)
    # Pages cached before the restore show data that no longer exists.
    from django.core.cache import caches

    try:
        caches["default"].clear()
    except Exception:  # noqa: BLE001 - an unreachable cache is not a failed restore
        logging.getLogger("sites.backup").warning(
            "restore: the page cache could not be cleared", exc_info=True
        )
    problems = compare(manifest)
    files = sum(len(entries) for entries in manifest["files"].values())
    return Outcome(
        folder,
        time.monotonic() - started,
        sum(manifest["counts"].values()),
        files,
        problems,
    )


def compare(manifest: dict, alias: str = "default") -> list[str]:
    """Where the live database and folders differ from a backup's manifest."""
    counts = live_counts(alias)
    problems = [
        f"{label}：备份 {expected} 行，现有 {counts.get(label)} 行"
        for label, expected in manifest["counts"].items()
        if counts.get(label) != expected
    ]
    for name, root in file_roots().items():
        problems += _compare_files(
            name, manifest["files"].get(name, {}), _tree_digests(root)
        )
    return problems
