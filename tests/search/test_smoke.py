from tests.conftest import add_article, column

from .conftest import index_now


def test_smoke(client, cluster, engine):
    add_article(column(cluster.edu, "gzdt"), "推进社保卡一卡通服务")
    add_article(column(cluster.health, "gzdt"), "政务公开工作要点")
    print(index_now())
    r = client.get("/search/", {"q": "社保"}, HTTP_HOST=cluster.edu.hostname)
    html = r.content.decode()
    print(html[html.find("<main") :])
    assert "社保卡" in html
