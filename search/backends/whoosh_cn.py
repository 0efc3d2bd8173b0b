"""haystack's Whoosh backend with jieba segmentation (the embedded default).

Only what differs is overridden: TEXT fields get the Chinese analyzer, fields that
are not searched are only stored, exact fields (索引号, 文号, labels) are single
terms; a missing or unreadable index raises IndexUnavailable instead of silently
creating an empty one on a search; ``bulk()`` holds one writer for many updates
(haystack commits every batch, which slows Whoosh down without end on rebuilds).
"""

import contextlib
import os

from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from haystack.constants import ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import STORED, TEXT

from ..analysis import ChineseAnalyzer
from .base import IndexUnavailable


class ChineseWhooshBackend(WhooshSearchBackend):
    _bulk_writer = None

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field_class in fields.values():
            name = field_class.index_fieldname
            if field_class.field_type == "exact":
                schema.remove(name)
                schema.add(name, WHOOSH_ID(stored=field_class.stored))
            elif isinstance(schema[name], TEXT):
                schema.remove(name)
                if not field_class.indexed:
                    schema.add(name, STORED())
                else:
                    schema.add(
                        name,
                        TEXT(
                            stored=field_class.stored,
                            analyzer=ChineseAnalyzer(),
                            field_boost=field_class.boost,
                            spelling=field_class.document,
                        ),
                    )
        return content_field_name, schema

    def search(self, query_string, *args, **kwargs):
        if not self.setup_complete:
            self._check_readable()
            self.setup()
        start, end = kwargs.get("start_offset") or 0, kwargs.get("end_offset")
        if start and end and start % (end - start):
            # haystack maps offsets to Whoosh pages as start // length + 1, wrong
            # for an uneven slice (a last page [20:26] became page 4 of 6): fetch
            # from the top and cut.
            kwargs["start_offset"] = 0
            found = self.search(query_string, *args, **kwargs)
            found["results"] = found["results"][start:]
            return found
        try:
            return super().search(query_string, *args, **kwargs)
        except Exception as error:
            raise IndexUnavailable(str(error)) from error

    def document_count(self) -> int:
        return self._check_readable()

    def _check_present(self) -> None:
        from whoosh.filedb.filestore import FileStorage

        if self.use_file_storage and (
            not os.path.isdir(self.path) or not FileStorage(self.path).index_exists()
        ):
            self.setup_complete = False
            raise IndexUnavailable(
                "检索索引不存在，需要重建（manage.py rebuild_index）"
            )

    def _check_readable(self) -> int:
        """The number of documents; IndexUnavailable when the index cannot be read."""
        from whoosh.filedb.filestore import FileStorage

        self._check_present()
        try:
            return FileStorage(self.path).open_index().doc_count()
        except Exception as error:
            raise IndexUnavailable(str(error)) from error

    @contextlib.contextmanager
    def bulk(self, fresh=False):
        """Every update()/remove() inside goes through one writer, committed once.

        Only clear() (rebuild_index) makes a missing index: haystack's setup()
        would create an empty one holding just this batch, which looks complete."""
        self._check_present()
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        writer = self.index.writer(limitmb=128)
        self._bulk_writer, self._bulk_fresh = writer, fresh
        try:
            yield self
        except BaseException:
            writer.cancel()
            raise
        else:
            writer.commit()
        finally:
            self._bulk_writer = None

    def update(self, index, iterable, commit=True):
        writer = self._bulk_writer
        if writer is None:
            with self.bulk():
                return self.update(index, iterable, commit)
        add = writer.add_document if self._bulk_fresh else writer.update_document
        for obj in iterable:
            try:
                doc = index.full_prepare(obj)
            except SkipDocument:
                continue
            doc = {key: self._from_python(value) for key, value in doc.items()}
            doc.pop("boost", None)
            add(**doc)

    def remove(self, obj_or_string, commit=True):
        writer = self._bulk_writer
        if writer is None:
            with self.bulk():
                return self.remove(obj_or_string, commit)
        writer.delete_by_term(ID, get_identifier(obj_or_string))

    def clear(self, models=None, commit=True):
        if models is None:
            # Dropping the directory also repairs a corrupt index (rebuild_index).
            self.setup_complete = False
            if self.use_file_storage and os.path.exists(self.path):
                import shutil

                shutil.rmtree(self.path)
            self.setup()
            return
        self._check_present()
        return super().clear(models, commit)


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshBackend
    query = WhooshSearchQuery
