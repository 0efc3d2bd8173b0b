import pytest

from sites.static_output import storage
from sites.static_output.export import export
from sites.static_output.models import StaticPageTask
from sites.static_output.queue import process_pending


@pytest.fixture
def static_root(settings, tmp_path):
    """Static output switched on into a fresh directory; the writer runs when the
    test calls it (``written``), so that each test sees what one change queued."""
    settings.STATIC_PAGES_ROOT = str(tmp_path / "pages")
    settings.STATIC_PAGES_ON_COMMIT = "off"
    return tmp_path / "pages"


@pytest.fixture
def exported(static_root, cluster):
    """The files of the portal and the 教育局 site (the sites the tests change;
    the others stay off disk to keep the tests fast)."""
    for code in ("1599000001", "1599000002"):
        assert export(code).failed == 0
    StaticPageTask.objects.all().delete()
    return static_root


def snapshot() -> dict[str, bytes]:
    base = storage.root()
    return {
        "{}{}".format(*storage.address_of(f, base)): f.read_bytes()
        for f in storage.files_on_disk()
    }


def queued() -> set[str]:
    return {f"{t.hostname}{t.path}" for t in StaticPageTask.objects.all()}


def run_writer():
    outcome = process_pending()
    assert outcome.failed == 0
    assert not StaticPageTask.objects.exists()
    return outcome
