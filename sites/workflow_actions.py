"""Wagtail's on-finish action for workflows (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Wagtail imports this while its models load, so it imports nothing at module level.
"""


def publish_approved(workflow_state, user=None):
    """The approved revision goes live (issue 13 item 1, R76).

    The workflow's own approval is the authority here: the last approver holds no
    ``publish_page`` and must not need it (Wagtail's default action checks it and
    would refuse), since holding it would let them skip the review altogether.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
