"""Storage for files that only views checking who asks may read: citizens'
attachments to letters, a case's 答复告知书 and its attachments, uploaded legacy
exports.

The web server may serve MEDIA_ROOT directly, so these live under
PRIVATE_MEDIA_ROOT instead. The location is read from settings on first use by
each storage (tests point it elsewhere before that).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible
class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @cached_property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no public URL")


private_storage = PrivateStorage()
