"""Admin form for the cluster's page types."""

from wagtail.admin.forms import WagtailAdminPageForm


class ClusterPageForm(WagtailAdminPageForm):
    """Lets editors leave the URL slug empty.

    Chinese titles slugify to nothing when Unicode slugs are off (they are, so that
    URLs stay plain ASCII as government sites use), so the slug is generated from
    the page itself: ``t<YYYYMMDD>_<token>`` for articles, ``p<token>`` otherwise.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "可留空，系统将自动生成英文地址。"

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields and not cleaned_data.get("slug"):
            if cleaned_data.get("publish_date"):
                self.instance.publish_date = cleaned_data["publish_date"]
            slug = self.instance.default_slug_base()
            if self.parent_page is not None:
                slug = self._unique(slug)
            cleaned_data["slug"] = slug
        return cleaned_data

    def _unique(self, slug):
        from wagtail.models import Page

        candidate, number = slug, 1
        while not Page._slug_is_available(candidate, self.parent_page, self.instance):
            number += 1
            candidate = f"{slug}-{number}"
        return candidate
