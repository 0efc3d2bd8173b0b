"""Approval notices (办件公示, 双公示) and their electronic supervision (电子监察).

Modules: ``records`` (row validation), ``importing`` (all-or-nothing import),
``tokens`` and ``api`` (the authenticated import API), ``supervision`` (signals,
alerts, dispositions), ``views``/``urls`` (public pages), ``desk`` (the admin desk:
upload, tokens, supervision, decisions), ``compliance`` (dashboard checks), ``hooks`` (how it
plugs into the cluster). Its demo records are built by ``demo.disclosure.approvals``.
"""
