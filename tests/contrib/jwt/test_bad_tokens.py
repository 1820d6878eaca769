"""Bad tokens: every kind is the same 401, logged at no error level, and never a 500 or a hang."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from starlite import ASGIConnection, ImproperlyConfiguredException, Request, get
from starlite.contrib.jwt import JWTAuth, JWTCookieAuth, Token
from starlite.testing import TestClient, create_test_client

SECRET = "a-secret-of-sixty-four-bytes-or-more-so-that-hs512-takes-it-too-0123456789"
INVALID = {"status_code": 401, "detail": "Invalid token"}
# Computed when the module is imported, which can be many minutes before its tests run in a whole-suite
# run: the offsets from it are a year for "valid" and a day for "in the future", never minutes.
NOW = int(time.time())
A_DAY = 24 * 60 * 60
A_YEAR = 365 * A_DAY


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge(header: dict[str, Any], claims: dict[str, Any], key: bytes | None) -> str:
    """A token signed by hand, for the kinds PyJWT refuses to make (alg none, a PEM key as an HMAC secret)."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    signature = b"" if key is None else hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def retrieve_user(token: Token, connection: ASGIConnection[Any, Any, Any]) -> Any:
    return {"name": token.sub}


@get("/me")
def me(request: Request[Any, Token]) -> str:
    return request.user["name"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def rsa_pem() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Any]]:
    config = JWTAuth[Any](retrieve_user_handler=retrieve_user, token_secret=SECRET)
    with create_test_client([me], on_app_init=[config.on_app_init]) as client:
        yield client


GOOD = {"sub": "ada", "exp": NOW + A_YEAR}
HS256 = {"alg": "HS256", "typ": "JWT"}
BAD_TOKENS = {
    "not-a-jwt": "junk",
    "empty": "",
    "two-segments": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ",
    "not-base64": "%%%.%%%.%%%",
    "not-json": f"{b64(b'{')}.{b64(b'{')}.{b64(b'x')}",
    "payload-is-a-list": forge(HS256, [1, 2], SECRET.encode()),  # type: ignore[arg-type]
    "wrong-signature": forge(HS256, GOOD, b"another-secret-of-thirty-two-bytes-at-least"),
    "signature-cut-short": jwt.encode(GOOD, SECRET, algorithm="HS256")[:-5],
    "other-hmac-algorithm": jwt.encode(GOOD, SECRET, algorithm="HS512"),
    "alg-none": forge({"alg": "none", "typ": "JWT"}, GOOD, None),
    "alg-None": forge({"alg": "None", "typ": "JWT"}, GOOD, None),
    "no-alg": forge({"typ": "JWT"}, GOOD, SECRET.encode()),
    "expired": jwt.encode({"sub": "ada", "exp": NOW - 60}, SECRET, algorithm="HS256"),
    "no-exp": jwt.encode({"sub": "ada"}, SECRET, algorithm="HS256"),
    "issued-in-the-future": jwt.encode({**GOOD, "iat": NOW + A_DAY}, SECRET, algorithm="HS256"),
    "not-yet-valid": jwt.encode({**GOOD, "nbf": NOW + A_DAY}, SECRET, algorithm="HS256"),
    "no-sub": jwt.encode({"exp": NOW + A_YEAR}, SECRET, algorithm="HS256"),
    "empty-sub": jwt.encode({"sub": "", "exp": NOW + A_YEAR}, SECRET, algorithm="HS256"),
    "sub-not-a-string": jwt.encode({"sub": 7, "exp": NOW + A_YEAR}, SECRET, algorithm="HS256"),
    "exp-not-a-number": forge(HS256, {"sub": "ada", "exp": "soon"}, SECRET.encode()),
    "exp-out-of-range": forge(HS256, {"sub": "ada", "exp": 10**30}, SECRET.encode()),
    "exp-infinite": forge(HS256, {"sub": "ada", "exp": 1e400}, SECRET.encode()),
}


