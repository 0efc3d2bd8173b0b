from bs4 import BeautifulSoup


def search(client, host_site, expect=200, **params):
    """GET /search/ on ``site``; returns (response, [result titles])."""
    response = client.get("/search/", params, HTTP_HOST=host_site.hostname)
    assert response.status_code == expect, response.status_code
    document = BeautifulSoup(response.content, "html.parser")
    titles = [a.get_text() for a in document.select(".search-results h3 a")]
    return response, titles


def soup(response):
    return BeautifulSoup(response.content, "html.parser")
