"""The 审批公示 admin desk: the 电子监察 list and pages (:mod:`.supervision`),
what the departments manage — upload, API tokens, 双公示决定 (:mod:`.data`) —
scoped by the site policy in :mod:`.policy`; :mod:`disclosure.approvals.hooks`
registers them under one menu."""
