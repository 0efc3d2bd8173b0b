"""Review tasks for the publishing workflow (issue #3 item 3, REQUIREMENTS R76)."""

from django.core.exceptions import PermissionDenied
from wagtail.models import AbstractGroupApprovalTask, TaskState


class ReviewTask(AbstractGroupApprovalTask):
    """A group approval step in which nobody approves what they wrote or submitted.

    R76: "The same user cannot author and approve the same item." The author is
    whoever submitted the item to the workflow or saved its latest revision.
    """

    class Meta:
        verbose_name = "审核步骤（不得自审）"
        verbose_name_plural = "审核步骤（不得自审）"

    @staticmethod
    def authors_of(obj) -> set[int]:
        authors = set()
        state = getattr(obj, "current_workflow_state", None)
        if state is not None and state.requested_by_id:
            authors.add(state.requested_by_id)
        revision = getattr(obj, "latest_revision", None)
        if revision is not None and revision.user_id:
            authors.add(revision.user_id)
        return authors

    def get_actions(self, obj, user):
        if user.pk in self.authors_of(obj):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if action_name == "approve" and user.pk in self.authors_of(obj):
            raise PermissionDenied("不能审核自己撰写或提交的内容。")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if isinstance(states, type(TaskState.objects.none())):
            return states.exclude(workflow_state__requested_by=user)
        return states

    @classmethod
    def get_description(cls):
        return "所选用户组的成员可以审核此步骤，但不能审核自己撰写或提交的内容。"
