"""The public pages every site serves from the apps rather than from the page
tree: lists, forms and look-ups. The 网站地图 page and sitemap.xml both list
them (issue 18)."""

from __future__ import annotations

from typing import NamedTuple


class Entrance(NamedTuple):
    title: str
    path: str
    group: str


ENTRANCES = (
    Entrance("政府信息公开目录", "/xxgk/gkml/", "政府信息公开"),
    Entrance("双公示", "/xxgk/sgs/", "政府信息公开"),
    Entrance("依申请公开", "/xxgk/ysqgk/", "政府信息公开"),
    Entrance("依申请公开办理查询", "/xxgk/ysqgk/query/", "政府信息公开"),
    Entrance("办件公示", "/zwfw/bjgs/", "政务服务"),
    Entrance("领导信箱", "/hdjl/ldxx/", "互动交流"),
    Entrance("我要写信", "/hdjl/ldxx/write/", "互动交流"),
    Entrance("信件查询", "/hdjl/ldxx/query/", "互动交流"),
    Entrance("来信办理情况统计", "/hdjl/ldxx/tj/", "互动交流"),
    Entrance("意见征集", "/hdjl/yjzj/", "互动交流"),
    Entrance("在线访谈", "/hdjl/zxft/", "互动交流"),
)


def grouped() -> list[tuple[str, list[Entrance]]]:
    groups: dict[str, list[Entrance]] = {}
    for entrance in ENTRANCES:
        groups.setdefault(entrance.group, []).append(entrance)
    return list(groups.items())
