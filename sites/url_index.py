"""Which site a page belongs to, by dictionary look-up instead of a scan.

Wagtail finds a page's site by testing every site's root path against the
page's ``url_path`` (``Page._get_relevant_site_root_paths``), and counts the
sites again in every ``get_url``: each link on a page costs O(sites), so the
portal's lists got slower with every site added to the cluster. The index maps
each root path to its sites once per request (or per page when there is no
request) and looks up the few prefixes of a ``url_path``: the same answer, in
the same order, at O(depth).
"""

from __future__ import annotations

from collections import defaultdict

ATTR = "_cluster_root_path_index"


class RootPathIndex:
    def __init__(self, root_paths):
        self.root_paths = root_paths
        self._by_root = defaultdict(list)
        for position, root in enumerate(root_paths):
            self._by_root[root.root_path].append((position, root))
        self.site_count = len({root.site_id for root in root_paths})

    def relevant(self, url_path: str) -> tuple:
        """The root paths that ``url_path`` lies under, in Wagtail's order."""
        found = []
        end = url_path.find("/") + 1
        while end:
            found.extend(self._by_root.get(url_path[:end], ()))
            end = url_path.find("/", end) + 1
        if len(found) > 1:
            found.sort(key=lambda item: item[0])
        return tuple(root for _, root in found)


def root_path_index(page, cache_object=None) -> RootPathIndex:
    """The index of ``Site.get_site_root_paths()`` as ``page`` sees them, kept
    where Wagtail keeps those (the request, else the page)."""
    root_paths = page._get_site_root_paths(cache_object)
    holder = cache_object if cache_object is not None else page
    index = getattr(holder, ATTR, None)
    if index is None or index.root_paths is not root_paths:
        index = RootPathIndex(root_paths)
        setattr(holder, ATTR, index)
    return index
