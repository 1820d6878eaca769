import re
from pathlib import Path

from demo.app import app
from starlite.testing import TestClient

STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


def test_demo_app_round_trip() -> None:
    with TestClient(app) as client:
        assert client.get("/health-check").text == "healthy"
        created = client.post("/api/todos", json={"title": "write tests"}).json()
        assert created["title"] == "write tests" and created["done"] is False
        assert client.get(f"/api/todos/{created['id']}").json() == created
        assert client.get("/api/todos").json() == [created]
        assert client.delete(f"/api/todos/{created['id']}").status_code == 204
        assert client.get(f"/api/todos/{created['id']}").status_code == 404
        with client.websocket_connect("/echo") as session:
            session.send_text("ping")
            assert session.receive_text() == "ping"


def test_demo_page_lists_the_todos_from_its_template() -> None:
    with TestClient(app) as client:
        empty = client.get("/")
        assert empty.status_code == 200
        assert empty.headers["content-type"] == "text/html; charset=utf-8"
        assert "<title>Todos · Starlite demo</title>" in empty.text  # the base template's block
        assert "Nothing to do yet" in empty.text
        client.post("/api/todos", json={"title": "write <tests>"})
        client.post("/api/todos", json={"title": "ship", "done": True})
        page = client.get("/").text
        assert '<li class="open">write &lt;tests&gt;</li>' in page  # escaped: a title is user input
        assert '<li class="done">ship</li>' in page
        assert "<p>2 todos, 1 done.</p>" in page
        assert '<a href="/health-check">health check</a>' in page  # url_for in the template


def test_demo_page_stylesheet_is_served_from_static_files() -> None:
    with TestClient(app) as client:
        links = STYLESHEET.findall(client.get("/").text)
        assert links == [app.url_for_static_asset("static", "style.css")] == ["/static/style.css"]
        stylesheet = client.get(links[0])
        assert stylesheet.status_code == 200
        assert stylesheet.headers["content-type"].startswith("text/css")
        assert (
            stylesheet.content
            == (Path(__file__).parent.parent / "demo" / "static" / "style.css").read_bytes()
        )
        assert client.get("/static/missing.css").status_code == 404
