"""Existing homes get the standard home layout (issue 18); new sites get it at
provisioning. Homes an editor already arranged are left alone."""

import json
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
        columns = dict(
            ColumnPage.objects.filter(
                path__startswith=home.path, depth__in=(home.depth + 1, home.depth + 2)
            )
            .order_by("-depth")
            .values_list("slug", "pk")
        )
        layout = _with_ids(default_home_layout(columns))
        home.layout = layout
        home.save(update_fields=["layout"])
        _into_latest_revision(apps, home, layout)


def _into_latest_revision(apps, home, layout):
    """The editor opens a home at its latest revision: without the layout there,
    the next publication would empty the home again."""
    Revision = apps.get_model("wagtailcore", "Revision")
    revision = Revision.objects.filter(pk=home.latest_revision_id).first()
    if revision is None or revision.content.get("layout"):
        return
    # Stored like the revision's other StreamField (a JSON string or a list).
    body = revision.content.get("body")
    revision.content["layout"] = json.dumps(layout) if isinstance(body, str) else layout
    revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0020_home_layout"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(fill_layouts, migrations.RunPython.noop)]
