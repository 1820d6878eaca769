"""Session authentication: log a user in by storing their id in the session, look them up on each request."""

from starlite.security.session_auth.auth import SessionAuth as SessionAuth
from starlite.security.session_auth.middleware import SessionAuthMiddleware as SessionAuthMiddleware

__all__ = ("SessionAuth", "SessionAuthMiddleware")
