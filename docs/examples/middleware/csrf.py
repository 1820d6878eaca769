"""Refusing form posts and API calls that another site's page made a visitor's browser send."""

import os
from html import escape

from starlite import Body, CSRFConfig, MediaType, Request, RequestEncodingType, Starlite, get, post
from starlite.middleware.csrf import get_csrf_token
from starlite.testing import TestClient

csrf_config = CSRFConfig(
    # The same secret in every process, read from the environment in production.
    secret=os.environ.get("CSRF_SECRET", "change me"),
    cookie_secure=False,  # True once the site is served over HTTPS only
)


@get("/comment", media_type=MediaType.HTML)
def comment_form(request: Request) -> str:
    # The current token, written into the form as the _csrf_token field.
    token = escape(get_csrf_token(request.scope) or "")
    return (
        '<form method="post" action="/comment">'
        f'<input type="hidden" name="_csrf_token" value="{token}">'
        '<textarea name="text"></textarea><button>Send</button></form>'
    )


@post("/comment")
def add_comment(data: dict[str, str] = Body(media_type=RequestEncodingType.URL_ENCODED)) -> str:
    return f"thanks for: {data['text']}"


@post("/api/like")
def like() -> dict[str, bool]:
    return {"liked": True}


@post("/webhooks/payment", exclude_from_csrf=True)
def payment_webhook() -> None:
    # Called by the payment provider's servers, which hold no token: this handler opts out.
    return None


app = Starlite(route_handlers=[comment_form, add_comment, like, payment_webhook], csrf_config=csrf_config)


def test_a_form_sends_the_token_back() -> None:
    with TestClient(app=app) as client:
        page = client.get("/comment")  # sets the csrftoken cookie
        token = page.cookies["csrftoken"]
        assert f'value="{token}"' in page.text
        response = client.post("/comment", data={"_csrf_token": token, "text": "nice"})
    assert response.text == "thanks for: nice"


def test_a_script_sends_it_in_a_header() -> None:
    with TestClient(app=app) as client:
        token = client.get("/comment").cookies["csrftoken"]
        # A page's script reads the cookie and copies it into the X-CSRFToken header.
        assert client.post("/api/like", headers={"X-CSRFToken": token}).json() == {"liked": True}


def test_without_the_token_a_post_is_refused() -> None:
    with TestClient(app=app) as client:
        client.get("/comment")  # the browser has the cookie, as it would on another site's page
        refused = client.post("/comment", data={"text": "spam"})
        webhook = client.post("/webhooks/payment")
    assert refused.status_code == 403
    assert refused.json() == {"status_code": 403, "detail": "CSRF token verification failed"}
    assert webhook.status_code == 201
