"""Remove Wagtail's default groups "Editors" and "Moderators" (issue #14 item 5).

Wagtail's initial data gives them edit (and publish) rights on the root page,
that is on every site of the cluster, and English names nobody here assigns on
purpose. Each site has its own groups (SiteRoleGroup); these two only widen
whatever account is put in them by mistake.
"""

from django.db import migrations

DEFAULT_GROUPS = ("Editors", "Moderators")


def remove_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=DEFAULT_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0008_site_role_groups"),
        # Wagtail's own migrations that create these groups or grant them
        # permissions run first.
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(remove_default_groups, migrations.RunPython.noop)]
