"""错敏字 in the admin (issue 13 item 4, R78): the list, the warning on save and
the compliance check. Registered from ``wagtail_hooks``."""

from __future__ import annotations

from django.contrib import messages
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .compliance.base import Check, CheckResult, Finding, Indicator, Status
from .models import ProofKind, ProofTerm
from .services.proofing import hits_for_page, scan_published, summary


class ProofTermViewSet(SnippetViewSet):
    model = ProofTerm
    icon = "spell-check"
    menu_label = "错敏字词表"
    menu_name = "proof_terms"
    add_to_settings_menu = True
    list_display = ["wrong", "correct", "kind", "note", "active", "updated_at"]
    list_filter = ["kind", "active"]
    search_fields = ["wrong", "correct", "note"]
    list_export = ["wrong", "correct", "kind", "note", "active"]
    export_formats = ["xlsx", "csv"]
    ordering = ["kind", "wrong"]
    panels = [
        FieldPanel("wrong"),
        FieldPanel("correct"),
        FieldPanel("kind"),
        FieldPanel("note"),
        FieldPanel("active"),
    ]


register_snippet(ProofTermViewSet)


def _warn(request, page):
    hits = hits_for_page(page)
    if hits:
        messages.warning(
            request,
            f"发现{len(hits)}处错敏字：{summary(hits)}。"
            "请修改后再提交审核；确需保留的，由审核人填写理由放行。",
        )


@hooks.register("after_create_page")
def warn_proof_terms_on_create(request, page):
    _warn(request, page)


@hooks.register("after_edit_page")
def warn_proof_terms_on_edit(request, page):
    _warn(request, page)


SERIOUS = {ProofKind.LEADER, ProofKind.INSTITUTION, ProofKind.BANNED}


class ProofTermsCheck(Check):
    id = "proof_terms"
    title = "错敏字"
    indicator = "严重表述错误（单项否决）"
    explanation = (
        "按集群维护的错敏字词表扫描已发布的页面。领导姓名、机构名称写错或使用禁用表述"
        "属严重表述错误，单项否决；常见错别字为预警。请修改页面后重新发布。"
    )
    requirements = ("R78",)
    kind = Indicator.VETO

    def run(self, sites, today):
        found = scan_published(sites)
        results = {}
        for site in sites:
            findings, serious, total = [], 0, 0
            for page, url, hits in found.get(site.pk, []):
                total += sum(h.count for h in hits)
                serious += sum(1 for h in hits if h.term.kind in SERIOUS)
                findings.append(Finding(page.title, url, summary(hits)))
            if serious:
                status = Status.FAIL
            else:
                status = Status.WARN if findings else Status.PASS
            results[site.pk] = CheckResult(
                status,
                findings,
                f"{len(findings)}个页面含错敏字，共{total}处（严重表述错误{serious}条）。",
            )
        return results


@hooks.register("cluster_compliance_checks")
def proof_terms_check():
    return [ProofTermsCheck()]


@hooks.register("register_log_actions")
def register_proof_log_actions(actions):
    actions.register_action("cluster.proof_override", "错敏字放行", "已放行错敏字")
