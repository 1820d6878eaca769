"""``Token``: the claims of a JWT, signed and checked with PyJWT."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from starlite import ImproperlyConfiguredException, NotAuthorizedException
from starlite.contrib.jwt import Token

SECRET = "a-secret-of-sixty-four-bytes-or-more-so-that-hs512-takes-it-too-0123456789"


def in_(seconds: int) -> datetime:
    return datetime.now(timezone.utc) + timedelta(seconds=seconds)


def pem(private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, public: bool = False) -> str:
    if public:
        return (
            private_key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@settings(max_examples=40, deadline=None)
@given(
    algorithm=st.sampled_from(["HS256", "HS384", "HS512"]),
    sub=st.text(min_size=1),
    iss=st.none() | st.text(max_size=64),
    aud=st.none() | st.text(max_size=64),
    jti=st.none() | st.text(max_size=64),
)
def test_a_token_comes_back_as_it_went_in(
    algorithm: str, sub: str, iss: str | None, aud: str | None, jti: str | None
) -> None:
    token = Token(sub=sub, exp=in_(30), iss=iss, aud=aud, jti=jti)
    decoded = Token.decode(token.encode(SECRET, algorithm), SECRET, algorithm)
    assert decoded == token
    assert decoded.exp.tzinfo is not None


def test_extra_claims_are_kept() -> None:
    token = Token(sub="ada", exp=in_(30), role="admin", scopes=["read"])  # type: ignore[call-arg]
    decoded = Token.decode(token.encode(SECRET, "HS256"), SECRET, "HS256")
    assert decoded.model_extra == {"role": "admin", "scopes": ["read"]}


def test_times_are_utc_to_the_second_and_iat_defaults_to_now() -> None:
    token = Token(sub="ada", exp=datetime.now(timezone(timedelta(hours=2))) + timedelta(hours=1))
    assert token.exp.utcoffset() == timedelta(0)
    assert token.exp.microsecond == 0
    assert abs(token.iat - datetime.now(timezone.utc)) < timedelta(seconds=2)


@pytest.mark.parametrize(
    "make_claims",
    [
        # Made when the test runs: times computed at collection would drift (an ``iat`` two minutes
        # ahead is in the past once a long suite reaches this test).
        lambda: {"sub": "", "exp": in_(300)},
        lambda: {"sub": "ada", "exp": in_(-30)},
        lambda: {"sub": "ada", "exp": in_(600), "iat": in_(300)},
        lambda: {"sub": "ada", "exp": datetime.min},
        lambda: {"exp": in_(300)},
    ],
    ids=["empty-sub", "expired", "issued-in-the-future", "year-one", "no-sub"],
)
def test_invalid_claims_are_a_validation_error(make_claims: Callable[[], dict[str, object]]) -> None:
    with pytest.raises(ValueError):
        Token(**make_claims())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("secret", "algorithm"),
    [(SECRET, "nope"), (SECRET, "none"), ("", "HS256"), (None, "HS256"), (SECRET, None)],
)
def test_encoding_with_a_bad_algorithm_or_secret_is_a_configuration_error(
    secret: str, algorithm: str
) -> None:
    with pytest.raises(ImproperlyConfiguredException):
        Token(sub="ada", exp=in_(30)).encode(secret, algorithm)


def test_decoding_refuses_junk_a_wrong_secret_and_a_wrong_algorithm_alike() -> None:
    encoded = Token(sub="ada", exp=in_(30)).encode(SECRET, "HS256")
    for token, secret, algorithm in [
        ("junk", SECRET, "HS256"),
        (encoded, SECRET + "x", "HS256"),
        (encoded, SECRET, "HS512"),
        (encoded, SECRET, "nope"),
        (encoded, SECRET, "none"),
    ]:
        with pytest.raises(NotAuthorizedException) as refused:
            Token.decode(token, secret, algorithm)
        assert refused.value.detail == "Invalid token"


def test_an_expired_token_is_refused() -> None:
    # Signed by hand: Token itself will not make one.
    encoded = jwt.encode({"sub": "ada", "exp": int(in_(-5).timestamp())}, SECRET, algorithm="HS256")
    with pytest.raises(NotAuthorizedException):
        Token.decode(encoded, SECRET, "HS256")


def test_audience_and_issuer_are_checked_when_asked() -> None:
    encoded = Token(sub="ada", exp=in_(30), iss="https://id.example.com", aud="shop").encode(SECRET, "HS256")
    assert Token.decode(encoded, SECRET, "HS256").aud == "shop"  # not checked unless asked (1.5x)
    accepted = Token.decode(
        encoded,
        SECRET,
        "HS256",
        accepted_audiences=["shop", "blog"],
        accepted_issuers={"https://id.example.com"},
    )
    assert accepted.iss == "https://id.example.com"
    for options in ({"accepted_audiences": ["blog"]}, {"accepted_issuers": ["https://evil.example.com"]}):
        with pytest.raises(NotAuthorizedException):
            Token.decode(encoded, SECRET, "HS256", **options)  # type: ignore[arg-type]


def test_rs256_signs_with_the_private_key_and_checks_with_either_half(rsa_key: rsa.RSAPrivateKey) -> None:
    encoded = Token(sub="ada", exp=in_(30)).encode(pem(rsa_key), "RS256")
    assert Token.decode(encoded, pem(rsa_key), "RS256").sub == "ada"
    assert Token.decode(encoded, pem(rsa_key, public=True), "RS256").sub == "ada"
    with pytest.raises(ImproperlyConfiguredException, match="public key"):
        Token(sub="ada", exp=in_(30)).encode(pem(rsa_key, public=True), "RS256")


def test_es256_round_trip() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    encoded = Token(sub="ada", exp=in_(30)).encode(pem(key), "ES256")
    assert Token.decode(encoded, pem(key, public=True), "ES256").sub == "ada"


def test_a_jwk_dict_is_a_secret_too() -> None:
    jwk = {"kty": "oct", "k": jwt.utils.base64url_encode(SECRET.encode()).decode()}
    encoded = Token(sub="ada", exp=in_(30)).encode(jwk, "HS256")
    assert Token.decode(encoded, SECRET, "HS256").sub == "ada"


def test_a_short_hmac_secret_is_warned_about_once_not_on_every_use() -> None:
    secret = "short-secret-for-this-test-only"  # 31 bytes, RFC 7518 asks for 32 with HS256
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        encoded = Token(sub="ada", exp=in_(30)).encode(secret, "HS256")
        for _ in range(3):
            Token.decode(encoded, secret, "HS256")
    assert [str(warning.message) for warning in caught] == [
        "The JWT secret is too weak: " + str(caught[0].message).split(": ", 1)[1]
    ]


# --- verified tokens are remembered, not trusted for ever -------------------------------------------


def test_a_remembered_token_is_still_refused_once_it_expires() -> None:
    import time

    secret = SECRET + "-expiry"
    # +2, not +1: on a second's boundary int(time.time()) + 1 is already (or almost) past. PyJWT reads
    # the real clock, so the wait is real: at most 2 s.
    expires = int(time.time()) + 2
    encoded = jwt.encode({"sub": "ada", "exp": expires}, secret, algorithm="HS256")
    assert Token.decode(encoded, secret, "HS256").sub == "ada"
    assert Token.decode(encoded, secret, "HS256").sub == "ada"  # remembered
    time.sleep(max(0.0, expires - time.time()) + 0.05)
    with pytest.raises(NotAuthorizedException):
        Token.decode(encoded, secret, "HS256")


def test_each_decode_of_a_remembered_token_gets_its_own_copy() -> None:
    encoded = Token(sub="ada", exp=in_(30), roles=["reader"]).encode(SECRET, "HS256")  # type: ignore[call-arg]
    for _ in range(2):  # verified, then remembered
        Token.decode(encoded, SECRET, "HS256").sub = "mallory"
    assert Token.decode(encoded, SECRET, "HS256").sub == "ada"


def test_the_memory_of_verified_tokens_is_bounded() -> None:
    from starlite.contrib.jwt.jwt_token import prepared_key

    secret = SECRET + "-bounded"
    for number in range(1100):
        Token.decode(Token(sub=str(number), exp=in_(30)).encode(secret, "HS256"), secret, "HS256")
    assert len(prepared_key(secret, "HS256")._verified) == 1024


def test_without_pyjwt_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    from starlite.exceptions import MissingDependencyException

    for name in [name for name in sys.modules if name == "jwt" or name.startswith("jwt.")]:
        monkeypatch.setitem(sys.modules, name, None)
    for name in [name for name in sys.modules if name.startswith("starlite.contrib.jwt")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(MissingDependencyException, match=r"starlite\[jwt\]"):
        importlib.import_module("starlite.contrib.jwt")
