"""旧站迁移: import a department's legacy site into an existing standard site.

Modules: ``sources`` (crawl, saved folder, CSV/JSON export), ``mapping`` (old
columns → standard columns), ``cleaning`` (body HTML → the theme's rich text),
``importer`` (one transaction per item, state per item), ``redirects`` (every
old URL kept on its old hostname).
"""
