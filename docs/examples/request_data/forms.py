"""An HTML form (``application/x-www-form-urlencoded``) decoded into a model."""

from pydantic import BaseModel

from starlite import Body, RequestEncodingType, Starlite, post
from starlite.testing import TestClient


class Registration(BaseModel):
    name: str
    age: int
    interests: list[str] = []
    newsletter: bool = False


@post("/register")
def register(data: Registration = Body(media_type=RequestEncodingType.URL_ENCODED)) -> Registration:
    return data


app = Starlite(route_handlers=[register])


def test_form_fields_are_converted() -> None:
    with TestClient(app=app) as client:
        response = client.post(
            "/register",
            data={"name": "Ada", "age": "36", "interests": ["maths", "engines"], "newsletter": "on"},
        )
    assert response.status_code == 201
    # Every form value is text; the model turns it into the declared types. A key sent several
    # times fills a list field, and a checkbox's "on" is a true bool.
    assert response.json() == {
        "name": "Ada",
        "age": 36,
        "interests": ["maths", "engines"],
        "newsletter": True,
    }


def test_a_single_value_for_a_list_field() -> None:
    with TestClient(app=app) as client:
        response = client.post("/register", data={"name": "Ada", "age": "36", "interests": "maths"})
    assert response.json()["interests"] == ["maths"]


def test_invalid_fields() -> None:
    with TestClient(app=app) as client:
        response = client.post("/register", data={"age": "thirty-six"})
    assert response.status_code == 400
    assert response.json()["extra"] == [
        {"key": "name", "message": "Field required", "source": "body"},
        {
            "key": "age",
            "message": "Input should be a valid integer, unable to parse string as an integer",
            "source": "body",
        },
    ]


def test_json_is_not_a_form() -> None:
    with TestClient(app=app) as client:
        response = client.post("/register", json={"name": "Ada", "age": 36})
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Unsupported content type 'application/json': this endpoint expects a form (url-encoded or multipart)"
    )
