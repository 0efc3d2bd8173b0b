"""What the modules' ``wagtail_hooks`` share (the core imports no module: the
modules call these)."""

from wagtail import hooks

from .compliance.calendar_prompt import cases_due_provisionally
from .extension_points import PROVISIONAL_DEADLINES


def register_log_labels(prefix: str, labels: dict[str, str]) -> None:
    """Names the audit log's actions ``<prefix>.<action>`` in Chinese: each label
    of ``{action: label}`` is both the action's name and its message."""

    def register(actions):
        for action, label in labels.items():
            actions.register_action(f"{prefix}.{action}", label, label)

    hooks.register("register_log_actions", register)


def register_provisional_deadlines(cases, kind, url_name, site_field="site_id"):
    """Lists the open ``cases`` (a queryset) whose deadline is provisional on the
    dashboard's reminder, see :func:`cases_due_provisionally`."""

    def deadlines(site_ids):
        return cases_due_provisionally(cases, site_ids, kind, url_name, site_field)

    hooks.register(PROVISIONAL_DEADLINES, deadlines)
