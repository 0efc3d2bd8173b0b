"""How the 依申请公开 desk plugs into the admin: its viewset (menu 依申请公开) and
the old URL names of its pages, which other code and bookmarks still use."""

from wagtail import hooks

from .desk import application_desk

hooks.register("register_admin_viewset", lambda: application_desk)
hooks.register("register_admin_urls", application_desk.legacy_urlpatterns)
