"""Review tasks for the publishing workflow (issue #3 item 3, REQUIREMENTS R76, R78)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, TaskState

from ..services.proofing import blocking_hits, hits_for_revision
from .proofing import ProofOverride

PROOF_OVERRIDE = "proof_override"
PROOF_REASON_MIN_LENGTH = 5


class ProofOverrideForm(TaskStateCommentForm):
    """放行 a revision with 错敏字 hits: the reviewer types why (R78)."""

    reason = forms.CharField(
        label="放行理由",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="稿件含有错敏字词表中的写法。确认无误（例如引用原文）时填写理由后通过；理由记入审计日志。",
        error_messages={"required": "请填写放行理由。"},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < PROOF_REASON_MIN_LENGTH:
            raise forms.ValidationError(
                f"放行理由不少于{PROOF_REASON_MIN_LENGTH}个字。"
            )
        return reason


class ReviewTask(AbstractGroupApprovalTask):
    """A group approval step in which nobody approves what they wrote or submitted.

    R76: "The same user cannot author and approve the same item." The author is
    whoever submitted the item to the workflow or saved its latest revision; and
    whoever approved one step does not approve the next one of the same review.
    R78: a revision containing 错敏字 is approved only through 错敏字放行, with a
    typed reason (sites/services/proofing.py).
    """

    class Meta:
        verbose_name = "审核步骤（不得自审）"
        verbose_name_plural = "审核步骤（不得自审）"

    @staticmethod
    def _review_people(obj) -> tuple[set[int], set[int]]:
        """(authors, earlier approvers) of the item's current review, in one
        query (a workflow approval asks twice: for the menu and on the action)."""
        from django.db.models import CharField, Value
        from wagtail.models import Revision, WorkflowState

        current = WorkflowState.objects.active().for_instance(obj)
        states = (
            TaskState.objects.filter(workflow_state__in=current)
            .annotate(kind=Value("state", output_field=CharField()))
            .values_list(
                "kind", "status", "finished_by", "workflow_state__requested_by"
            )
        )
        revision = (
            Revision.objects.filter(pk=getattr(obj, "latest_revision_id", None))
            .annotate(
                kind=Value("revision", output_field=CharField()),
                status=Value("", output_field=CharField()),
            )
            .values_list("kind", "status", "user", "user")
        )
        authors, approvers = set(), set()
        for kind, status, person, requested_by in states.union(revision, all=True):
            if kind == "revision":
                authors.add(person)
                continue
            authors.add(requested_by)
            if status == TaskState.STATUS_APPROVED:
                approvers.add(person)
        return authors - {None}, approvers - {None}

    @classmethod
    def authors_of(cls, obj) -> set[int]:
        return cls._review_people(obj)[0]

    @classmethod
    def earlier_approvers(cls, obj) -> set[int]:
        """Who approved an earlier step of the item's current review: 审核 and
        签发 are two people, or the second level checks nothing (三审, R76)."""
        return cls._review_people(obj)[1]

    def excluded(self, obj) -> set[int]:
        authors, approvers = self._review_people(obj)
        return authors | approvers

    def get_actions(self, obj, user):
        if user.pk in self.excluded(obj):
            return []
        actions = super().get_actions(obj, user)
        signing = self.name.endswith("·签发")
        if signing:
            # The 签发 step says 签发 on its buttons, not Wagtail's 批准 (issue #17).
            actions = [
                (name, "带意见签发" if modal else "签发", modal)
                if name == "approve"
                else (name, label, modal)
                for name, label, modal in actions
            ]
        if actions and self._proof_hits(obj):
            actions = [a for a in actions if a[0] != "approve"]
            label = "错敏字放行并签发" if signing else "错敏字放行并通过"
            actions.append((PROOF_OVERRIDE, label, True))
        return actions

    def get_form_for_action(self, action):
        if action == PROOF_OVERRIDE:
            return ProofOverrideForm
        return super().get_form_for_action(action)

    @staticmethod
    def _proof_hits(obj):
        return blocking_hits(obj)

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if action_name in ("approve", PROOF_OVERRIDE):
            authors, approvers = self._review_people(obj)
            if user.pk in authors:
                raise PermissionDenied("不能审核自己撰写或提交的内容。")
            if user.pk in approvers:
                raise PermissionDenied("同一稿件的审核和签发须由不同的人完成。")
        if action_name == "approve" and self._proof_hits(obj):
            raise PermissionDenied("稿件含有错敏字，请修改或填写理由放行。")
        if action_name == PROOF_OVERRIDE:
            return self._override(task_state, user, obj, **kwargs)
        return super().on_action(task_state, user, action_name, **kwargs)

    @transaction.atomic
    def _override(self, task_state, user, obj, reason="", comment="", **kwargs):
        from wagtail.log_actions import log

        reason = (reason or "").strip()
        if len(reason) < PROOF_REASON_MIN_LENGTH:
            raise PermissionDenied("请填写放行理由。")
        revision = obj.get_latest_revision()
        terms = [hit.term.wrong for hit in hits_for_revision(revision)]
        ProofOverride.objects.create(
            page_id=obj.pk, revision=revision, terms=terms, reason=reason, user=user
        )
        log(
            instance=obj,
            action="cluster.proof_override",
            user=user,
            data={"reason": reason, "terms": terms, "revision": revision.pk},
        )
        return super().on_action(task_state, user, "approve", comment=comment or reason)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if isinstance(states, type(TaskState.objects.none())):
            return states.exclude(workflow_state__requested_by=user)
        return states

    @classmethod
    def get_description(cls):
        return (
            "所选用户组的成员可以审核此步骤，但不能审核自己撰写或提交的内容，"
            "也不能再审核自己已通过上一环节的稿件；含错敏字的稿件须填写理由放行。"
        )
