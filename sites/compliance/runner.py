"""Run every registered check over the cluster and store the run (REQUIREMENTS §2.1).

Scoring follows the national model: any 单项否决 failure makes a site 不合格;
otherwise the score is 100 minus the deductions, and below 60 is 不合格 too.
Each check costs a fixed number of queries whatever the number of sites.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from ..models import (
    CheckOutcome,
    ComplianceRun,
    RunTrigger,
    SiteProfile,
    SiteScore,
    Verdict,
)
from .base import Check, CheckResult, Indicator, Status, registered_checks

logger = logging.getLogger(__name__)

FULL_SCORE = 100
PASS_MARK = 60
# Findings kept per outcome: enough to mend the site, bounded so that one
# broken template on 10,000 pages does not bloat the stored run.
MAX_FINDINGS = 200


def cluster_sites() -> list[Site]:
    """The sites of the cluster: those with a site profile (Wagtail's placeholder
    site, if one is left, is no government website)."""
    return list(
        Site.objects.filter(pk__in=SiteProfile.objects.values("site_id"))
        .select_related("root_page")
        .order_by("site_name", "pk")
    )


def _safe_run(check: Check, sites, today) -> dict[int, CheckResult]:
    """A check that crashes must not sink the whole run: its sites get a warning."""
    try:
        results = check.run(sites, today)
    except Exception:
        logger.exception("compliance check %s failed", check.id)
        results = {}
        failed = CheckResult(Status.WARN, summary="检查执行出错，请联系平台运维人员。")
        return {site.pk: failed for site in sites}
    missing = CheckResult(Status.WARN, summary="本项未返回结果。")
    return {site.pk: results.get(site.pk, missing) for site in sites}


def verdict_for(vetoes: int, score: int) -> str:
    return Verdict.FAIL if vetoes or score < PASS_MARK else Verdict.PASS


def run_checks(
    *,
    trigger: str = RunTrigger.MANUAL,
    user=None,
    today: datetime.date | None = None,
    sites: list[Site] | None = None,
    checks: list[Check] | None = None,
) -> ComplianceRun:
    """Run ``checks`` (default: every registered one) for ``sites`` and store it all."""
    today = today or timezone.localdate()
    sites = cluster_sites() if sites is None else sites
    checks = registered_checks() if checks is None else checks
    per_check = [(check, _safe_run(check, sites, today)) for check in checks]

    with transaction.atomic():
        run = ComplianceRun.objects.create(
            monitored_on=today,
            trigger=trigger,
            started_by=user if user is not None and user.is_authenticated else None,
            site_count=len(sites),
            check_count=len(checks),
        )
        outcomes, scores = [], []
        for site in sites:
            vetoes = deductions = fails = warns = 0
            for check, results in per_check:
                result = results[site.pk]
                deduction = check.deduction(result)
                if result.status is Status.FAIL:
                    fails += 1
                    if check.kind is Indicator.VETO:
                        vetoes += 1
                elif result.status is Status.WARN:
                    warns += 1
                deductions += deduction
                outcomes.append(
                    CheckOutcome(
                        run=run,
                        site=site,
                        check_id=check.id,
                        title=check.title[:100],
                        indicator=check.indicator[:100],
                        kind=check.kind.value,
                        status=result.status.value,
                        summary=result.summary[:500],
                        deduction=deduction,
                        finding_count=len(result.findings),
                        findings=[
                            {"title": f.title, "url": f.url, "detail": f.detail}
                            for f in result.findings[:MAX_FINDINGS]
                        ],
                    )
                )
            score = max(FULL_SCORE - deductions, 0)
            scores.append(
                SiteScore(
                    run=run,
                    site=site,
                    site_name=site.site_name,
                    score=score,
                    verdict=verdict_for(vetoes, score),
                    veto_count=vetoes,
                    deductions=deductions,
                    fail_count=fails,
                    warn_count=warns,
                )
            )
        CheckOutcome.objects.bulk_create(outcomes, batch_size=500)
        SiteScore.objects.bulk_create(scores, batch_size=500)
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
    return run
