"""Publish-time static output (静态化发布).

Every public Wagtail page the cluster serves is also written as a file per host,
``<STATIC_PAGES_ROOT>/<hostname>/<path>/index.html``, so that nginx answers it
without touching the application (and the pages stay up while it is down). A
content change stores the addresses it shows on in a queue (models.StaticPageTask,
same transaction); after the commit one writer at a time (an ``fcntl`` lock beside
the files) renders each address through the real Django handler as an anonymous
visitor and writes it atomically, or removes the file when the page is no longer
public. ``STATIC_PAGES_ROOT`` empty (the default) switches all of it off.

- targets.py: which addresses a change shows on
- render.py: one address through the real middleware and page view
- storage.py: where a file lives, atomic writes, removals, hashes of what is on disk
- queue.py: enqueue, the single writer, the after-commit kick
- middleware.py: the embedded profile (no nginx) serves the files itself
"""
