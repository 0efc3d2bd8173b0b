"""The 机构代码 of the site a page belongs to: the ``{agency}`` of its 索引号 (R26).

Read by the item model (to number an item) and by its admin form (to refuse
publishing where no number could be made), so it lives apart from both.
"""

from wagtail.models import Page

from disclosure.validators import AGENCY_CODE_RE
from sites.models import SiteProfile


def agency_code_for_path(path: str) -> str:
    """The valid 机构代码 of the site a tree path belongs to, or "" (R26)."""
    if not path:
        return ""
    profile = (
        SiteProfile.objects.filter(site__root_page__path=path[: Page.steplen * 2])
        .only("org_code")
        .first()
    )
    code = (profile.org_code if profile else "") or ""
    return code if AGENCY_CODE_RE.match(code) else ""
