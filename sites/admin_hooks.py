"""What the modules' ``wagtail_hooks`` share (the core imports no module: the
modules call these)."""

from wagtail import hooks


def register_log_labels(prefix: str, labels: dict[str, str]) -> None:
    """Names the audit log's actions ``<prefix>.<action>`` in Chinese: each label
    of ``{action: label}`` is both the action's name and its message."""

    def register(actions):
        for action, label in labels.items():
            actions.register_action(f"{prefix}.{action}", label, label)

    hooks.register("register_log_actions", register)
