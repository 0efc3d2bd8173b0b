"""The 审批公示 admin desk: the 电子监察 list and pages (:mod:`.supervision`), the
upload, the API tokens (:mod:`.imports`) and the 双公示决定 (:mod:`.decisions`),
scoped by the site policy in :mod:`.policy`; :mod:`disclosure.approvals.hooks`
registers them under one menu."""
