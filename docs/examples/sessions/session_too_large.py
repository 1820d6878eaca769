"""A cookie session that grows with what clients send: answer "too large" instead of a 500."""

import os

from starlite import Request, Response, Starlite, get, post
from starlite.exceptions import SessionTooLargeException
from starlite.middleware.session.cookie_backend import CookieBackendConfig
from starlite.status_codes import HTTP_413_REQUEST_ENTITY_TOO_LARGE
from starlite.testing import TestClient

session_config = CookieBackendConfig(secret=os.urandom(16))


@post("/notes")
def add_note(request: Request, data: str) -> dict[str, int]:
    # Each note makes the session larger; nothing here bounds it.
    notes = request.session.setdefault("notes", [])
    notes.append(data)
    return {"notes": len(notes)}


@get("/notes")
def list_notes(request: Request) -> list[str]:
    return request.session.get("notes", [])


def session_full(request: Request, exc: SessionTooLargeException) -> Response[dict[str, str]]:
    # Raised as the response starts, before anything is sent: this answer replaces the handler's,
    # and no cookie is written, so the client keeps the notes it had.
    return Response(
        {"detail": "Too many notes to keep in a cookie: delete some first"},
        status_code=HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    )


app = Starlite(
    route_handlers=[add_note, list_notes],
    middleware=[session_config.middleware],
    exception_handlers={SessionTooLargeException: session_full},
)


def test_a_note_that_does_not_fit_is_refused_and_the_others_are_kept() -> None:
    with TestClient(app=app) as client:
        assert client.post("/notes", json="buy milk").json() == {"notes": 1}
        # os.urandom().hex() does not compress: 200 kB of it is past the 64-cookie limit.
        response = client.post("/notes", json=os.urandom(100_000).hex())
        assert response.status_code == 413
        assert response.json()["detail"].startswith("Too many notes")
        assert client.get("/notes").json() == ["buy milk"]
