"""Daily reminder (cron or a worker): mail each site's 信件办理 handlers the list
of their letters in alarm — due soon, overdue, not accepted in time, or near the
three-month ceiling — and the follow-ups due. Case numbers and deadlines only,
never the writer's data. A failing mail server is reported, not fatal."""

from collections import defaultdict

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db.models import Q
from wagtail.models import Site

from interaction.letter_choices import OPEN_STATUSES
from interaction.models import Letter
from interaction.services.deadlines import AlarmClock
from interaction.services.permissions import handler_groups


class Command(BaseCommand):
    help = "向各网站信件办理人员发送即将到期、已超期信件的提醒邮件。"

    def handle(self, *args, **options):
        clock = AlarmClock()
        letters = Letter.objects.filter(status__in=OPEN_STATUSES).filter(
            Q(due_on__lte=clock.yellow_horizon)
            | Q(submitted_at__date__lte=clock.hard_since)
            | Q(status="submitted", acknowledge_due_on__lt=clock.on)
        )
        lines = defaultdict(list)
        for letter in letters.order_by("due_on", "pk"):
            level = clock.level(letter)
            if level is not None:
                lines[letter.handling_site_id].append(
                    f"{letter.case_number}  答复期限 {letter.due_on:%Y-%m-%d}  {level.label}"
                    + ("（答复待审核）" if letter.status == "replied" else "")
                )
        follow_ups = Letter.objects.filter(
            follow_up_due_on__isnull=False, follow_up_done_at__isnull=True
        )
        for letter in follow_ups:
            lines[letter.handling_site_id].append(
                f"{letter.case_number}  回访期限 {letter.follow_up_due_on:%Y-%m-%d}"
            )
        sent = failed = 0
        for site in Site.objects.filter(pk__in=lines):
            recipients = sorted({
                user.email
                for group in handler_groups(site)
                for user in group.user_set.filter(is_active=True)
                if user.email
            })  # fmt: skip
            if not recipients:
                continue
            try:
                send_mail(
                    f"{site.site_name}：{len(lines[site.pk])} 件信件需要办理",
                    "以下信件即将到期、已超期或待回访，请登录管理后台“政民互动 → 办理提醒”处理：\n\n"
                    + "\n".join(lines[site.pk]),
                    None,
                    recipients,
                )
                sent += 1
            except Exception as exc:  # noqa: BLE001 - report and go on with the next site
                failed += 1
                self.stderr.write(
                    f"{site.site_name}：提醒邮件发送失败（{type(exc).__name__}）"
                )
        self.stdout.write(f"已发送提醒 {sent} 封，失败 {failed} 封。")
