"""Admin form for the cluster's page types."""

import datetime

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from .media_access import REFUSAL, collect_media, forbidden_media

# A form filled in a minute ago is not back-dating.
GO_LIVE_TOLERANCE = datetime.timedelta(minutes=5)


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
            if self._slug_from_platform():
                self.fields[
                    "slug"
                ].help_text = "文章地址由系统按“t发布日期_编号”生成，保存后不变。"

    def _slug_from_platform(self) -> bool:
        """A new article's address is always the platform's ``t<date>_<token>``
        (issue #17 item 1), whatever the browser sends: unique by construction,
        and never the digits left of a Chinese title ("2027")."""
        return self.instance.pk is None and getattr(
            self.instance, "slug_from_platform", False
        )

    def clean(self):
        cleaned_data = super().clean()
        self._check_media(cleaned_data)
        self._check_go_live(cleaned_data)
        if "slug" in self.fields and self._slug_from_platform():
            cleaned_data["slug"] = ""
            self.errors.pop("slug", None)  # Wagtail's "slug in use": not ours
        if "slug" in self.fields and not cleaned_data.get("slug"):
            if cleaned_data.get("publish_date"):
                self.instance.publish_date = cleaned_data["publish_date"]
            slug = self.instance.default_slug_base()
            if self.parent_page is not None:
                slug = self._unique(slug)
            cleaned_data["slug"] = slug
        return cleaned_data

    def _check_go_live(self, cleaned_data):
        """A go-live time may be later, never earlier (R22): the platform records
        the real publication time, so a past one would only mislead."""
        go_live_at = cleaned_data.get("go_live_at")
        if (
            go_live_at
            and "go_live_at" in self.changed_data
            and go_live_at < timezone.now() - GO_LIVE_TOLERANCE
        ):
            self.add_error(
                "go_live_at",
                "定时发布时间不能早于现在。发布日期由平台在实际发布时记录；"
                "补录旧文件的日期请在发布后使用“更正发布日期”并填写理由。",
            )

    def _unique(self, slug):
        from wagtail.models import Page

        candidate, number = slug, 1
        while not Page._slug_is_available(candidate, self.parent_page, self.instance):
            number += 1
            candidate = f"{slug}-{number}"
        return candidate

    def _check_media(self, cleaned_data):
        """Refuse documents and images outside the user's collections (forged ids)."""
        if self.for_user is None:
            return
        documents, images = set(), set()
        for name, value in cleaned_data.items():
            if name in self.fields:
                collect_media(value, documents, images)
        for formset in self.formsets.values():
            formset.is_valid()  # the formsets are cleaned after the form otherwise
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                if data.get("DELETE"):
                    continue
                for value in data.values():
                    collect_media(value, documents, images)
        refused = forbidden_media(self.for_user, documents, images)
        if refused:
            raise forms.ValidationError(REFUSAL.format(titles="、".join(refused)))


class SiteProfileForm(WagtailAdminModelForm):
    """The site profile form: the logo must come from the user's own collections."""

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo is not None and self.for_user is not None:
            refused = forbidden_media(self.for_user, set(), {logo.pk})
            if refused:
                raise forms.ValidationError(REFUSAL.format(titles="、".join(refused)))
        return logo
