"""The shared generations' keys, and the outage of the cache that holds them.

The lowest layer under the page cache (sites/page_cache.py) and the site
look-up (sites/site_lookup.py), which both read the generations and both
report a cache that stops answering: it imports neither.
"""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache

# The outage is the page cache's to report (pages are served uncached), under
# its logger, whichever reader met it first.
logger = logging.getLogger("sites.page_cache")

CLUSTER_KEY = "page-cache:gen:cluster"
SITE_KEY = "page-cache:gen:site:{}"


def missing_generation(key: str) -> str:
    """A generation the cache lost (culled, evicted, flushed) becomes a new random
    value, never a default: falling back to one fixed value would bring back the
    pages stored under it before the last publish."""
    cache.add(key, secrets.token_hex(8), None)
    return cache.get(key) or secrets.token_hex(8)


# Per process, and only to keep the log readable: a cache that is down is
# reported when this process first meets it and when it answers again.
_cache_failing = False


def cache_failed() -> None:
    global _cache_failing
    if not _cache_failing:
        _cache_failing = True
        logger.error(
            "page cache: the cache is not answering; serving pages uncached "
            "(logged once until it answers again)",
            exc_info=True,
        )


def cache_answered() -> None:
    global _cache_failing
    if _cache_failing:
        _cache_failing = False
        logger.warning("page cache: the cache answers again")
