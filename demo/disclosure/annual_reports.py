"""Demo 政府信息公开工作年度报告 for last year (``seed_demo``).

Each demo site's report is generated from its recorded cases by the real
machinery (``annual_report.generate``), published through the site's review
workflow (an editor submits, 审核 and 签发 approve, nobody publishes alone) and
dated before the statutory deadline, so the fresh demo passes its own
supervision check (R45). Idempotent.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, TaskState

from disclosure.annual_report import building as annual_report
from disclosure.models import AnnualReport
from sites.services.site_roles import SiteRole, site_roles

PROBLEMS = (
    "一是主动公开的及时性和解读的针对性有待提高；"
    "二是依申请公开答复的说理还不够充分。\n"
    "下一步将加强业务培训，完善发布前审核和答复文书范本。"
)
OTHER_MATTERS = "本年度无其他需要报告的事项。"

# The office staff who write, review and sign off the report (no login: their
# passwords are unusable; the printed demo accounts are for people).
STAFF = (
    (SiteRole.EDITOR, "editor", "刘", "洋"),
    (SiteRole.REVIEWER, "reviewer", "陈", "静"),
    (SiteRole.SITE_ADMIN, "signer", "赵", "敏"),
)


def _staff(key: str, site) -> list:
    users = []
    for role, suffix, last, first in STAFF:
        user, created = get_user_model().objects.get_or_create(
            username=f"demo-{key}-{suffix}",
            defaults={"last_name": last, "first_name": first},
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(site_roles.group(site, role))
        users.append(user)
    return users


def _approve_all(page, approvers) -> None:
    for user in approvers:
        state = TaskState.objects.filter(
            workflow_state__object_id=str(page.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        ).first()
        if state is None:
            return
        state = state.specific
        state.task.specific.on_action(state, user, "approve")


def seed_demo_annual_reports(sites: dict, stdout=None) -> int:
    year = timezone.localdate().year - 1
    if year not in annual_report.allowed_years():
        return 0
    published = 0
    for key, site in sites.items():
        if AnnualReport.objects.filter(site=site, year=year, page__live=True).exists():
            continue
        editor, reviewer, signer = _staff(key, site)
        report = annual_report.generate(site, year, editor)
        report.problems = report.problems or PROBLEMS
        report.other_matters = report.other_matters or OTHER_MATTERS
        report.save()
        if annual_report.publish(report, editor) == "submitted":
            report.refresh_from_db()
            _approve_all(report.page, (reviewer, signer))
        # Published in January, before both deadlines (31 Jan / 31 Mar).
        on = timezone.make_aware(datetime.datetime(year + 1, 1, 20, 10))
        Page.objects.filter(pk=report.page_id).update(
            first_published_at=on, last_published_at=on
        )
        published += 1
    if stdout is not None:
        stdout.write(f"发布{year}年度政府信息公开工作年度报告 {published} 份。")
    return published
