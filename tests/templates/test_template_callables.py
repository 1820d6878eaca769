"""What every template can call: url_for, url_for_static_asset, csrf_token and callables of one's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from starlite import CSRFConfig, Starlite, Template, TemplateConfig, get, post
from starlite.enums import RequestEncodingType
from starlite.params import Body
from starlite.testing import TestClient, create_test_client

from .conftest import Engine


def render(engine: Engine, template_dir: Path, source: str, *handlers: Any, **app_options: Any) -> Any:
    (template_dir / "page.html").write_text(source)

    @get("/page")
    def page() -> Template:
        return Template("page.html")

    app = Starlite(
        [page, *handlers],
        template_config=TemplateConfig(engine=engine.engine, directory=template_dir),
        **app_options,
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        return client.get("/page")


@get("/users/{user_id:int}/items/{slug:str}", name="item")
def item() -> None:
    return None


@get("/plain", name="plain")
def plain() -> None:
    return None


def test_url_for(engine: Engine, template_dir: Path) -> None:
    source = engine.expr("url_for('plain')") + " " + engine.expr("url_for('item', user_id=7, slug='pen')")
    response = render(engine, template_dir, source, item, plain)
    assert response.text == "/plain /users/7/items/pen"


@pytest.mark.parametrize(
    "call",
    ["url_for('nowhere')", "url_for('item', slug='pen')", "url_for('item', user_id='seven', slug='pen')"],
)
def test_url_for_an_unknown_name_or_bad_parameters_is_a_500(
    engine: Engine, template_dir: Path, call: str
) -> None:
    response = render(engine, template_dir, engine.expr(call), item)
    assert response.status_code == 500


def test_url_for_static_asset_asks_the_app(engine: Engine, template_dir: Path) -> None:
    # The static files helper implements app.url_for_static_asset; the template function only asks it.
    class App(Starlite):
        def url_for_static_asset(self, name: str, file_path: str) -> str:
            return f"/assets-of-{name}/{file_path}"

    (template_dir / "page.html").write_text(engine.expr("url_for_static_asset('css', 'site/main.css')"))

    @get("/page")
    def page() -> Template:
        return Template("page.html")

    app = App([page], template_config=TemplateConfig(engine=engine.engine, directory=template_dir))
    with TestClient(app) as client:
        assert client.get("/page").text == "/assets-of-css/site/main.css"


def test_csrf_token_is_empty_without_csrf(engine: Engine, template_dir: Path) -> None:
    response = render(
        engine, template_dir, "[" + engine.expr("csrf_token()") + "][" + engine.expr("csrf_input") + "]"
    )
    assert response.text == "[][]"


def test_a_callable_of_ones_own_gets_the_context(engine: Engine, template_dir: Path) -> None:
    def shout(context: dict[str, Any], word: str) -> str:
        return f"{word.upper()} at {context['request'].url.path} for {context['who']}"

    def add_shout(template_engine: Any) -> None:
        template_engine.register_template_callable("shout", shout)

    (template_dir / "page.html").write_text(engine.expr("shout('hi')"))

    @get("/page")
    def page() -> Template:
        return Template("page.html", context={"who": "you"})

    config = TemplateConfig(engine=engine.engine, directory=template_dir, engine_callback=add_shout)
    with create_test_client([page], template_config=config) as client:
        assert client.get("/page").text == "HI at /page for you"


@pytest.fixture()
def form_app(engine: Engine, template_dir: Path) -> Starlite:
    (template_dir / "form.html").write_text(
        '<form method="post" action="/submit">'
        + engine.expr("csrf_input")
        + "</form>|"
        + engine.expr("csrf_token()")
    )

    @get("/form")
    def form() -> Template:
        return Template("form.html")

    @post("/submit")
    def submit(data: dict[str, str] = Body(media_type=RequestEncodingType.URL_ENCODED)) -> str:
        return f"accepted {sorted(data)}"

    return Starlite(
        [form, submit],
        template_config=TemplateConfig(engine=engine.engine, directory=template_dir),
        csrf_config=CSRFConfig(secret="template tests"),
    )


def test_a_rendered_form_passes_the_csrf_check(form_app: Starlite) -> None:
    import re

    with TestClient(form_app) as client:
        page = client.get("/form")
        match = re.fullmatch(
            r'<form method="post" action="/submit"><input type="hidden" name="_csrf_token" value="(\w+)" /></form>\|(\w+)',
            page.text,
        )
        assert match is not None, page.text  # a real input: not HTML-escaped, even by Jinja2
        field_token, called_token = match.groups()
        assert field_token == called_token == page.cookies["csrftoken"]
        accepted = client.post("/submit", data={"_csrf_token": field_token, "name": "x"})
        assert accepted.status_code == 201, accepted.text
        assert accepted.text == "accepted ['_csrf_token', 'name']"


def test_a_form_without_the_token_is_refused(form_app: Starlite) -> None:
    with TestClient(form_app) as client:
        client.get("/form")
        refused = client.post("/submit", data={"name": "x"})
        assert refused.status_code == 403
        forged = client.post("/submit", data={"_csrf_token": "0" * 128, "name": "x"})
        assert forged.status_code == 403


def test_url_for_static_asset_with_static_files(engine: Engine, template_dir: Path, tmp_path: Path) -> None:
    from starlite import StaticFilesConfig

    (template_dir / "page.html").write_text(engine.expr("url_for_static_asset('css', 'site/main.css')"))

    @get("/page")
    def page() -> Template:
        return Template("page.html")

    try:
        app = Starlite(
            [page],
            template_config=TemplateConfig(engine=engine.engine, directory=template_dir),
            static_files_config=StaticFilesConfig(path="/static/css", directories=[tmp_path], name="css"),
        )
    except NotImplementedError:
        pytest.skip("static files are built on their own branch; this runs once it is merged")
    with TestClient(app) as client:
        assert client.get("/page").text == "/static/css/site/main.css"
