"""The README's first command: the demo app served by uvicorn on 127.0.0.1."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served_demo(*options: str) -> Iterator[str]:
    """Serve the demo app with uvicorn on 127.0.0.1; yield its base URL."""
    pytest.importorskip("uvicorn")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "demo.app:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *options,
    ]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    pytest.fail(f"uvicorn did not start:\n{server.communicate()[0]}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            server.kill()
        if server.stdout is not None:
            server.stdout.close()


def test_demo_app_serves_under_uvicorn() -> None:
    with served_demo() as base:
        response = httpx.get(f"{base}/health-check", timeout=5)
        assert response.status_code == 200
        assert response.text == "healthy"
        created = httpx.post(f"{base}/api/todos", json={"title": "served"}, timeout=5)
        assert created.status_code == 201 and created.json()["title"] == "served"
        page = httpx.get(f"{base}/", timeout=5)
        assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
        assert '<li class="open">served</li>' in page.text
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)">', page.text)
        assert stylesheet is not None
        css = httpx.get(f"{base}{stylesheet.group(1)}", timeout=5)
        assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
        assert css.content == (ROOT / "demo" / "static" / "style.css").read_bytes()


def test_demo_app_serves_behind_a_proxy_with_a_root_path() -> None:
    # uvicorn --root-path (0.26 and later) puts the root path in front of scope["path"]: the app must
    # route the path below it, and its schema page must point at the documents under the root path.
    with served_demo("--root-path", "/prefix") as base:
        response = httpx.get(f"{base}/health-check", timeout=5)
        assert (response.status_code, response.text) == (200, "healthy")
        created = httpx.post(f"{base}/api/todos", json={"title": "proxied"}, timeout=5)
        assert created.status_code == 201 and created.json()["title"] == "proxied"
        schema = httpx.get(f"{base}/schema/openapi.json", timeout=10)
        assert schema.status_code == 200 and "/api/todos" in schema.json()["paths"]
        page = httpx.get(f"{base}/schema/elements", timeout=10)
        assert page.status_code == 200 and "/prefix/schema/openapi.json" in page.text
