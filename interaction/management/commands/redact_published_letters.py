"""Apply today's redaction again to letters already published (issue 14).

    python manage.py redact_published_letters [--dry-run]

The letter's texts lose every personal number, the reply only the writer's own
data and ID numbers (issue 18). Letters published before the pattern families (spaced, hyphenated or full-width
numbers, 15-digit IDs) may still show such numbers; their public texts are
redacted again, and each changed letter is sent to the search index anew. The
handlers' own texts are not touched. Run once after the upgrade.
"""

from django.core.management.base import BaseCommand

from interaction.models import Letter
from interaction.services.publication import (
    declared_public_numbers,
    redact,
    redact_reply,
)
from interaction.signals import letter_published

FIELDS = ("public_subject", "public_content", "public_reply")


class Command(BaseCommand):
    help = "按最新的隐去规则重新处理已公开信件的公开文本，并更新检索索引。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不保存")

    def handle(self, *args, **options):
        keep = declared_public_numbers()
        changed = 0
        letters = Letter.objects.filter(is_published=True).order_by("pk")
        for letter in letters.iterator(chunk_size=200):
            new = {f: redact(getattr(letter, f), letter, keep=keep) for f in FIELDS[:2]}
            # The reply keeps the office's numbers; only the writer's data goes.
            new["public_reply"] = redact_reply(letter.public_reply, letter)
            if all(new[f] == getattr(letter, f) for f in FIELDS):
                continue
            changed += 1
            if options["dry_run"]:
                continue
            for field, value in new.items():
                setattr(letter, field, value)
            letter.save(update_fields=list(FIELDS))
            letter_published.send(sender=Letter, instance=letter)
        verb = "需重新处理" if options["dry_run"] else "已重新处理"
        self.stdout.write(f"已公开信件中{verb}{changed}封。")