@pytest.mark.parametrize("token", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
def test_every_bad_token_gets_the_same_401(
    client: TestClient[Any], token: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        response = client.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json() == INVALID
    assert [record for record in caplog.records if record.levelno >= logging.WARNING] == []


def test_the_good_token_the_bad_ones_were_made_from_is_accepted(client: TestClient[Any]) -> None:
    # The bad tokens above differ from this one in one thing each.
    response = client.get("/me", headers={"Authorization": f"Bearer {forge(HS256, GOOD, SECRET.encode())}"})
    assert response.text == "ada"


def test_rs256_refuses_hs256_tokens_and_the_key_confusion_attack(rsa_pem: tuple[str, str]) -> None:
    private, public = rsa_pem
    # A service that checks tokens with the public key only.
    config = JWTAuth[Any](retrieve_user_handler=retrieve_user, token_secret=public, algorithm="RS256")
    issuer = JWTAuth[Any](retrieve_user_handler=retrieve_user, token_secret=private, algorithm="RS256")
    attacks = [
        # HMAC-signed with the public key, which the attacker knows: accepted by a library that
        # lets the token's header choose the algorithm.
        forge(HS256, GOOD, public.encode()),
        jwt.encode(GOOD, SECRET, algorithm="HS256"),
        forge({"alg": "none"}, GOOD, None),
    ]
    with create_test_client([me], on_app_init=[config.on_app_init]) as client:
        assert (
            client.get("/me", headers={"Authorization": f"Bearer {issuer.create_token('ada')}"}).text == "ada"
        )
        for token in attacks:
            response = client.get("/me", headers={"Authorization": f"Bearer {token}"})
            assert (response.status_code, response.json()) == (401, INVALID)


def test_a_public_key_as_an_hmac_secret_is_refused_at_configuration(rsa_pem: tuple[str, str]) -> None:
    with pytest.raises(ImproperlyConfiguredException, match="HS256"):
        JWTAuth[Any](retrieve_user_handler=retrieve_user, token_secret=rsa_pem[1])


def test_an_rs256_config_checks_its_own_tokens_with_its_private_key(rsa_pem: tuple[str, str]) -> None:
    config = JWTAuth[Any](retrieve_user_handler=retrieve_user, token_secret=rsa_pem[0], algorithm="RS256")
    with create_test_client([me], on_app_init=[config.on_app_init]) as client:
        assert (
            client.get("/me", headers={"Authorization": f"Bearer {config.create_token('ada')}"}).text == "ada"
        )


# --- whatever a client sends -------------------------------------------------------------------------

_segment = st.one_of(
    st.binary(max_size=60).map(b64),
    st.dictionaries(
        st.text(max_size=8), st.one_of(st.integers(), st.text(max_size=8), st.none()), max_size=4
    ).map(lambda value: b64(json.dumps(value).encode())),
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=30),
)
_jwt_shaped = st.tuples(_segment, _segment, _segment).map(".".join)
_header_value = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=120)
_fuzz = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def cookie_client() -> Iterator[TestClient[Any]]:
    config = JWTCookieAuth[Any](retrieve_user_handler=retrieve_user, token_secret=SECRET)
    with create_test_client([me], on_app_init=[config.on_app_init]) as client:
        yield client


@_fuzz
@given(token=_jwt_shaped | _header_value, scheme=st.sampled_from(["Bearer ", "bearer ", "", "Basic "]))
def test_random_authorization_headers_never_authenticate(
    client: TestClient[Any], token: str, scheme: str
) -> None:
    response = client.get("/me", headers=[(b"authorization", f"{scheme}{token}".encode("latin-1"))])
    assert response.status_code == 401
    assert response.json()["detail"] in {"Invalid token", "No JWT token found in request header"}


@_fuzz
@given(value=_jwt_shaped | _header_value)
def test_random_cookies_never_authenticate(cookie_client: TestClient[Any], value: str) -> None:
    cookie_client.cookies.clear()
    headers = [(b"cookie", f"token={value}".encode("latin-1"))]
    response = cookie_client.get("/me", headers=headers)
    assert response.status_code == 401


@_fuzz
@given(
    claims=st.dictionaries(
        st.sampled_from(["sub", "exp", "iat", "nbf", "iss", "aud", "jti", "x", "model_config", "__class__"]),
        st.one_of(
            st.integers(min_value=-(2**70), max_value=2**70),
            st.floats(),
            st.text(max_size=10),
            st.none(),
            st.booleans(),
            st.lists(st.integers(), max_size=2),
        ),
    )
)
def test_correctly_signed_tokens_with_random_claims_never_give_a_500(
    client: TestClient[Any], claims: dict[str, Any]
) -> None:
    token = forge(HS256, claims, SECRET.encode())
    response = client.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in {200, 401}
    if response.status_code == 200:
        # Only a token that is valid as a whole gets in.
        assert isinstance(claims.get("sub"), str) and claims["sub"]
        assert isinstance(claims.get("exp"), int | float) and claims["exp"] > time.time()
