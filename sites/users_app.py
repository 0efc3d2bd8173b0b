"""wagtail.users with the cluster's user forms (三员分立), installed in its place.

Kept out of ``sites/apps.py``: a second AppConfig there would stop Django from
picking ``SitesConfig`` (and its signal receivers) automatically.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class ClusterUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "sites.user_viewset.UserViewSet"
    group_viewset = "sites.group_viewset.GroupViewSet"
