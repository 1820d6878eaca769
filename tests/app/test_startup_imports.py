"""What building and starting an app loads: pydantic only when the app uses something that needs it.

Importing pydantic 2 takes 100 ms and more; an app of plain handlers (the start-up benchmark's) never
needs it, so it must not pay for it. Each case runs in a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

SERVE_ONE_REQUEST = """
import sys
from starlite import MediaType, Starlite, get
from starlite.testing import RequestFactory

@get("/items/{item_id:int}", media_type=MediaType.TEXT)
async def item(item_id: int, q: str = "") -> str:
    return f"{item_id}{q}"

{setup}
app = Starlite([item], **options)
import anyio

async def main() -> None:
    sent = []
    scope = {
        "type": "http", "method": "GET", "path": "/items/7", "raw_path": b"/items/7",
        "query_string": b"q=x", "headers": [(b"host", b"testserver")], "http_version": "1.1", "scheme": "http",
        "root_path": "", "server": ("testserver", 80), "client": ("c", 1), "app": app, "state": {},
    }

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    assert sent[0]["status"] == 200, sent
    assert sent[1]["body"] == b"7x", sent

anyio.run(main)
print(sorted(name for name in ("pydantic", "pydantic_core") if name in sys.modules))
"""


def loaded_after_one_request(setup: str) -> str:
    code = SERVE_ONE_REQUEST.replace("{setup}", setup)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_an_app_of_plain_handlers_never_loads_pydantic() -> None:
    assert loaded_after_one_request("options = {}") == "[]"


def test_a_cache_config_loads_no_pydantic_either() -> None:
    setup = "from starlite import CacheConfig\noptions = {'cache_config': CacheConfig(expiration=5)}"
    assert loaded_after_one_request(setup) == "[]"


@pytest.mark.parametrize(
    "setup",
    [
        "from starlite import CORSConfig\noptions = {'cors_config': CORSConfig()}",
        "options = {'allowed_hosts': ['testserver']}",
        "from starlite import LoggingConfig\noptions = {'logging_config': LoggingConfig()}",
        "options = {'debug': True}",
    ],
    ids=["cors", "allowed-hosts", "logging", "debug"],
)
def test_options_that_need_pydantic_still_work(setup: str) -> None:
    # Their configs are pydantic models (as in 1.5x): loaded when used, and the app answers as before.
    assert loaded_after_one_request(setup) == "['pydantic', 'pydantic_core']"
