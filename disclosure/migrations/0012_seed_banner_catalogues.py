"""Give every existing banner (旗县) site the standard 公开事项 (R34)."""

from django.db import migrations

STEP = 4  # treebeard's path step


def seed(apps, schema_editor):
    from disclosure.catalog.standard.data import STANDARD_ENTRIES

    SiteProfile = apps.get_model("sites", "SiteProfile")
    ColumnPage = apps.get_model("sites", "ColumnPage")
    CatalogueEntry = apps.get_model("disclosure", "CatalogueEntry")
    for profile in SiteProfile.objects.filter(kind="banner").select_related(
        "site__root_page"
    ):
        site = profile.site
        if CatalogueEntry.objects.filter(site=site).exists():
            continue
        columns = {
            c.slug: c
            for c in ColumnPage.objects.filter(
                path__startswith=site.root_page.path, depth__gt=site.root_page.depth
            )
        }
        for order, data in enumerate(STANDARD_ENTRIES):
            fields = {k: v for k, v in data.items() if k != "column_slug"}
            entry = CatalogueEntry.objects.create(site=site, sort_order=order, **fields)
            column = columns.get(data["column_slug"])
            if column is not None:
                entry.columns.add(column)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0011_standard_catalogue")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
