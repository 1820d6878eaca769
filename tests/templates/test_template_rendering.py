"""Rendering ``Template`` responses with Jinja2 and Mako: context, directories, media types, errors."""

from __future__ import annotations

import gc
import logging
import weakref
from pathlib import Path

import pytest

from starlite import MediaType, Request, Starlite, Template, TemplateConfig, get
from starlite.testing import TestClient, create_test_client

from .conftest import Engine


def test_renders_the_context_as_html(engine: Engine, template_dir: Path) -> None:
    (template_dir / "hello.html").write_text(f"<p>Hello {engine.expr('name')}</p>")

    @get("/")
    def page() -> Template:
        return Template("hello.html", context={"name": "Ada"})

    config = TemplateConfig(engine=engine.engine, directory=template_dir)
    with create_test_client([page], template_config=config) as client:
        response = client.get("/")
    assert response.status_code == 200
    assert response.text == "<p>Hello Ada</p>"
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-length"] == str(len(b"<p>Hello Ada</p>"))


def test_without_a_context(engine: Engine, template_dir: Path) -> None:
    (template_dir / "plain.html").write_text("<p>static</p>")

    @get("/")
    def page() -> Template:
        return Template(name="plain.html")

    with create_test_client(
        [page], template_config=TemplateConfig(engine=engine.engine, directory=template_dir)
    ) as client:
        assert client.get("/").text == "<p>static</p>"


def test_several_directories_are_searched_in_order(engine: Engine, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "nested").mkdir(parents=True)
    second.mkdir()
    (first / "both.html").write_text("first")
    (second / "both.html").write_text("second")
    (second / "only-second.html").write_text("only in the second")
    (first / "nested" / "deep.html").write_text(f"deep {engine.expr('n')}")

    @get("/{name:str}")
    def page(name: str) -> Template:
        return Template(name.replace("~", "/"), context={"n": 1})

    config = TemplateConfig(engine=engine.engine, directory=[first, str(second)])
    with create_test_client([page], template_config=config) as client:
        assert client.get("/both.html").text == "first"
        assert client.get("/only-second.html").text == "only in the second"
        assert client.get("/nested~deep.html").text == "deep 1"


def test_the_request_is_in_the_context_and_wins_over_the_handlers(engine: Engine, template_dir: Path) -> None:
    (template_dir / "path.html").write_text(engine.expr("request.url.path"))

    @get("/somewhere")
    def page() -> Template:
        return Template("path.html", context={"request": "not the request"})

    with create_test_client(
        [page], template_config=TemplateConfig(engine=engine.engine, directory=template_dir)
    ) as client:
        assert client.get("/somewhere").text == "/somewhere"


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("page.html", "text/html; charset=utf-8"),
        ("page.html.jinja2", "text/html; charset=utf-8"),
        ("notes.txt", "text/plain; charset=utf-8"),
        ("feed.xml", "application/xml"),
        ("style.css", "text/css; charset=utf-8"),
        ("page.unknownsuffix", "text/plain; charset=utf-8"),
        ("noextension", "text/plain; charset=utf-8"),
    ],
)
def test_the_media_type_follows_the_template_name(name: str, media_type: str, template_dir: Path) -> None:
    from starlite.contrib.jinja import JinjaTemplateEngine

    (template_dir / name).write_text("<a>1 & 2</a>")

    @get("/")
    def page() -> Template:
        return Template(name)

    with create_test_client(
        [page], template_config=TemplateConfig(engine=JinjaTemplateEngine, directory=template_dir)
    ) as client:
        response = client.get("/")
    assert response.headers["content-type"] == media_type
    assert response.text == "<a>1 & 2</a>"  # sent as rendered, never encoded as JSON


def test_a_media_type_named_by_the_handler_or_the_container_wins(template_dir: Path) -> None:
    from starlite.contrib.jinja import JinjaTemplateEngine

    (template_dir / "page.html").write_text("x")

    @get("/handler", media_type=MediaType.TEXT)
    def by_handler() -> Template:
        return Template("page.html")

    @get("/container")
    def by_container() -> Template:
        return Template("page.html", media_type="text/x-custom")

    config = TemplateConfig(engine=JinjaTemplateEngine, directory=template_dir)
    with create_test_client([by_handler, by_container], template_config=config) as client:
        assert client.get("/handler").headers["content-type"] == "text/plain; charset=utf-8"
        assert client.get("/container").headers["content-type"] == "text/x-custom; charset=utf-8"


def test_headers_cookies_and_status_of_the_handler_and_container(template_dir: Path) -> None:
    from starlite import Cookie
    from starlite.contrib.jinja import JinjaTemplateEngine

    (template_dir / "page.html").write_text("made")

    @get("/", status_code=201, response_headers={"x-layer": {"value": "handler"}})  # type: ignore[dict-item]
    def page() -> Template:
        return Template("page.html", headers={"x-own": "container"}, cookies=[Cookie(key="k", value="v")])

    with create_test_client(
        [page], template_config=TemplateConfig(engine=JinjaTemplateEngine, directory=template_dir)
    ) as client:
        response = client.get("/")
    assert response.status_code == 201
    assert response.headers["x-own"] == "container"
    assert response.cookies["k"] == "v"


