"""What a compliance check is and returns.

A check runs for many sites at once (``run(sites, today)``) so that a run over a
100-site cluster costs a fixed number of queries per check, never one per site
or per item.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

from wagtail import hooks
from wagtail.models import Site


class Status(StrEnum):
    PASS = "pass"  # noqa: S105 (a status, not a password)
    WARN = "warn"
    FAIL = "fail"
    # 未监测: the check has no data for the site yet (e.g. no probe ran); it
    # neither passes nor counts against the site.
    UNMONITORED = "na"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.value]


STATUS_LABELS = {"pass": "合格", "warn": "预警", "fail": "不合格", "na": "未监测"}


class Indicator(StrEnum):
    """How the national inspection (国办秘函〔2019〕19号) weighs a check."""

    VETO = "veto"  # 单项否决: one failure makes the site 不合格
    DEDUCT = "deduct"  # 扣分: a failure deducts ``points`` from 100


@dataclass(frozen=True)
class Finding:
    """One offending item: what it is, where to see or mend it, why it offends."""

    title: str
    url: str = ""
    detail: str = ""


@dataclass
class CheckResult:
    status: Status
    findings: list[Finding] = field(default_factory=list)
    # A short Chinese sentence with the measured figure, e.g. "首页 16 天未更新".
    summary: str = ""


class Check:
    """Subclass and set the attributes; implement :meth:`run`.

    ``id`` is stable (stored with every run, used in URLs), e.g. ``"home_stale"``.
    ``indicator`` names the national indicator, e.g. "首页栏目信息更新（单项否决）".
    ``explanation`` says in Chinese what is checked and how to mend it.
    ``requirements`` lists the REQUIREMENTS.md R-numbers the check implements.
    ``kind`` is VETO or DEDUCT; ``points`` is the deduction for DEDUCT checks
    (may be overridden per result by :meth:`deduction`).
    """

    id: str = ""
    title: str = ""
    indicator: str = ""
    explanation: str = ""
    requirements: tuple[str, ...] = ()
    kind: Indicator = Indicator.DEDUCT
    points: int = 0

    def run(self, sites: list[Site], today: datetime.date) -> dict[int, CheckResult]:
        """Return one result per site (keyed by ``site.pk``) for every site given."""
        raise NotImplementedError

    def deduction(self, result: CheckResult) -> int:
        """Points deducted for ``result``: ``points`` when it fails, else 0."""
        if self.kind is Indicator.DEDUCT and result.status is Status.FAIL:
            return self.points
        return 0


def registered_checks() -> list[Check]:
    """Every check contributed through the ``cluster_compliance_checks`` hook, by id."""
    checks: dict[str, Check] = {}
    for provide in hooks.get_hooks("cluster_compliance_checks"):
        for check in provide():
            if not check.id or check.id in checks:
                raise ValueError(
                    f"compliance check id missing or duplicated: {check.id!r}"
                )
            checks[check.id] = check
    return sorted(checks.values(), key=lambda check: check.id)
