"""The README's first command: the demo app served by uvicorn on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_demo_app_serves_under_uvicorn() -> None:
    pytest.importorskip("uvicorn")
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "demo.app:app", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/health-check", timeout=1)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    pytest.fail(f"uvicorn did not start:\n{server.communicate()[0]}")
                time.sleep(0.1)
        assert response.status_code == 200
        assert response.text == "healthy"
        created = httpx.post(f"http://127.0.0.1:{port}/api/todos", json={"title": "served"}, timeout=5)
        assert created.status_code == 201 and created.json()["title"] == "served"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            server.kill()
        if server.stdout is not None:
            server.stdout.close()
