"""No request reaches a file outside the served directories, and none is a 500.

HTTP clients clean ``..`` out of URLs before sending them, so the attempts go over raw ASGI, with the
path a server would decode (``%2e%2e`` -> ``..``, ``%2f`` -> ``/``, ``%00`` -> NUL).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from starlite import Starlite
from starlite.config import StaticFilesConfig
from starlite.static_files import StaticFiles
from starlite.static_files.base import relative_file_path
from starlite.testing import create_test_client
from starlite.utils.file import BaseLocalFileSystem
from tests.asgi_calls import call_asgi, http_scope

SECRET = b"secret outside the directory"


@pytest.fixture()
def layout(tmp_path: Path) -> Path:
    """``tmp_path/public`` is served; ``tmp_path/secret.txt`` and ``tmp_path/private/`` are not."""
    public = tmp_path / "public"
    (public / "sub").mkdir(parents=True)
    (public / "ok.txt").write_text("public")
    (public / "sub" / "inner.txt").write_text("inner")
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "key.txt").write_bytes(SECRET)
    (public / "link_out.txt").symlink_to(tmp_path / "secret.txt")
    (public / "dir_out").symlink_to(tmp_path / "private")
    (public / "link_in.txt").symlink_to(public / "sub" / "inner.txt")
    (public / "relative_in.txt").symlink_to(Path("sub") / "inner.txt")
    (public / "loop").symlink_to(public / "loop")
    return tmp_path


async def get_path(app: Any, path: str) -> tuple[int, bytes]:
    messages = await call_asgi(app, http_scope("GET", path, raw_path=path.encode("utf-8", "surrogatepass")))
    body = b"".join(message.get("body", b"") for message in messages[1:])
    return messages[0]["status"], body


ATTEMPTS = [
    "/static/../secret.txt",
    "/static/sub/../../secret.txt",
    "/static/./../secret.txt",
    "/static/..",
    "/static/%2e%2e/secret.txt",  # left encoded by a server that does not decode it
    "/static/..%2fsecret.txt",
    "/static/..\\secret.txt",
    "/static/sub\\..\\..\\secret.txt",
    "/static/" + "/" + "{root}/secret.txt",
    "/static//{root}/secret.txt",
    "/static/link_out.txt",
    "/static/dir_out/key.txt",
    "/static/loop",
    "/static/ok.txt\x00.png",
    "/static/\x00",
    "/static/" + "a/" * 3000,
    "/static/" + "a" * 300,
    "/static/\ud800.txt",
    "/static/\udcff.txt",
]


@pytest.mark.anyio
@pytest.mark.parametrize("attempt", ATTEMPTS, ids=lambda a: repr(a)[:40])
@pytest.mark.parametrize("html_mode", [False, True], ids=["plain", "html"])
async def test_attempts_to_leave_the_directory_are_404(
    layout: Path, attempt: str, html_mode: bool, caplog: pytest.LogCaptureFixture
) -> None:
    app = Starlite(
        [],
        static_files_config=StaticFilesConfig(
            path="/static", directories=[layout / "public"], html_mode=html_mode
        ),
    )
    with caplog.at_level(logging.DEBUG):
        status, body = await get_path(app, attempt.replace("{root}", str(layout).lstrip("/")))
    assert status == 404
    assert SECRET not in body
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR or record.exc_info]


@pytest.mark.anyio
async def test_links_that_stay_inside_are_served(layout: Path) -> None:
    app = Starlite([], static_files_config=StaticFilesConfig(path="/static", directories=[layout / "public"]))
    assert await get_path(app, "/static/link_in.txt") == (200, b"inner")
    assert await get_path(app, "/static/relative_in.txt") == (200, b"inner")


@pytest.mark.anyio
async def test_a_served_directory_may_itself_be_a_link(layout: Path) -> None:
    (layout / "alias").symlink_to(layout / "public")
    app = Starlite([], static_files_config=StaticFilesConfig(path="/static", directories=[layout / "alias"]))
    assert await get_path(app, "/static/sub/inner.txt") == (200, b"inner")
    assert (await get_path(app, "/static/link_out.txt"))[0] == 404


@pytest.mark.anyio
async def test_get_fs_info_never_leaves_the_directories(layout: Path) -> None:
    static_files = StaticFiles(
        is_html_mode=False, directories=[layout / "public"], file_system=BaseLocalFileSystem()
    )
    for file_path in ("../secret.txt", "/../secret.txt", "link_out.txt", "sub/../../secret.txt"):
        assert await static_files.get_fs_info([layout / "public"], file_path) == (None, None)
    path, info = await static_files.get_fs_info([layout / "public"], "sub/inner.txt")
    assert path == str((layout / "public" / "sub" / "inner.txt").resolve())
    assert info is not None and info["size"] == 5


def test_what_the_client_sends_through_httpx_is_404(layout: Path) -> None:
    config = StaticFilesConfig(path="/static", directories=[layout / "public"])
    with create_test_client([], static_files_config=config) as client:
        for url in (
            "/static/%2e%2e/secret.txt",
            "/static/..%2Fsecret.txt",
            "/static/ok.txt%00",
            "/static/%5C..%5Csecret.txt",
        ):
            response = client.get(url)
            assert response.status_code == 404, url
            assert response.json()["status_code"] == 404


@pytest.mark.parametrize(
    ("path", "relative"),
    [
        ("/", ""),
        ("", ""),
        ("/a/b.css", "a/b.css"),
        ("//a///b/", "a/b"),
        ("/./a/./b", "a/b"),
        ("/a/../b", None),
        ("/a\\b", None),
        ("/a\x00", None),
    ],
)
def test_relative_file_path(path: str, relative: str | None) -> None:
    assert relative_file_path(path) == relative


SEGMENTS = st.sampled_from(
    [
        "..",
        ".",
        "",
        "sub",
        "ok.txt",
        "inner.txt",
        "link_out.txt",
        "dir_out",
        "key.txt",
        "secret.txt",
        "%2e%2e",
        "\\..",
        "\x00",
        "loop",
        "index.html",
    ]
)
PATHS = st.one_of(
    st.lists(SEGMENTS, max_size=8).map(lambda parts: "/static/" + "/".join(parts)),
    st.text(max_size=60).map(lambda text: "/static/" + text),
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=PATHS, html_mode=st.booleans())
def test_no_path_reaches_outside_or_fails(layout: Path, path: str, html_mode: bool) -> None:
    public = layout / "public"
    app = Starlite(
        [], static_files_config=StaticFilesConfig(path="/static", directories=[public], html_mode=html_mode)
    )
    status, body = anyio.run(get_path, app, path)
    assert status in (200, 404), path
    assert SECRET not in body
    if status == 200:
        served = {
            p.read_bytes()
            for p in public.rglob("*")
            if p.is_file() and os.path.realpath(p).startswith(str(public.resolve()))
        }
        assert body in served
