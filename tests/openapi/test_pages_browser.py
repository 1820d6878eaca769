"""The documentation pages rendered by a real browser: headless Chromium opens Swagger UI, Redoc and
Stoplight Elements from an app served by uvicorn, and each page shows the app's operations.

There is no internet here or in CI, so the pages' JavaScript and CSS come from the npm packages
themselves (``.ci/run`` downloads the pinned tarballs into ``.ci/cache/npm/``), served by the app under
test through a controller subclass whose asset URLs point at it, as a user without a CDN would do.

Without Chromium or the tarballs the test is skipped, saying which is missing; in CI (``CI`` set) it
fails instead, so that the pages are never silently left untested.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from starlite import OpenAPIConfig, Response, Starlite, get, post
from starlite.exceptions import NotFoundException
from starlite.openapi.controller import OpenAPIController
from starlite.testing import LiveServer
from starlite.types import Receive, Scope, Send

ROOT = Path(__file__).resolve().parent.parent.parent
NPM_CACHE = Path(os.environ.get("STARLITE_NPM_CACHE", ROOT / ".ci" / "cache" / "npm"))
# The npm packages and versions the pages are tested with (.ci/run downloads the same files).
TARBALLS = {
    "swagger-ui-dist": "swagger-ui-dist-4.15.5.tgz",
    "redoc": "redoc-2.0.0.tgz",
    "@stoplight/elements": "stoplight-elements-7.7.6.tgz",
}
# URL name -> (tarball, member, media type)
ASSETS = {
    "swagger-ui.css": (TARBALLS["swagger-ui-dist"], "package/swagger-ui.css", "text/css"),
    "swagger-ui-bundle.js": (TARBALLS["swagger-ui-dist"], "package/swagger-ui-bundle.js", "text/javascript"),
    "swagger-ui-standalone-preset.js": (
        TARBALLS["swagger-ui-dist"],
        "package/swagger-ui-standalone-preset.js",
        "text/javascript",
    ),
    "redoc.standalone.js": (TARBALLS["redoc"], "package/bundles/redoc.standalone.js", "text/javascript"),
    "elements.css": (TARBALLS["@stoplight/elements"], "package/styles.min.css", "text/css"),
    "elements.js": (TARBALLS["@stoplight/elements"], "package/web-components.min.js", "text/javascript"),
}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TITLE = "Pet shop </script><b>"
# Each page with the texts it shows once it has rendered the app's three operations: a text of the
# renderer's own (it ran), then what comes from the schema. Swagger UI and Redoc show each operation's
# path and summary; Elements lists the summaries in its sidebar.
PAGES = {
    "swagger": ["OAS3", "/pets/{pet_id}", "List every pet", "Add a pet", "Show one pet"],
    "redoc": ["API docs by Redocly", "/pets/{pet_id}", "List every pet", "Add a pet", "Show one pet"],
    "elements": ["Endpoints", "List every pet", "Add a pet", "Show one pet"],
}


@dataclass
class Pet:
    """A pet of the shop."""

    name: str
    age: int


@get("/pets", summary="List every pet")
def list_pets() -> list[Pet]:
    """The pets."""
    return [Pet(name="Rex", age=3)]


@post("/pets", summary="Add a pet")
def create_pet(data: Pet) -> Pet:
    """A new pet."""
    return data


@get("/pets/{pet_id:int}", summary="Show one pet")
def get_pet(pet_id: int) -> Pet:
    """One pet."""
    return Pet(name="Rex", age=pet_id)


class LocalAssetsController(OpenAPIController):
    """The pages loading their JavaScript and CSS from the app itself."""

    redoc_google_fonts = False
    redoc_js_url = "/assets/redoc.standalone.js"
    swagger_css_url = "/assets/swagger-ui.css"
    swagger_ui_bundle_js_url = "/assets/swagger-ui-bundle.js"
    swagger_ui_standalone_preset_js_url = "/assets/swagger-ui-standalone-preset.js"
    stoplight_elements_css_url = "/assets/elements.css"
    stoplight_elements_js_url = "/assets/elements.js"


def missing_assets() -> list[str]:
    """The tarballs that are not in the cache."""
    return [name for name in TARBALLS.values() if not (NPM_CACHE / name).is_file()]


def read_assets() -> dict[str, tuple[bytes, str]]:
    """Every asset's bytes and media type, read from the tarballs."""
    assets = {}
    for name, (tarball, member, media_type) in ASSETS.items():
        with tarfile.open(NPM_CACHE / tarball) as archive:
            extracted = archive.extractfile(member)
            assert extracted is not None, f"{member} is not a file in {tarball}"
            assets[name] = (extracted.read(), media_type)
    return assets


