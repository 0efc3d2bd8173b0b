"""Storage of a case's documents (答复告知书, the reply's attachments) outside MEDIA_ROOT.

The web server may serve MEDIA_ROOT directly; a case's documents name the
applicant and must only be read through views that check who asks, so they live
under PRIVATE_MEDIA_ROOT. The location is read from settings on every use
(tests point it elsewhere).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible
class CaseFileStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @cached_property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("case documents have no public URL")


case_file_storage = CaseFileStorage()
