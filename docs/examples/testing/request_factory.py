"""``RequestFactory``: test a guard or a dependency on its own, with a request built in one line."""

from typing import Any

import pytest

from starlite import ASGIConnection, BaseRouteHandler, NotAuthorizedException, Request, Starlite, get
from starlite.testing import RequestFactory


def owner_only(connection: ASGIConnection[Any, Any, Any], route_handler: BaseRouteHandler[Any]) -> None:
    if connection.user != connection.path_params["owner"]:
        raise NotAuthorizedException(f"{route_handler.opt['resource']} belong to their owner")


@get("/notes/{owner:str}", guards=[owner_only], opt={"resource": "notes"})
def list_notes(owner: str) -> list[str]:
    return [f"{owner}'s first note"]


async def read_note_upload(request: Request[Any, Any]) -> dict[str, str]:
    """A dependency: the title and text of a note uploaded as a multipart form."""
    form = await request.form()
    upload = form["file"]
    text = (await upload.read()).decode()
    await upload.close()
    return {"title": form["title"], "text": text}


app = Starlite(route_handlers=[list_notes])
# The factory finds the route, as the router would: ``route_handler`` and ``path_params`` are set.
factory = RequestFactory(app=app)


def test_guard_lets_the_owner_in() -> None:
    request = factory.get("/notes/ada", user="ada")
    assert request.route_handler is list_notes
    owner_only(request, request.route_handler)


def test_guard_keeps_others_out() -> None:
    request = factory.get("/notes/ada", user="grace")
    with pytest.raises(NotAuthorizedException, match="notes belong to their owner"):
        owner_only(request, request.route_handler)


@pytest.mark.anyio
async def test_dependency_reads_the_upload() -> None:
    request = factory.post(
        "/notes",
        data={"title": "shopping"},
        files={"file": ("shopping.txt", b"milk, bread", "text/plain")},
    )
    assert await read_note_upload(request) == {"title": "shopping", "text": "milk, bread"}
