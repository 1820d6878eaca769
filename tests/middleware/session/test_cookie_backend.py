"""The cookie backend: what it seals, and every way a client can tamper with what it holds."""

import base64
import importlib
import json
import os
import sys
import time
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from starlite import ImproperlyConfiguredException, Request, Starlite, get, post, websocket
from starlite.connection import WebSocket
from starlite.exceptions import MissingDependencyException, SerializationException, SessionTooLargeException
from starlite.middleware.session import cookie_backend
from starlite.middleware.session.cookie_backend import (
    CHUNK_SIZE,
    MAX_SEALED_SIZE,
    CookieBackend,
    CookieBackendConfig,
)
from starlite.testing import TestClient, create_test_client

SECRET = bytes(range(32))


@get("/read")
def read(request: Request) -> dict[str, Any]:
    return request.session


@post("/write")
def write(request: Request, data: dict[str, Any]) -> None:
    request.session.update(data)


@post("/clear")
def clear(request: Request) -> None:
    request.clear_session()


@get("/untouched")
def untouched() -> str:
    return "no session here"


def make_client(**options: Any) -> TestClient[Starlite]:
    config = CookieBackendConfig(secret=options.pop("secret", SECRET), **options)
    return create_test_client([read, write, clear, untouched], session_config=config)


def session_cookies(client: TestClient[Starlite]) -> dict[str, str]:
    return {cookie.name: cookie.value for cookie in client.cookies.jar if cookie.name.startswith("session-")}


def set_raw_cookies(client: TestClient[Starlite], cookies: dict[str, str]) -> None:
    client.cookies.clear()
    for name, value in cookies.items():
        client.cookies.set(name, value, domain="testserver.local")


@pytest.mark.parametrize("length", [0, 8, 15, 17, 31, 33, 64])
def test_the_secret_must_be_an_aes_key(length: int) -> None:
    with pytest.raises(ImproperlyConfiguredException, match="16, 24 or 32 bytes"):
        CookieBackendConfig(secret=os.urandom(length))


@pytest.mark.parametrize("length", [16, 24, 32])
def test_aes_key_lengths_are_accepted(length: int) -> None:
    assert CookieBackendConfig(secret=os.urandom(length)).key == "session"


def test_the_secret_is_not_in_the_repr() -> None:
    assert SECRET.hex() not in repr(CookieBackendConfig(secret=SECRET))
    assert str(SECRET) not in repr(CookieBackendConfig(secret=SECRET))


