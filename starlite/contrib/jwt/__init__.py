"""JWT authentication, on PyJWT (``pip install 'starlite[jwt]'``).

``JWTAuth`` reads the token from a header, ``JWTCookieAuth`` from a header or a cookie, and
``OAuth2PasswordBearerAuth`` answers logins with an OAuth2 token response; ``Token`` holds a token's
claims.
"""

from starlite.contrib.jwt.jwt_auth import JWTAuth as JWTAuth
from starlite.contrib.jwt.jwt_auth import JWTCookieAuth as JWTCookieAuth
from starlite.contrib.jwt.jwt_auth import OAuth2Login as OAuth2Login
from starlite.contrib.jwt.jwt_auth import OAuth2PasswordBearerAuth as OAuth2PasswordBearerAuth
from starlite.contrib.jwt.jwt_token import Token as Token
from starlite.contrib.jwt.middleware import JWTAuthenticationMiddleware as JWTAuthenticationMiddleware
from starlite.contrib.jwt.middleware import (
    JWTCookieAuthenticationMiddleware as JWTCookieAuthenticationMiddleware,
)

__all__ = (
    "JWTAuth",
    "JWTAuthenticationMiddleware",
    "JWTCookieAuth",
    "JWTCookieAuthenticationMiddleware",
    "OAuth2Login",
    "OAuth2PasswordBearerAuth",
    "Token",
)
