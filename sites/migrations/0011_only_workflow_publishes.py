"""Only the workflow publishes (issue 13 item 1, R76).

Existing sites' groups lose Wagtail's ``publish_page`` (its holder can skip the
review) and get the cluster's ``withdraw_page`` (撤稿) on the same pages; the
cluster admin group gets ``sites.emergency_publish``.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    page_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="page"
    )
    withdraw, _ = Permission.objects.get_or_create(
        content_type=page_type,
        codename="withdraw_page",
        defaults={"name": "可撤稿（撤回已发布页面，须填写原因）"},
    )
    publish = Permission.objects.filter(
        content_type=page_type, codename="publish_page"
    ).first()
    if publish is not None:
        for grant in GroupPagePermission.objects.filter(permission=publish):
            GroupPagePermission.objects.get_or_create(
                group_id=grant.group_id, page_id=grant.page_id, permission=withdraw
            )
        GroupPagePermission.objects.filter(permission=publish).delete()

    publication_type, _ = ContentType.objects.get_or_create(
        app_label="sites", model="emergencypublication"
    )
    emergency, _ = Permission.objects.get_or_create(
        content_type=publication_type,
        codename="emergency_publish",
        defaults={"name": "可紧急发布（不经审核流程，须填写理由）"},
    )
    for group in Group.objects.filter(name="集群管理员"):
        group.permissions.add(emergency)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    withdraw = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="withdraw_page"
    ).first()
    publish = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="publish_page"
    ).first()
    if withdraw is None:
        return
    if publish is not None:
        for grant in GroupPagePermission.objects.filter(permission=withdraw):
            GroupPagePermission.objects.get_or_create(
                group_id=grant.group_id, page_id=grant.page_id, permission=publish
            )
    withdraw.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0010_publishing_trust"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