def test_without_cryptography_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in sys.modules if name == "cryptography" or name.startswith("cryptography.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "starlite.middleware.session.cookie_backend")
    with pytest.raises(MissingDependencyException, match=r"starlite\[cryptography\]"):
        importlib.import_module("starlite.middleware.session.cookie_backend")
    monkeypatch.setitem(sys.modules, "starlite.middleware.session.cookie_backend", cookie_backend)


def test_a_handler_that_never_touches_the_session_sends_no_cookie() -> None:
    with make_client() as client:
        assert "set-cookie" not in client.get("/untouched").headers
        client.post("/write", json={"a": 1})
        # Reading an unchanged session does not rewrite it either.
        response = client.get("/read")
        assert response.json() == {"a": 1}
        assert "set-cookie" not in response.headers


def test_the_data_is_encrypted_and_every_write_uses_a_fresh_nonce() -> None:
    with make_client() as client:
        client.post("/write", json={"secret": "hunter2"})
        first = session_cookies(client)
        client.post("/write", json={"secret": "hunter2"})  # same data, no change: no new cookie
        assert session_cookies(client) == first
        client.post("/write", json={"other": 1})
        second = session_cookies(client)
    assert first != second
    for value in [*first.values(), *second.values()]:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        assert b"hunter2" not in raw


def test_large_sessions_are_chunked_and_stale_chunks_expire() -> None:
    with make_client() as client:
        big = "x" * (CHUNK_SIZE * 3)
        response = client.post("/write", json={"big": big})
        names = sorted(session_cookies(client))
        assert len(names) >= 4
        assert names == [f"session-{index}" for index in range(len(names))]
        assert all(len(header) < 4096 for header in response.headers.get_list("set-cookie"))
        assert client.get("/read").json()["big"] == big
        response = client.post("/write", json={"big": "small now"})
        expired = [h for h in response.headers.get_list("set-cookie") if "Max-Age=0" in h]
        assert sorted(h.split("=")[0] for h in expired) == names[1:]
        assert sorted(session_cookies(client)) == ["session-0"]
        assert client.get("/read").json() == {"big": "small now"}


def test_clearing_deletes_every_chunk() -> None:
    with make_client() as client:
        client.post("/write", json={"big": "y" * (CHUNK_SIZE * 2)})
        response = client.post("/clear")
        assert len([h for h in response.headers.get_list("set-cookie") if "Max-Age=0" in h]) >= 3
        assert session_cookies(client) == {}
        assert client.get("/read").json() == {}


def _tampered(client: TestClient[Starlite], change: Any) -> dict[str, Any]:
    cookies = session_cookies(client)
    set_raw_cookies(client, change(cookies))
    response = client.get("/read")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def _flip(value: str, position: int) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[position % len(raw)] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize("position", [0, 7, 11, 12, 20, 40, -10, -1])
def test_a_flipped_bit_anywhere_gives_an_empty_session(position: int) -> None:
    # Positions cover the nonce, the ciphertext, the tag, the AAD marker and the associated data.
    with make_client() as client:
        client.post("/write", json={"user": "ada"})
        assert _tampered(client, lambda c: {"session-0": _flip(c["session-0"], position)}) == {}


def test_swapped_truncated_or_dropped_chunks_give_an_empty_session() -> None:
    with make_client() as client:
        client.post("/write", json={"big": "z" * (CHUNK_SIZE * 2)})
        original = session_cookies(client)
        swapped = {
            "session-0": original["session-1"],
            "session-1": original["session-0"],
            "session-2": original["session-2"],
        }
        assert _tampered(client, lambda c: swapped) == {}
        assert _tampered(client, lambda c: {**original, "session-1": original["session-1"][:-5]}) == {}
        assert (
            _tampered(
                client, lambda c: {"session-0": original["session-0"], "session-2": original["session-2"]}
            )
            == {}
        )
        assert _tampered(client, lambda c: original)["big"] == "z" * (CHUNK_SIZE * 2)


def test_cookies_sealed_with_another_secret_or_for_another_name_do_not_open() -> None:
    with make_client(secret=os.urandom(32)) as other:
        other.post("/write", json={"user": "mallory"})
        foreign = session_cookies(other)
    with make_client(key="other") as renamed:
        renamed.post("/write", json={"user": "mallory"})
        moved = {
            name.replace("other-", "session-"): value for name, value in session_cookies(renamed).items()
        }
    with make_client() as client:
        set_raw_cookies(client, foreign)
        assert client.get("/read").json() == {}
        set_raw_cookies(client, moved)
        assert client.get("/read").json() == {}


def test_an_expired_cookie_is_not_accepted_even_when_replayed(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = CookieBackend(CookieBackendConfig(secret=SECRET, max_age=60))
    values = backend.dump_data({"user": "ada"}, now=1_000_000)
    assert backend.load_data(values, now=1_000_059) == {"user": "ada"}
    assert backend.load_data(values, now=1_000_060) == {}
    with make_client(max_age=60) as client:
        set_raw_cookies(client, {"session-0": values[0].decode()})  # sealed long ago: expired by now
        assert client.get("/read").json() == {}


def test_oversized_and_numerous_cookies_are_an_empty_session_not_an_error() -> None:
    with make_client() as client:
        set_raw_cookies(client, {"session-0": "A" * 20_000})
        assert client.get("/read").json() == {}
        set_raw_cookies(client, {f"session-{index}": "QUFB" for index in range(500)})
        response = client.post("/write", json={"fresh": True})
        assert response.status_code == 201
        # The new session takes session-0; every other chunk cookie the client carried is expired,
        # so a planted pile of cookies does not stay on the client.
        expired = [h for h in response.headers.get_list("set-cookie") if "Max-Age=0" in h]
        assert len(expired) == 499
        assert client.get("/read").json() == {"fresh": True}


def test_a_cookie_name_with_a_non_ascii_digit_is_not_a_500() -> None:
    with make_client() as client:
        response = client.post(
            "/write", json={"a": 1}, headers={"cookie": "session-\u00b2=x".encode("latin-1")}
        )
        assert response.status_code == 201


def test_a_session_too_large_for_cookies_is_refused_where_it_is_sealed() -> None:
    backend = CookieBackend(CookieBackendConfig(secret=SECRET))
    with pytest.raises(SessionTooLargeException, match="too large to store") as caught:
        backend.dump_data({"blob": os.urandom(300_000).hex()})
    assert caught.value.limit == MAX_SEALED_SIZE
    assert caught.value.size > MAX_SEALED_SIZE
    assert isinstance(caught.value, SerializationException)


def test_the_1_5x_import_path_still_works_with_a_deprecation_warning() -> None:
    import starlite.middleware.session as sessions

    with pytest.warns(DeprecationWarning, match="cookie_backend"):
        assert sessions.CookieBackendConfig is CookieBackendConfig


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(junk=st.binary(max_size=300))
def test_random_bytes_as_session_cookies_never_open_and_only_raise_invalid_tag(junk: bytes) -> None:
    # As in 1.5x, load_data says that data does not open by raising InvalidTag (the middleware then
    # gives the request an empty session); it never raises anything else.
    backend = CookieBackend(CookieBackendConfig(secret=SECRET))
    for chunk in (junk, junk.decode("latin-1"), base64.b64encode(junk), base64.b64encode(junk).decode()):
        with pytest.raises(InvalidTag):
            backend.load_data([chunk])


def test_random_cookie_headers_through_the_app_are_never_a_500() -> None:
    with make_client() as client:
        for index in range(200):
            junk = base64.urlsafe_b64encode(os.urandom(index % 90 + 1)).decode()
            response = client.get("/read", headers={"cookie": f"session-0={junk}; session-1={junk[::-1]}"})
            assert (response.status_code, response.json()) == (200, {})


def test_cookie_options_are_applied() -> None:
    with make_client(max_age=120, path="/", samesite="strict", httponly=True) as client:
        header = client.post("/write", json={"a": 1}).headers["set-cookie"]
    assert "Max-Age=120" in header
    assert "SameSite=strict" in header
    assert "HttpOnly" in header
    assert "Path=/" in header


def test_excluded_paths_and_handlers_get_no_session() -> None:
    @get("/skip", skip_session=True)
    def skip(request: Request) -> bool:
        return "session" in request.scope

    @get("/static/file")
    def static() -> bool:
        return True

    config = CookieBackendConfig(secret=SECRET, exclude=["^/static"])
    with create_test_client([skip, static, read], session_config=config) as client:
        assert client.get("/skip").json() is False
        assert client.get("/static/file").json() is True
        assert client.get("/read").json() == {}


def test_websocket_connections_have_the_session() -> None:
    @websocket("/ws")
    async def handler(socket: WebSocket) -> None:
        await socket.accept()
        await socket.send_json(socket.session)
        await socket.close()

    config = CookieBackendConfig(secret=SECRET)
    with create_test_client([handler], session_config=config) as client:
        client.set_session_data({"user": "ada"})
        with client.websocket_connect("/ws") as ws:
            assert ws.receive_json() == {"user": "ada"}


# --- 1.5x's API and layout ----------------------------------------------------------------------------


def test_the_secret_may_be_pydantics_secret_bytes_as_1_5x_wrote_it() -> None:
    from pydantic import SecretBytes

    config = CookieBackendConfig(secret=SecretBytes(SECRET))
    assert "secret=<hidden>" in repr(config)
    backend = CookieBackend(config)
    assert backend.load_data(backend.dump_data({"a": 1})) == {"a": 1}
    with pytest.raises(ImproperlyConfiguredException, match="16, 24 or 32 bytes"):
        CookieBackendConfig(secret=SecretBytes(os.urandom(17)))
    with make_client(secret=SecretBytes(SECRET)) as client:
        client.post("/write", json={"user": "ada"})
        assert client.get("/read").json() == {"user": "ada"}


def _sealed_by_1_5x(secret: bytes, session: dict[str, Any], expires_at: int) -> str:
    # Starlite 1.5x's layout: base64(nonce + AES-GCM(JSON session) + AAD + JSON {"expires_at": ...}).
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    associated_data = json.dumps({"expires_at": expires_at}).encode()
    nonce = os.urandom(12)
    sealed = AESGCM(secret).encrypt(nonce, json.dumps(session).encode(), associated_data)
    return base64.b64encode(nonce + sealed + cookie_backend.AAD + associated_data).decode()


def test_sessions_sealed_by_1_5x_still_open_after_an_upgrade() -> None:
    legacy = _sealed_by_1_5x(SECRET, {"user": "ada"}, int(time.time()) + 3600)
    with make_client() as client:
        set_raw_cookies(client, {"session-0": legacy})
        assert client.get("/read").json() == {"user": "ada"}
    backend = CookieBackend(CookieBackendConfig(secret=SECRET))
    assert backend.load_data([legacy.encode()]) == {"user": "ada"}
    assert backend.load_data([_sealed_by_1_5x(SECRET, {"user": "ada"}, int(time.time()) - 1)]) == {}


def test_dump_data_gives_ascii_bytes_chunks_that_load_data_opens() -> None:
    backend = CookieBackend(CookieBackendConfig(secret=SECRET))
    chunks = backend.dump_data({"big": "y" * (CHUNK_SIZE * 2)})
    assert len(chunks) == 3
    assert all(isinstance(chunk, bytes) and len(chunk) <= CHUNK_SIZE for chunk in chunks)
    raw = base64.b64decode(b"".join(chunks))
    assert cookie_backend.AAD in raw  # the associated data follows the marker, in the clear
    assert backend.load_data(data=chunks) == {"big": "y" * (CHUNK_SIZE * 2)}
    assert backend.load_data([chunk.decode() for chunk in chunks]) == {"big": "y" * (CHUNK_SIZE * 2)}


def test_load_data_raises_invalid_tag_when_the_expiry_is_pushed_back() -> None:
    backend = CookieBackend(CookieBackendConfig(secret=SECRET, max_age=60))
    raw = base64.b64decode(b"".join(backend.dump_data({"user": "ada"})))
    marker = raw.rfind(cookie_backend.AAD)
    later = json.dumps({"expires_at": int(time.time()) + 3600, "key": "session"}).encode()
    forged = base64.b64encode(raw[:marker] + cookie_backend.AAD + later)
    with pytest.raises(InvalidTag):
        backend.load_data([forged])
    with make_client() as client:
        set_raw_cookies(client, {"session-0": forged.decode()})
        assert client.get("/read").json() == {}


def test_get_cookie_keys_lists_the_chunk_cookies_in_chunk_order() -> None:
    backend = CookieBackend(CookieBackendConfig(secret=SECRET))
    names = ["session-10", "session-2", "session-0", "session", "other-1", "session-x", "session-1"]
    scope = {"type": "http", "headers": [(b"cookie", "; ".join(f"{n}=v" for n in names).encode())]}
    connection: Any = Request(scope)  # type: ignore[arg-type]
    assert backend.get_cookie_keys(connection) == ["session-0", "session-1", "session-2", "session-10"]
    assert backend.cookie_re.fullmatch("session-3")
