"""Client-side sessions: the browser keeps the data, sealed (``pip install starlite[cryptography]``)."""

import base64
import os

from starlite import Request, Starlite, get, post
from starlite.middleware.session.cookie_backend import CookieBackendConfig
from starlite.testing import TestClient

# The key that seals every session cookie: 16, 24 or 32 bytes. In production it must be the same
# on every start and in every worker, so read it from the environment (64 hex digits, made once with
# `python -c "import secrets; print(secrets.token_hex(32))"`). The random fallback only suits a demo:
# each start makes a new key, so a restart logs everybody out, and two workers could not open each
# other's cookies.
if "SESSION_SECRET" in os.environ:
    secret = bytes.fromhex(os.environ["SESSION_SECRET"])
else:
    secret = os.urandom(16)

session_config = CookieBackendConfig(secret=secret, max_age=60 * 60)


@get("/")
def count_visits(request: Request) -> dict[str, int]:
    visits = request.session.get("visits", 0) + 1
    request.session["visits"] = visits
    return {"visits": visits}


@get("/about")
def about() -> str:
    # Never touches the session: the response sets no cookie.
    return "A visit counter"


@post("/logout", status_code=200)
def logout(request: Request) -> str:
    # Expires the session cookies in this response.
    request.clear_session()
    return "Bye"


app = Starlite(route_handlers=[count_visits, about, logout], middleware=[session_config.middleware])


def test_the_session_survives_from_request_to_request() -> None:
    with TestClient(app=app) as client:
        assert [client.get("/").json()["visits"] for _ in range(3)] == [1, 2, 3]
        assert "set-cookie" not in client.get("/about").headers


def test_the_cookie_cannot_be_read_or_changed() -> None:
    with TestClient(app=app) as client:
        client.get("/")
        value = client.cookies["session-0"]
        raw = base64.b64decode(value)
        assert b"visits" not in raw
        # Change one character: the cookie no longer opens, and the count starts again (no error).
        middle = len(value) // 2
        tampered = value[:middle] + ("B" if value[middle] == "A" else "A") + value[middle + 1 :]
        client.cookies.set("session-0", tampered, domain="testserver.local")
        assert client.get("/").json() == {"visits": 1}


def test_logging_out_deletes_the_cookie() -> None:
    with TestClient(app=app) as client:
        client.get("/")
        client.get("/")
        response = client.post("/logout")
        assert "Max-Age=0" in response.headers["set-cookie"]
        assert "session-0" not in client.cookies
        assert client.get("/").json() == {"visits": 1}
