from django.db import migrations, models

ROLE = "内部人员"


def add_internal_reader_groups(apps, schema_editor):
    """Every existing site gets its 内部人员 group (new sites get it from
    provisioning). The group has no permissions: membership alone opens the
    site's internal sections; it never enters the admin."""
    Site = apps.get_model("wagtailcore", "Site")
    Group = apps.get_model("auth", "Group")
    SiteRoleGroup = apps.get_model("sites", "SiteRoleGroup")
    for site in Site.objects.filter(role_groups__isnull=False).distinct():
        if SiteRoleGroup.objects.filter(site=site, role=ROLE).exists():
            continue
        name = f"{site.site_name}·{ROLE}"
        suffix = 2
        while Group.objects.filter(name=name).exists():
            name = f"{site.site_name}·{ROLE}{suffix}"
            suffix += 1
        group = Group.objects.create(name=name)
        SiteRoleGroup.objects.create(site=site, role=ROLE, group=group)


class Migration(migrations.Migration):

    dependencies = [
        ('sites', '0013_login_throttle'),
    ]

    operations = [
        migrations.AlterField(
            model_name='siterolegroup',
            name='role',
            field=models.CharField(choices=[('编辑', '编辑'), ('审核', '审核'), ('站点管理员', '站点管理员'), ('信件办理', '信件办理'), ('公开办理', '公开办理'), ('内部人员', '内部人员')], max_length=20, verbose_name='角色'),
        ),
        migrations.RunPython(add_internal_reader_groups, migrations.RunPython.noop),
    ]
