"""The compliance-check registry (R1–R65): apps contribute checks, the core runs them.

Apps register checks through the Wagtail hook ``cluster_compliance_checks``: a
function returning a list of :class:`~sites.compliance.base.Check` instances.
The core never imports the apps; :func:`registered_checks` collects them.
"""

from .base import Check, CheckResult, Finding, Indicator, Status, registered_checks

__all__ = [
    "Check",
    "CheckResult",
    "Finding",
    "Indicator",
    "Status",
    "registered_checks",
]
