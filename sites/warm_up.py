"""Load before fork what every worker would otherwise load on its first request
(issue 16 item 5).

With ``preload_app`` the gunicorn master imports the application once and forks
its workers from it; a worker replaced after a crash or a SIGKILL is a new fork
of the master. Whatever is loaded here is shared by every worker (copy on
write) and costs a new worker nothing: the URLconf and every view module it
imports (about 1 s of the first request, bench/worker_startup.py), the compiled
public templates, and jieba's dictionary (loaded on the first search otherwise).

No database connection may be open at the fork (the workers would share its
socket): nothing here queries, and every connection is closed at the end.
"""

from __future__ import annotations

import logging
from pathlib import Path

logger = logging.getLogger("sites.warm_up")


def warm_up() -> None:
    from django.conf import settings
    from django.db import connections
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver()._populate()
    for directory in _template_dirs(settings):
        for path in sorted(directory.rglob("*.html")):
            name = path.relative_to(directory).as_posix()
            try:
                get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError):
                logger.warning("warm-up: template %s not loaded", name, exc_info=True)
    import jieba

    jieba.dt.check_initialized()
    _publishing_path(get_template)
    connections.close_all()


# What a workflow approval (签发) imports and compiles on its first run in a
# worker, outside the URLconf (issue 15: publish → visible ≤ 2 s from the click).
PUBLISHING_MODULES = (
    "django.test",  # the tamper recorder and the static writer render through it
    "search.queue",
    "sites.integrity.checking",
    "sites.integrity.recording",
    "sites.integrity.rendering",
    "sites.services.dates",
    "sites.services.proofing",
    "sites.static_output.handover",
    "sites.static_output.queue",
    "sites.static_output.render",
    "sites.static_output.targets",
    "sites.workflow_actions",
    "wagtail.actions.publish_page_revision",
    "wagtail.admin.mail",
    "wagtail.admin.views.pages.edit",
    "wagtail.admin.views.pages.workflow",
)
NOTIFICATION_TEMPLATES = tuple(
    f"wagtailadmin/notifications/workflow_state_approved{suffix}"
    for suffix in ("_subject.txt", ".txt", ".html")
)


def _publishing_path(get_template) -> None:
    import importlib

    from django.template import TemplateDoesNotExist

    for name in PUBLISHING_MODULES:
        importlib.import_module(name)
    for name in NOTIFICATION_TEMPLATES:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            logger.warning("warm-up: template %s not found", name)


def _template_dirs(settings) -> list[Path]:
    from django.apps import apps

    dirs = [Path(d) for backend in settings.TEMPLATES for d in backend.get("DIRS", [])]
    for app in apps.get_app_configs():
        # The cluster's own apps (themes holds the public templates); Wagtail's
        # admin templates load on an editor's first admin page only.
        if not Path(app.path).is_relative_to(settings.BASE_DIR):
            continue
        folder = Path(app.path) / "templates"
        if folder.is_dir():
            dirs.append(folder)
    return dirs