def create_app() -> Starlite:
    """The app under test (uvicorn's ``--factory``): three operations, the pages, and their assets.

    ``PAGES_ENABLED`` (comma-separated) sets the config's ``enabled_endpoints``.
    """
    assets = read_assets()
    enabled = os.environ.get("PAGES_ENABLED", "redoc,swagger,elements,openapi.json,openapi.yaml")

    @get("/assets/{name:str}", include_in_schema=False)
    def asset(name: str) -> Response[bytes]:
        if name not in assets:
            raise NotFoundException()
        content, media_type = assets[name]
        return Response(content=content, media_type=media_type)

    return Starlite(
        [list_pets, create_pet, get_pet, asset],
        openapi_config=OpenAPIConfig(
            title=TITLE,
            version="1.0.0",
            openapi_controller=LocalAssetsController,
            enabled_endpoints=set(enabled.split(",")),
        ),
    )


def create_proxied_app() -> Any:
    """The app as a proxy serving it at ``/api`` shows it: ``/api`` moved from the path to ``root_path``.

    Other paths answer 404, but for the assets, whose URLs on the controller have no prefix.
    """
    app = create_app()

    async def proxy(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope["path"]
            if path.startswith("/api/"):
                scope = {**scope, "path": path[4:], "raw_path": path[4:].encode(), "root_path": "/api"}
            elif not path.startswith("/assets/"):
                await send({"type": "http.response.start", "status": 404, "headers": []})
                await send({"type": "http.response.body", "body": b""})
                return
        await app(scope, receive, send)

    return proxy


def unavailable(reason: str) -> None:
    """Skip, or fail in CI, where the browser test must run."""
    if os.environ.get("CI"):
        pytest.fail(f"the browser test cannot run in CI: {reason}")
    pytest.skip(reason)


def dump_dom(url: str, profile: Path) -> str:
    """The page's DOM once its scripts have run, as headless Chromium serialises it."""
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        f"--user-data-dir={profile}",
        # Virtual time: the page's timers and animations run to completion without waiting for them.
        "--virtual-time-budget=15000",
        "--dump-dom",
        url,
    ]
    # A session of its own: on a timeout, the whole tree (renderer, GPU and zygote processes) is killed.
    browser = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        dom, errors = browser.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(browser.pid, signal.SIGKILL)
        browser.communicate()
        pytest.fail(f"chromium did not finish rendering {url} within 60 s")
    assert browser.returncode == 0, f"chromium failed on {url}:\n{errors[-3000:]}"
    return dom


def visible_text(dom: str) -> str:
    """The DOM's text, without its scripts and styles (the embedded schema would match anything).

    Whitespace is left out: the pages split a path into several elements (``/pets`` ``/{pet_id}``).
    """
    dom = re.sub(r"<(script|style)\b.*?</\1>", "", dom, flags=re.DOTALL | re.IGNORECASE)
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", dom))


def check_page(url: str, expected: list[str], profile: Path) -> None:
    """Open ``url`` in Chromium: it must show every ``expected`` text, and the schema only as a page."""
    dom = dump_dom(url, profile)
    text = visible_text(dom)
    missing = [wanted for wanted in expected if re.sub(r"\s+", "", wanted) not in text]
    assert not missing, f"{url} did not show {missing}; it showed:\n{text[:3000]}"
    # The schema stayed inside its script: a title holding "</script>" would end the script early
    # and show the rest of the schema as text.
    assert '"paths":' not in text, f"{url} shows the schema as text:\n{text[:3000]}"
    assert "<title>Pet shop &lt;/script&gt;&lt;b&gt;</title>" in dom


def require_browser_and_assets() -> None:
    """Skip (fail in CI) without Chromium, the npm tarballs or uvicorn."""
    if CHROMIUM is None:
        unavailable("chromium is not installed (Debian: apt-get install chromium)")
    if missing_assets():
        unavailable(f"the npm assets {missing_assets()} are not in {NPM_CACHE} (.ci/run downloads them)")
    if importlib.util.find_spec("uvicorn") is None:
        unavailable("uvicorn is not installed")


def test_pages_render_the_operations_in_chromium(tmp_path: Path) -> None:
    require_browser_and_assets()
    with LiveServer(create_app, factory=True, env={"STARLITE_NPM_CACHE": str(NPM_CACHE)}) as server:
        for page, expected in PAGES.items():
            check_page(f"{server.url}/schema/{page}", expected, tmp_path / page)


def test_elements_renders_without_the_json_document(tmp_path: Path) -> None:
    # With openapi.json disabled, the Elements page holds the schema instead of fetching it.
    require_browser_and_assets()
    env = {"STARLITE_NPM_CACHE": str(NPM_CACHE), "PAGES_ENABLED": "elements"}
    with LiveServer(create_app, factory=True, env=env) as server, server.client() as client:
        assert client.get("/schema/openapi.json").status_code == 404
        check_page(f"{server.url}/schema/elements", PAGES["elements"], tmp_path)


def test_elements_under_a_root_path(tmp_path: Path) -> None:
    # Behind a proxy serving the app at /api, Elements must fetch /api/schema/openapi.json.
    require_browser_and_assets()
    env = {"STARLITE_NPM_CACHE": str(NPM_CACHE)}
    with LiveServer(create_proxied_app, factory=True, env=env) as server, server.client() as client:
        assert client.get("/schema/openapi.json").status_code == 404
        assert client.get("/api/schema/openapi.json").status_code == 200
        check_page(f"{server.url}/api/schema/elements", PAGES["elements"], tmp_path)
