"""One 政府信息公开 side menu on every page of the section, and site names
without "[默认]" in the agency select (issue 18)."""

from bs4 import BeautifulSoup

from .application_helpers import APPLY_URL, EDU_HOST, PORTAL_HOST

SECTION_PAGES = ("/xxgk/", "/xxgk/fdzdgk/", "/xxgk/gkml/", "/xxgk/sgs/", APPLY_URL)


def _menu(client, host, path):
    response = client.get(path, HTTP_HOST=host, follow=True)
    assert response.status_code == 200, path
    nav = BeautifulSoup(response.content, "html.parser").select_one(
        "nav.disclosure-side"
    )
    assert nav is not None, path
    links = [(a.get_text(), a["href"]) for a in nav.select("ul a")]
    current = [a["href"] for a in nav.select("ul a[aria-current]")]
    return links, current


def test_every_disclosure_page_shows_the_same_side_menu(client, cluster):
    for host in (PORTAL_HOST, EDU_HOST):
        menus = {path: _menu(client, host, path) for path in SECTION_PAGES}
        first = menus["/xxgk/"][0]
        titles = [title for title, _ in first]
        for label in ("法定主动公开内容", "政府信息公开目录", "双公示", "依申请公开"):
            assert label in titles, (host, label)
        for path, (links, _current) in menus.items():
            assert links == first, (host, path)
        assert menus["/xxgk/gkml/"][1] == ["/xxgk/gkml/"]
        assert menus["/xxgk/sgs/"][1] == ["/xxgk/sgs/"]


def test_the_agency_select_names_sites_without_the_default_mark(client, cluster):
    html = client.get(APPLY_URL, HTTP_HOST=PORTAL_HOST).content.decode()
    select = BeautifulSoup(html, "html.parser").find("select", attrs={"name": "agency"})
    labels = [o.get_text() for o in select.find_all("option")]
    assert "北疆市人民政府" in labels and "北疆市教育局" in labels
    assert not any("默认" in label or "[" in label for label in labels)