def test_jinja_escapes_values_mako_does_not_unless_asked(engine: Engine, template_dir: Path) -> None:
    (template_dir / "page.html").write_text(engine.expr("value"))

    @get("/")
    def page() -> Template:
        return Template("page.html", context={"value": "<b>"})

    with create_test_client(
        [page], template_config=TemplateConfig(engine=engine.engine, directory=template_dir)
    ) as client:
        text = client.get("/").text
    assert text == ("&lt;b&gt;" if engine.open == "{{ " else "<b>")


def test_a_missing_template_is_a_500_naming_it(
    engine: Engine, template_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    @get("/")
    def page() -> Template:
        return Template("absent.html")

    config = TemplateConfig(engine=engine.engine, directory=template_dir)
    with create_test_client([page], template_config=config) as client:
        response = client.get("/")
    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Template absent.html not found."}
    assert str(template_dir) not in response.text
    # A template missing from a deploy is the operator's to see, once.
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        "Template 'absent.html' not found"
    ]


def test_a_missing_template_in_debug_mode_shows_the_traceback(template_dir: Path) -> None:
    from starlite.contrib.jinja import JinjaTemplateEngine

    @get("/")
    def page() -> Template:
        return Template("absent.html")

    app = Starlite(
        [page], template_config=TemplateConfig(engine=JinjaTemplateEngine, directory=template_dir), debug=True
    )
    with TestClient(app) as client:
        response = client.get("/", headers={"accept": "text/plain"})
    assert response.status_code == 500
    assert "TemplateNotFoundException" in response.text
    assert "Template absent.html not found." in response.text


@pytest.mark.parametrize("name", ["../secret.html", "nested/../../secret.html"])
def test_a_name_never_reaches_outside_the_directories(engine: Engine, template_dir: Path, name: str) -> None:
    (template_dir.parent / "secret.html").write_text("secret")
    (template_dir / "nested").mkdir()

    @get("/")
    def page() -> Template:
        return Template(name)

    with create_test_client(
        [page], template_config=TemplateConfig(engine=engine.engine, directory=template_dir)
    ) as client:
        response = client.get("/")
    assert response.status_code == 500
    assert "secret" not in response.text.replace(name, "")


def test_a_template_that_fails_is_a_500_logged_once_without_details(
    engine: Engine, template_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (template_dir / "broken.html").write_text(engine.expr("1 // zero"))

    @get("/")
    def page() -> Template:
        return Template("broken.html", context={"zero": 0})

    app = Starlite([page], template_config=TemplateConfig(engine=engine.engine, directory=template_dir))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/")
    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].exc_info is not None and isinstance(errors[0].exc_info[1], ZeroDivisionError)


def test_no_template_engine_is_a_clear_500() -> None:
    @get("/")
    def page() -> Template:
        return Template("index.html")

    with create_test_client([page]) as client:
        response = client.get("/")
    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Template engine is not configured"}


def test_a_rewritten_template_is_served_anew(engine: Engine, template_dir: Path) -> None:
    # Mako alone would keep the old one when the file changes within the second it was compiled.
    template = template_dir / "page.html"
    template.write_text("old")

    @get("/")
    def page() -> Template:
        return Template("page.html")

    with create_test_client(
        [page], template_config=TemplateConfig(engine=engine.engine, directory=template_dir)
    ) as client:
        assert client.get("/").text == "old"
        template.write_text("new version")
        assert client.get("/").text == "new version"


def test_rewriting_a_template_frees_its_old_version(engine: Engine, template_dir: Path) -> None:
    template = template_dir / "page.html"
    template.write_text("version 0")
    template_engine = engine.engine(template_dir)
    first = weakref.ref(template_engine.get_template("page.html"))
    for version in range(1, 4):
        template.write_text(f"version {version}" + " " * version)
        assert template_engine.get_template("page.html").render() == f"version {version}" + " " * version
    gc.collect()
    assert first() is None


def test_a_head_request_gets_the_headers_only(template_dir: Path) -> None:
    from starlite import route
    from starlite.contrib.jinja import JinjaTemplateEngine

    (template_dir / "page.html").write_text("body")

    @route("/", http_method=["GET", "HEAD"])
    def page() -> Template:
        return Template("page.html")

    with create_test_client(
        [page], template_config=TemplateConfig(engine=JinjaTemplateEngine, directory=template_dir)
    ) as client:
        response = client.head("/")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == "4"


def test_template_response_can_be_returned_directly(template_dir: Path) -> None:
    from starlite.contrib.jinja import JinjaTemplateEngine
    from starlite.response import TemplateResponse

    (template_dir / "page.txt").write_text("{{ word }}")

    @get("/")
    def page(request: Request) -> TemplateResponse:
        return TemplateResponse(
            "page.txt",
            template_engine=request.app.template_engine,
            context={"word": "direct"},
            media_type=MediaType.JSON,
        )

    with create_test_client(
        [page], template_config=TemplateConfig(engine=JinjaTemplateEngine, directory=template_dir)
    ) as client:
        response = client.get("/")
    assert response.text == "direct"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
