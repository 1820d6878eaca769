"""One decorator per HTTP method, plus ``route`` for several methods at once."""

import threading
from typing import Any

from starlite import HttpMethod, Starlite, delete, get, head, patch, post, put, route
from starlite.status_codes import HTTP_202_ACCEPTED
from starlite.testing import TestClient

NOTES: dict[int, str] = {}
EVENT_LOOP_THREAD: list[int] = []


@post("/notes/{note_id:int}")
async def create_note(note_id: int, data: str) -> str:
    # POST answers 201 Created unless told otherwise.
    NOTES[note_id] = data
    return data


@get("/notes/{note_id:int}")
async def read_note(note_id: int) -> str:
    return NOTES[note_id]


@put("/notes/{note_id:int}")
async def replace_note(note_id: int, data: str) -> str:
    NOTES[note_id] = data
    return data


@patch("/notes/{note_id:int}", status_code=HTTP_202_ACCEPTED)
async def append_to_note(note_id: int, data: str) -> str:
    NOTES[note_id] += data
    return NOTES[note_id]


@delete("/notes/{note_id:int}")
async def delete_note(note_id: int) -> None:
    # DELETE answers 204 No Content, so the handler must return None.
    del NOTES[note_id]


@head("/notes")
async def notes_exist() -> None:
    # A HEAD response has headers but no body.
    return None


@route("/ping", http_method=[HttpMethod.GET, HttpMethod.POST])
async def ping() -> dict[str, str]:
    # Status codes default per method: 200 for GET, and 201 here as the methods include POST.
    return {"answer": "pong"}


@get("/blocking", sync_to_thread=True)
def blocking_call() -> dict[str, Any]:
    # A sync handler with ``sync_to_thread=True`` runs in a worker thread, so slow blocking code
    # (file access, a sync database driver, ...) does not stall the event loop.
    return {"in_worker_thread": threading.get_ident() != EVENT_LOOP_THREAD[0]}


@get("/event-loop-thread")
async def remember_event_loop_thread() -> None:
    EVENT_LOOP_THREAD[:] = [threading.get_ident()]


app = Starlite(
    route_handlers=[
        create_note,
        read_note,
        replace_note,
        append_to_note,
        delete_note,
        notes_exist,
        ping,
        blocking_call,
        remember_event_loop_thread,
    ]
)


def test_note_lifecycle() -> None:
    with TestClient(app=app) as client:
        created = client.post("/notes/1", json="buy milk")
        assert (created.status_code, created.text) == (201, "buy milk")
        assert client.get("/notes/1").text == "buy milk"

        replaced = client.put("/notes/1", json="buy bread")
        assert (replaced.status_code, replaced.text) == (200, "buy bread")

        appended = client.patch("/notes/1", json=" and jam")
        assert (appended.status_code, appended.text) == (202, "buy bread and jam")

        deleted = client.delete("/notes/1")
        assert (deleted.status_code, deleted.content) == (204, b"")


def test_head_has_no_body() -> None:
    with TestClient(app=app) as client:
        response = client.head("/notes")
    assert response.status_code == 200
    assert response.content == b""


def test_route_with_several_methods() -> None:
    with TestClient(app=app) as client:
        assert client.get("/ping").json() == {"answer": "pong"}
        assert client.post("/ping").status_code == 201
        # A method the path does not answer gets 405.
        assert client.delete("/ping").status_code == 405


def test_sync_handler_in_a_thread() -> None:
    with TestClient(app=app) as client:
        client.get("/event-loop-thread")
        assert client.get("/blocking").json() == {"in_worker_thread": True}
