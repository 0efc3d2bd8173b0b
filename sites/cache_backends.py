"""Cache backends of the cluster (DESIGN §4: shared state, degrade never fail).

``DatabaseCache`` is Django's database cache with an atomic ``incr``: Django's
own reads the value and writes it back, so two workers counting the same wrong
query code both write 4 and a limit of 5 lets 6 through. Counters (rate limits,
look-up lockouts) and captcha single-use marks live in it (the ``state`` cache),
whatever serves the pages: they must be exact across processes and must not
depend on Redis being up.

``FileCache`` is Django's file cache with writes that stay fast at thousands of
entries and errors turned into misses: whole pages and their generations when
Redis is not configured.

``FailSoftRedisCache`` is django-redis with its errors turned into misses: a
Redis that is down or unreachable costs one short timeout, then is not asked
again for ``RETRY_SECONDS``; the outage is logged once when it starts and once
when it ends (not per request), and ``recovered`` is sent when Redis answers
again so that the page cache can drop what it may have missed meanwhile.
"""

from __future__ import annotations

import base64
import logging
import pickle
import secrets
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connections, models, router, transaction
from django.dispatch import Signal
from django.utils.timezone import now as tz_now
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger("sites.cache")

# Sent (with ``alias``-less sender: the backend) when Redis answers again after
# an outage this process saw.
recovered = Signal()


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache, with ``incr``/``decr`` that never lose a count."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        column = quote_name("cache_key")
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # Write first: the row lock (PostgreSQL) or the database's write lock
            # (SQLite) is held from here to the commit, so the read below sees
            # every earlier increment and no later one can interleave.
            cursor.execute(
                f"UPDATE {table} SET {column} = {column} WHERE {column} = %s",  # noqa: S608
                [key],
            )
            if cursor.rowcount == 0:
                raise ValueError(f"Key '{key}' not found")
            cursor.execute(
                f"SELECT {quote_name('value')}, {quote_name('expires')} "  # noqa: S608
                f"FROM {table} WHERE {column} = %s",
                [key],
            )
            value, expires = cursor.fetchone()
            expression = models.Expression(output_field=models.DateTimeField())
            for converter in connection.ops.get_db_converters(
                expression
            ) + expression.get_db_converters(connection):
                expires = converter(expires, expression, connection)
            if expires < tz_now():
                raise ValueError(f"Key '{key}' not found")
            value = connection.ops.process_clob(value)
            new_value = pickle.loads(base64.b64decode(value.encode())) + delta  # noqa: S301
            pickled = pickle.dumps(new_value, self.pickle_protocol)
            cursor.execute(
                f"UPDATE {table} SET {quote_name('value')} = %s "  # noqa: S608
                f"WHERE {column} = %s",
                [base64.b64encode(pickled).decode("latin1"), key],
            )
        return new_value


class FileCache(FileBasedCache):
    """Django's file cache, fail-soft and with writes that stay fast.

    Django's lists its whole folder on every write to see whether to cull:
    0.5 ms a write at 200 entries, 8–12 ms at 2,000 on this machine
    (bench/cache_backends.py). Counting once every ``CULL_EVERY`` writes keeps
    writes flat, at the price of passing MAX_ENTRIES by a few entries.

    A full disk or a missing folder makes Django's raise, and Wagtail reads the
    default cache on every page (its site root paths): here an error is a miss,
    logged once until the cache works again."""

    CULL_EVERY = 100
    # Key -> file name, per process: Django checks each key's characters one by
    # one and hashes it on every read, 12 µs of the 26 µs a read of a page
    # cache generation cost (bench/hit_path.py); the answer never changes.
    FILE_NAMES_KEPT = 4096

    def __init__(self, dir, params):
        self._failing = False
        self._file_names: dict[tuple, str] = {}
        try:
            super().__init__(dir, params)  # creates the folder
        except OSError:
            self._failed()

    def _key_to_file(self, key, version=None):
        name = self._file_names.get((key, version))
        if name is None:
            name = super()._key_to_file(key, version)
            if len(self._file_names) >= self.FILE_NAMES_KEPT:
                self._file_names.clear()
            self._file_names[key, version] = name
        return name

    def _cull(self):
        if secrets.randbelow(self.CULL_EVERY) == 0:
            super()._cull()

    def _failed(self) -> None:
        if not self._failing:
            self._failing = True
            logger.error(
                "cache: the file cache in %s fails; serving uncached "
                "(logged once until it works again)",
                self._dir,
                exc_info=True,
            )

    def _worked(self) -> None:
        if self._failing:
            self._failing = False
            logger.warning("cache: the file cache in %s works again", self._dir)
            recovered.send(sender=type(self), cache=self)

    def get(self, key, default=None, version=None):
        try:
            value = super().get(key, default, version)
        except OSError:
            self._failed()
            return default
        self._worked()
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except OSError:
            self._failed()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except OSError:
            self._failed()
            return False

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except OSError:
            self._failed()
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except OSError:
            self._failed()
            return False

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except OSError:
            self._failed()
            return False


class FailSoftRedisCache(RedisCache):
    """django-redis that answers "not cached" while Redis is unreachable."""

    RETRY_SECONDS = 5.0

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        options["IGNORE_EXCEPTIONS"] = True
        options.setdefault("SOCKET_CONNECT_TIMEOUT", 0.5)
        options.setdefault("SOCKET_TIMEOUT", 0.5)
        self.retry_seconds = float(options.pop("RETRY_SECONDS", self.RETRY_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        # django-redis reports each ignored error through this logger; ours
        # turns the first into "down" and keeps quiet until Redis is back.
        self._log_ignored_exceptions = True
        self.logger = _OutageLog(self)
        self._down_since = None
        self._retry_at = 0.0
        self._lock = threading.Lock()

    @property
    def client(self):
        if self._down_since is not None:
            if time.monotonic() < self._retry_at:
                raise ConnectionInterrupted(connection=None)
            self._probe()
        return super().client

    def _probe(self) -> None:
        """One request after the pause: is Redis back?"""
        with self._lock:
            if self._down_since is None:
                return
            self._retry_at = time.monotonic() + self.retry_seconds
            try:
                super().client.get_client(write=True).ping()
            except Exception as exc:
                raise ConnectionInterrupted(connection=None) from exc
            outage = time.monotonic() - self._down_since
            self._down_since = None
        logger.warning("cache: Redis answers again after %.0f s", outage)
        from .service_alarms import outage_ended

        outage_ended("redis")
        recovered.send(sender=type(self), cache=self)

    def mark_down(self) -> None:
        with self._lock:
            first = self._down_since is None
            if first:
                self._down_since = time.monotonic()
                self._retry_at = self._down_since + self.retry_seconds
        if first:
            logger.error(
                "cache: Redis unreachable; serving uncached, retrying every %g s "
                "(logged once until it answers again)",
                self.retry_seconds,
                exc_info=True,
            )
            # The cluster admin's alarm (admin home page), once per outage.
            from .service_alarms import outage_started

            outage_started("redis")


class _OutageLog:
    """Stands in for django-redis's logger of ignored errors."""

    def __init__(self, cache: FailSoftRedisCache):
        self.cache = cache

    def exception(self, *args, **kwargs):
        self.cache.mark_down()
