"""``manage.py backup`` / ``restore`` (issue 16 item 7): a round trip through a
wiped database and wiped data folders gives back every row count and every
file digest; a wrong key or a damaged backup is refused before anything changes.
Runs on the configured database (SQLite online backup API, or PostgreSQL
pg_dump/pg_restore when DATABASE_URL is set)."""

import json
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from disclosure.models import DisclosureApplication
from sites.backup import compare, live_counts

from ..disclosure.application_helpers import EDU_HOST, submit_application

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data_folders(settings, tmp_path):
    for name in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "INTEGRITY_BACKUP_DIR"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        setattr(settings, name, folder)
    settings.PERSONAL_DATA_KEYS = [Fernet.generate_key().decode()]
    settings.BACKUP_DIR = str(tmp_path / "backups")
    (settings.MEDIA_ROOT / "documents").mkdir()
    (settings.MEDIA_ROOT / "documents" / "通知.pdf").write_bytes(b"%PDF-1.4 " * 500)
    (settings.PRIVATE_MEDIA_ROOT / "letters").mkdir()
    (settings.PRIVATE_MEDIA_ROOT / "letters" / "附件.jpg").write_bytes(b"\xff\xd8" * 99)
    (settings.INTEGRITY_BACKUP_DIR / "a.bin").write_bytes(b"copy")
    return settings


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def only_backup(settings) -> Path:
    (folder,) = Path(settings.BACKUP_DIR).iterdir()
    return folder


def test_round_trip_through_a_wiped_database_and_folders(cluster, data_folders):
    response = submit_application(Client(), EDU_HOST, cluster.edu, name="欧阳明月")
    assert response.status_code == 302
    before = live_counts()
    assert "已备份到" in run("backup")
    folder = only_backup(data_folders)
    manifest = json.loads((folder / "manifest.json").read_text())
    # No key in the backup, in clear or otherwise.
    text = (folder / "manifest.json").read_text()
    assert data_folders.PERSONAL_DATA_KEYS[0] not in text
    assert data_folders.SECRET_KEY not in text
    assert manifest["counts"]["disclosure.DisclosureApplication"] == 1
    assert set(manifest["files"]["private"]) == {"letters/附件.jpg"}

    # Wipe: the rows, the files, and something that was not there.
    DisclosureApplication.objects.all().delete()
    (data_folders.PRIVATE_MEDIA_ROOT / "letters" / "附件.jpg").unlink()
    (data_folders.MEDIA_ROOT / "documents" / "通知.pdf").write_bytes(b"changed")
    (data_folders.MEDIA_ROOT / "new.txt").write_text("after the backup")
    assert compare(manifest)

    output = run("restore", str(folder), "--yes")
    assert "与清单一致" in output
    # The restore itself is audited, after the comparison.
    audited = manifest["counts"]["sites.AuditEvent"]
    assert compare(manifest) == [
        f"sites.AuditEvent：备份 {audited} 行，现有 {audited + 1} 行"
    ]
    after = live_counts()
    after.pop("sites.AuditEvent"), before.pop("sites.AuditEvent")
    assert after == before
    case = DisclosureApplication.objects.get()
    assert case.name == "欧阳明月"
    assert not (data_folders.MEDIA_ROOT / "new.txt").exists()


def test_a_wrong_key_or_a_damaged_backup_changes_nothing(cluster, data_folders):
    submit_application(Client(), EDU_HOST, cluster.edu)
    run("backup")
    folder = only_backup(data_folders)
    right = data_folders.PERSONAL_DATA_KEYS
    DisclosureApplication.objects.all().delete()

    data_folders.PERSONAL_DATA_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="密钥不匹配"):
        run("restore", str(folder), "--yes")
    assert not DisclosureApplication.objects.exists()

    data_folders.PERSONAL_DATA_KEYS = right
    (folder / "files" / "private" / "letters" / "附件.jpg").write_bytes(b"evil")
    with pytest.raises(CommandError, match="备份已损坏"):
        run("restore", str(folder), "--yes")
    assert not DisclosureApplication.objects.exists()
    assert (data_folders.MEDIA_ROOT / "documents" / "通知.pdf").exists()
