"""Full export and verification of the static pages of a site or the cluster."""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail.models import Site

from sites.models import SiteProfile

from . import storage
from .queue import Outcome, apply, writer_lock
from .render import render
from .targets import cluster_change, site_change


class ExportError(Exception):
    pass


def sites_for(code: str | None) -> list[Site]:
    """The site with this 网站标识码, or every site."""
    sites = Site.objects.select_related("root_page")
    if not code:
        return list(sites)

    found = list(
        sites.filter(pk__in=SiteProfile.objects.filter(code=code).values("site_id"))
    )
    if not found:
        raise ExportError(f"没有网站标识码为 {code} 的网站。")
    return found


def _addresses(sites: list[Site], whole_cluster: bool):
    targets = cluster_change() if whole_cluster else site_change(*sites)
    hostnames = {s.hostname.lower() for s in sites}
    # site_change also names the homes above; an export of one site writes only it.
    return sorted(
        (a for a in targets if whole_cluster or a[0] in hostnames),
        key=lambda a: (targets[a], a),
    )


def export(code: str | None = None) -> Outcome:
    """Render every page of the site (or cluster), write what is public, and
    remove any file of these hosts that is no longer a public page."""
    if not storage.enabled():
        raise ExportError("未设置 STATIC_PAGES_ROOT，静态化发布未启用。")
    sites = sites_for(code)
    addresses = _addresses(sites, whole_cluster=not code)
    outcome = Outcome()
    with writer_lock(blocking=True):
        for hostname, port, path in addresses:
            if not apply(hostname, port, path, outcome):
                outcome.failed += 1
        expected = {f"{hostname}{path}" for hostname, _port, path in addresses}
        base = storage.root()
        hosts = {s.hostname.lower() for s in sites}
        for file in storage.files_on_disk():
            host, path = storage.address_of(file, base)
            stale_host = not code and host not in hosts  # a site renamed or removed
            if (host in hosts and f"{host}{path}" not in expected) or stale_host:
                storage.remove(file)
                outcome.removed.append(f"{host}{path}")
    return outcome


@dataclass
class Verification:
    checked: int = 0
    differing: list[str] = field(default_factory=list)  # "host/path/: reason"

    @property
    def ok(self) -> bool:
        return not self.differing


def verify(code: str | None = None) -> Verification:
    """Re-render every page of the site (or cluster) and compare with the files
    on disk: a file that differs, a public page missing, a file that should
    not be there."""
    if not storage.enabled():
        raise ExportError("未设置 STATIC_PAGES_ROOT，静态化发布未启用。")
    sites = sites_for(code)
    on_disk = {
        key: value
        for key, value in storage.hashes_on_disk().items()
        if key.split("/", 1)[0] in {s.hostname.lower() for s in sites}
    }
    result = Verification()
    seen = set()
    for hostname, port, path in _addresses(sites, whole_cluster=not code):
        key = f"{hostname}{path}"
        if storage.file_for(hostname, path) is None or key in seen:
            continue
        seen.add(key)
        result.checked += 1
        rendered = render(hostname, port, path)
        disk = on_disk.get(key)
        if rendered.content is None:
            if disk is not None:
                result.differing.append(f"{key}：已不是公开页面，但磁盘上仍有文件")
        elif disk is None:
            result.differing.append(f"{key}：磁盘上缺少此页面")
        elif storage.sha256_of(rendered.content) != disk:
            result.differing.append(f"{key}：内容与应用渲染结果不同")
    for key in sorted(set(on_disk) - seen):
        result.differing.append(f"{key}：磁盘上有文件，但站点中没有此页面")
    return result
