"""Give every existing site its default 领导信箱 (new sites get it on creation)."""

from django.db import migrations

CATEGORIES = (("consult", "咨询", 5), ("suggest", "建议", 15), ("complain", "投诉", 15))


def create_default_mailboxes(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Mailbox = apps.get_model("interaction", "Mailbox")
    MailboxCategory = apps.get_model("interaction", "MailboxCategory")
    have = set(Mailbox.objects.values_list("site_id", flat=True))
    for site in Site.objects.exclude(pk__in=have):
        mailbox = Mailbox.objects.create(
            site=site,
            name="领导信箱",
            description=f"向{site.site_name}负责同志写信咨询、建议、投诉。",
        )
        for order, (kind, name, days) in enumerate(CATEGORIES):
            MailboxCategory.objects.create(
                mailbox=mailbox,
                name=name,
                kind=kind,
                reply_working_days=days,
                acknowledge_working_days=1,
                sort_order=order,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("interaction", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_default_mailboxes, migrations.RunPython.noop)
    ]
