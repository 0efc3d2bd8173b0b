"""Existing homes get the standard home layout (issue 18); new sites get it at
provisioning. Homes an editor already arranged are left alone."""

import uuid

from django.db import migrations


def _with_ids(items):
    return [{"id": str(uuid.uuid4()), **item} for item in items]


def fill_layouts(apps, schema_editor):
    from sites.home_blocks import default_home_layout

    HomePage = apps.get_model("sites", "HomePage")
    ColumnPage = apps.get_model("sites", "ColumnPage")
    for home in HomePage.objects.all():
        if home.layout and len(home.layout.raw_data):
            continue
        # Top-level columns last, so a top-level slug wins over a nested one.
        columns = {
            slug: pk
            for slug, pk in ColumnPage.objects.filter(
                path__startswith=home.path, depth__in=(home.depth + 1, home.depth + 2)
            )
            .order_by("-depth")
            .values_list("slug", "pk")
        }
        home.layout = _with_ids(default_home_layout(columns))
        home.save(update_fields=["layout"])


class Migration(migrations.Migration):
    dependencies = [("sites", "0014_home_layout")]

    operations = [migrations.RunPython(fill_layouts, migrations.RunPython.noop)]
