"""``starlite info`` and ``starlite routes``: what they print about the app."""

from __future__ import annotations

import re

from click.testing import CliRunner

from starlite.cli.main import starlite_group
from tests.cli.conftest import WriteFile

CONFIGURED_APP = """
from starlite import CORSConfig, Starlite, get
from starlite.middleware.session.memory_backend import MemoryBackendConfig

@get("/")
def index() -> str:
    return "index"

app = Starlite(
    [index],
    debug=True,
    cors_config=CORSConfig(),
    allowed_hosts=["example.com", "*.example.org"],
    middleware=[MemoryBackendConfig().middleware],
)
"""

ROUTES_APP = """
from starlite import Controller, Starlite, asgi, get, post, websocket
from starlite.connection import WebSocket

class ItemController(Controller):
    path = "/items"

    @get()
    async def list_items(self) -> list[int]:
        return []

    @post()
    def create_item(self, data: dict) -> dict:
        return data

    @get("/{item_id:int}", name="item-detail")
    async def get_item(self, item_id: int) -> int:
        return item_id

@websocket("/feed")
async def feed(socket: WebSocket) -> None:
    await socket.accept()

@asgi("/mounted")
async def mounted(scope, receive, send) -> None:
    pass

app = Starlite([ItemController, feed, mounted], openapi_config=None)
"""


def row(output: str, title: str) -> str:
    match = re.search(rf"│ {re.escape(title)} +│ (.*?) +│", output)
    assert match, f"no {title!r} row in:\n{output}"
    return match.group(1)


def test_info_shows_the_configuration(runner: CliRunner, write_file: WriteFile) -> None:
    write_file("app.py", CONFIGURED_APP)
    result = runner.invoke(starlite_group, ["info"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert row(result.output, "Starlite version") == "1.52.0.dev0"
    assert row(result.output, "Debug mode") == "Enabled"
    assert row(result.output, "CORS") == "Enabled"
    assert row(result.output, "CSRF") == "Disabled"
    assert row(result.output, "Allowed hosts") == "example.com, *.example.org"
    assert row(result.output, "OpenAPI") == "Enabled path=/schema"
    assert row(result.output, "Compression") == "Disabled"
    assert row(result.output, "Middlewares") == "SessionMiddleware"


def test_info_of_a_bare_app(runner: CliRunner, write_file: WriteFile) -> None:
    write_file("app.py", "from starlite import Starlite\napp = Starlite([], openapi_config=None)\n")
    result = runner.invoke(starlite_group, ["info"])
    assert result.exit_code == 0, result.output
    assert row(result.output, "Debug mode") == "Disabled"
    assert row(result.output, "OpenAPI") == "Disabled"
    assert "Allowed hosts" not in result.output
    assert "Middlewares" not in result.output


def test_routes_tree(runner: CliRunner, write_file: WriteFile) -> None:
    write_file("app.py", ROUTES_APP)
    result = runner.invoke(starlite_group, ["routes"], terminal_width=200)
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.output.splitlines()[1:]]
    assert lines == [
        "/feed (WS)",
        "└── feed async",
        "/items (HTTP)",
        "├── ItemController.list_items async GET",
        "└── ItemController.create_item sync POST",
        "/items/{item_id:int} (HTTP)",
        "└── item-detail async GET",
        "/mounted (ASGI)",
        "└── mounted async",
    ]


def test_info_shows_templates_and_static_files(runner: CliRunner, write_file: WriteFile) -> None:
    write_file("templates/index.html", "hello")
    write_file("assets/site.css", "body {}")
    write_file(
        "app.py",
        "from starlite import Starlite, StaticFilesConfig, TemplateConfig\n"
        "from starlite.contrib.jinja import JinjaTemplateEngine\n"
        "app = Starlite(\n"
        "    [],\n"
        "    template_config=TemplateConfig(directory='templates', engine=JinjaTemplateEngine),\n"
        "    static_files_config=[StaticFilesConfig(path='/static', directories=['assets'], html_mode=True)],\n"
        ")\n",
    )
    result = runner.invoke(starlite_group, ["info"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert row(result.output, "Template engine") == "JinjaTemplateEngine"
    assert row(result.output, "Static files") == "path=/static dirs=assets html_mode=Enabled"
