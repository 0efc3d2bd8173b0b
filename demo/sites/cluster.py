"""The demo cluster: a fictional city (北疆市) with departments and banners.

The region is fictional on purpose, so that nothing impersonates a real government
site. Division code 159900 is not a real GB/T 2260 code but keeps the Inner
Mongolia prefix 15; the demo declares it (and its two banners) in 集群设置 →
补充行政区划代码, so that the R1 division check knows where it is.
"""

from dataclasses import dataclass

from sites.models import ClusterSettings, SiteKind


@dataclass(frozen=True)
class DemoSite:
    key: str
    code: str
    name: str
    subdomain: str
    kind: str
    parent_key: str | None
    phone: str
    address: str
    theme: str = "red"


DEMO_SITES: tuple[DemoSite, ...] = (
    DemoSite("portal", "1599000001", "北疆市人民政府", "www", SiteKind.PORTAL, None,
             "0477-8100000", "北疆市康平路1号市政府大楼"),
    DemoSite("edu", "1599000002", "北疆市教育局", "jyj", SiteKind.DEPARTMENT, "portal",
             "0477-8120000", "北疆市文明路18号", "blue"),
    DemoSite("health", "1599000003", "北疆市卫生健康委员会", "wjw", SiteKind.DEPARTMENT,
             "portal", "0477-8130000", "北疆市健康路6号", "blue"),
    DemoSite("transport", "1599000004", "北疆市交通运输局", "jtj", SiteKind.DEPARTMENT,
             "portal", "0477-8140000", "北疆市通达街22号", "blue"),
    DemoSite("env", "1599000005", "北疆市生态环境局", "sthjj", SiteKind.DEPARTMENT,
             "portal", "0477-8150000", "北疆市绿源路9号", "green"),
    DemoSite("baiyun", "1599210001", "白云旗人民政府", "byq", SiteKind.BANNER, "portal",
             "0477-5210000", "白云旗白云镇团结路1号", "green"),
    DemoSite("jinhe", "1599220001", "金河旗人民政府", "jhq", SiteKind.BANNER, "portal",
             "0477-5220000", "金河旗金河镇新华街3号", "green"),
)  # fmt: skip

# The demo's fictional divisions (R1), as 集群设置 → 补充行政区划代码 lines.
DEMO_DIVISIONS = "159900 北疆市 150000\n159921 白云旗 159900\n159922 金河旗 159900"


def declare_demo_divisions() -> None:
    """Add the demo's fictional divisions to 集群设置 (kept if already there)."""
    settings = ClusterSettings.load()
    lines = settings.local_divisions.splitlines()
    missing = [line for line in DEMO_DIVISIONS.splitlines() if line not in lines]
    if missing:
        settings.local_divisions = "\n".join(lines + missing)
        settings.save(update_fields=["local_divisions"])


def hostname(site: DemoSite, domain: str) -> str:
    """Portal at ``www.<domain>``, members at ``<sub>.<domain>`` (e.g. jyj.bj.localhost)."""
    return f"{site.subdomain}.{domain}"


def profile_fields(site: DemoSite, index: int, domain: str) -> dict:
    return {
        "sponsor": site.name,
        "operator": "北疆市人民政府办公室"
        if site.key != "portal"
        else "北疆市大数据中心",
        "org_code": f"111599{index:02d}MB{index:07d}X",
        "address": site.address,
        "postcode": "017000",
        "phone": site.phone,
        "email": f"webmaster@{hostname(site, domain)}",
        "icp_number": f"蒙ICP备0599{index:04d}号-1",
        "psb_number": f"蒙公网安备 1599{index:02d}02000{index:03d}号",
        "party_gov_mark_id": f"demo{site.code}",
        "theme_variant": site.theme,
    }
