"""Security configs: authentication schemes installed with one ``on_app_init`` hook.

``starlite.security.session_auth`` holds the session-based one.
"""

from starlite.security.base import AbstractSecurityConfig as AbstractSecurityConfig

__all__ = ("AbstractSecurityConfig",)
