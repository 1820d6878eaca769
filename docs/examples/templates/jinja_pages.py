"""Pages rendered with Jinja2: a layout, links built with ``url_for``, a form that passes the CSRF check."""

from pathlib import Path

from starlite import CSRFConfig, Redirect, Starlite, Template, TemplateConfig, get, post
from starlite.contrib.jinja import JinjaTemplateEngine
from starlite.enums import RequestEncodingType
from starlite.params import Body
from starlite.testing import TestClient

TEMPLATES = Path(__file__).parent / "templates"


@get("/hello/{name:str}", name="greet")
def greet(name: str) -> Template:
    # ".html.jinja2": the first suffix that names a type gives the media type, text/html.
    return Template("greeting.html.jinja2", context={"name": name})


@get("/contact", name="contact")
def contact() -> Template:
    return Template("contact.html.jinja2")


@post("/contact", name="send_message", status_code=303)
def send_message(data: dict[str, str] = Body(media_type=RequestEncodingType.URL_ENCODED)) -> Redirect:
    return Redirect(path="/hello/again")


app = Starlite(
    route_handlers=[greet, contact, send_message],
    template_config=TemplateConfig(engine=JinjaTemplateEngine, directory=TEMPLATES),
    csrf_config=CSRFConfig(secret="change me: a long random string"),
)


def test_a_page_with_values_escaped_and_links_built() -> None:
    with TestClient(app=app) as client:
        response = client.get("/hello/<Ada>")
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "<h1>Hello &lt;Ada&gt;</h1>" in response.text
    assert '<a href="/contact">Write to us</a> from /hello/&lt;Ada&gt;' in response.text


def test_the_form_carries_the_csrf_token() -> None:
    with TestClient(app=app) as client:
        form = client.get("/contact")
        token = form.cookies["csrftoken"]
        assert f'<input type="hidden" name="_csrf_token" value="{token}" />' in form.text
        sent = client.post("/contact", data={"_csrf_token": token, "message": "hi"}, follow_redirects=False)
        forged = client.post("/contact", data={"message": "hi"})
    assert sent.status_code == 303
    assert forged.status_code == 403
