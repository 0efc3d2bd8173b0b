"""Content changes enqueue index updates (HAYSTACK_SIGNAL_PROCESSOR points here).

Pages are recognised by their specific type even when Wagtail saves them as a
plain ``Page`` (unpublish, move); related models named in an index's
``dependencies`` reindex the document they point to (信息报送 acceptance).
"""

from django.db.models.signals import post_delete, post_save
from haystack.exceptions import NotHandled
from haystack.signals import BaseSignalProcessor
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

from .models import IndexAction
from .queue import enqueue, model_label


class QueuedSignalProcessor(BaseSignalProcessor):
    def setup(self):
        post_save.connect(self.handle_save)
        post_delete.connect(self.handle_delete)
        post_page_move.connect(self.handle_move)

    def teardown(self):
        post_save.disconnect(self.handle_save)
        post_delete.disconnect(self.handle_delete)
        post_page_move.disconnect(self.handle_move)

    def _index_for(self, model):
        try:
            return self.connections["default"].get_unified_index().get_index(model)
        except NotHandled:
            return None

    def _dependencies(self):
        found = {}
        for index in (
            self.connections["default"].get_unified_index().get_indexes().values()
        ):
            for label, attribute in getattr(index, "dependencies", {}).items():
                found.setdefault(label, set()).add(attribute)
        return found

    def _enqueue(self, instance, action):
        model = type(instance)
        if isinstance(instance, Page):
            model = instance.specific_class or model
        index = self._index_for(model)
        if index is not None:
            if not index.never_indexed(instance):
                enqueue(model_label(model), instance.pk, action)
            return
        for attribute in self._dependencies().get(model_label(model), ()):
            try:
                target = getattr(instance, attribute, None)
            except Exception:  # already deleted in the same cascade
                target = None
            if target is not None:
                self._enqueue(target, IndexAction.UPDATE)

    def handle_save(self, sender, instance, raw=False, **kwargs):
        if raw or sender.__module__.startswith(("search.", "django.contrib.sessions")):
            return
        if isinstance(instance, PageViewRestriction):
            # A login or password now guards (or no longer guards) a subtree.
            self.handle_move(sender, instance.page)
            return
        self._enqueue(instance, IndexAction.UPDATE)

    def handle_delete(self, sender, instance, **kwargs):
        if sender.__module__.startswith("search."):
            return
        if isinstance(instance, PageViewRestriction):
            self.handle_move(sender, instance.page)
            return
        if isinstance(instance, Page) or self._index_for(type(instance)) is not None:
            self._enqueue(instance, IndexAction.DELETE)
        else:
            self._enqueue(instance, IndexAction.UPDATE)  # dependencies only

    def handle_move(self, sender, instance, **kwargs):
        """A moved subtree changes URLs (and maybe site): reindex all of it."""
        self._enqueue(instance, IndexAction.UPDATE)
        for page in Page.objects.descendant_of(instance).select_related("content_type"):
            self._enqueue(page, IndexAction.UPDATE)
