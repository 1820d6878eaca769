from demo.app import app
from starlite.testing import TestClient


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
