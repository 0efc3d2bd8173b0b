"""蒙古文版 and publish-time static pages: the Mongolian version is written under
/mn/, and publishing a translation rewrites its Chinese twin, whose switcher and
hreflang now point at it."""

import pytest

from sites.services.mongolian_version import enable_mongolian, mongolian_locale
from sites.static_output.export import export
from sites.static_output.models import StaticPageTask
from tests.conftest import add_article, column

from .conftest import queued, run_writer, snapshot

pytestmark = pytest.mark.django_db


def test_publishing_a_translation_rewrites_its_chinese_twin(static_root, cluster):
    site = cluster.edu
    home = enable_mongolian(site, title="ᠪᠣᠯᠪᠠᠰᠤᠷᠠᠯ ᠤᠨ ᠲᠣᠪᠴᠢᠶ᠎ᠠ")
    home.save_revision().publish()
    gzdt = column(site, "gzdt")
    mn_column = gzdt.copy_for_translation(mongolian_locale())
    mn_column.title = "ᠠᠵᠢᠯ ᠤᠨ ᠮᠡᠳᠡᠭᠡ"
    mn_column.save_revision().publish()
    chinese = add_article(gzdt, "教育局召开工作会议")
    assert export("1599000002").failed == 0
    StaticPageTask.objects.all().delete()
    before = snapshot()
    twin_address = f"{site.hostname}/gzdt/{chinese.slug}/"
    assert f"/mn/gzdt/{chinese.slug}/" not in before[twin_address].decode()

    translation = chinese.copy_for_translation(mongolian_locale())
    translation.title = "ᠠᠵᠢᠯ ᠤᠨ ᠬᠤᠷᠠᠯ"
    translation.save_revision().publish()
    assert twin_address in queued()
    run_writer()
    after = snapshot()
    assert f"/mn/gzdt/{chinese.slug}/" in after[twin_address].decode()
    mongolian_file = after[f"{site.hostname}/mn/gzdt/{chinese.slug}/"].decode()
    assert 'lang="mn-Mong"' in mongolian_file
