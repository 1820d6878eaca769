"""Building URLs from handler names instead of writing paths by hand."""

from starlite import Request, Starlite, get
from starlite.testing import TestClient


@get(["/articles", "/articles/{article_id:int}"], name="article")
def article(article_id: int = 0) -> int:
    return article_id


@get("/links", name="links")
def links(request: Request) -> dict[str, str]:
    # ``url_for`` gives an absolute URL, built from the request's base URL.
    return {"first": request.url_for("article", article_id=1)}


app = Starlite(route_handlers=[article, links])


def test_route_reverse() -> None:
    # With several paths, the one that uses the most of the given parameters wins.
    assert app.route_reverse("article") == "/articles"
    assert app.route_reverse("article", article_id=5) == "/articles/5"


def test_url_for_in_a_handler() -> None:
    with TestClient(app=app) as client:
        response = client.get("/links")
    assert response.json() == {"first": "http://testserver.local/articles/1"}
