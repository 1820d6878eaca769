"""Typed path parameters: parsing, rejection of bad values, and validation at app construction."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from starlite import Starlite, get
from starlite.exceptions import ImproperlyConfiguredException
from starlite.testing import create_test_client

NOT_FOUND = {"status_code": 404, "detail": "Not Found"}


@pytest.mark.parametrize(
    ("type_name", "raw", "expected"),
    [
        pytest.param("int", "42", 42, id="int"),
        pytest.param("int", "-7", -7, id="int-negative"),
        pytest.param("float", "1.5", 1.5, id="float"),
        pytest.param("float", ".5", 0.5, id="float-no-leading-digit"),
        pytest.param("float", "-2e3", -2000.0, id="float-exponent"),
        pytest.param("float", "7", 7.0, id="float-whole"),
        pytest.param("str", "hello", "hello", id="str"),
        pytest.param(
            "uuid",
            "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            UUID("3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
            id="uuid",
        ),
        pytest.param("decimal", "3.14", Decimal("3.14"), id="decimal"),
        pytest.param("date", "2023-05-17", date(2023, 5, 17), id="date"),
        pytest.param("datetime", "2023-05-17T10:20:30", datetime(2023, 5, 17, 10, 20, 30), id="datetime"),
        pytest.param("time", "10:20:30", time(10, 20, 30), id="time"),
        pytest.param("timedelta", "90", timedelta(seconds=90), id="timedelta-seconds"),
        pytest.param("timedelta", "P2W", timedelta(weeks=2), id="timedelta-iso-weeks"),
    ],
)
def test_path_parameter_is_parsed_to_its_declared_type(type_name: str, raw: str, expected: Any) -> None:
    received: list[Any] = []

    @get(f"/items/{{value:{type_name}}}")
    def handler(value: Any) -> None:
        received.append(value)

    with create_test_client([handler]) as client:
        response = client.get(f"/items/{raw}")

    assert response.status_code == 200
    assert received == [expected]
    assert type(received[0]) is type(expected)


@pytest.mark.parametrize(
    ("type_name", "raw"),
    [
        pytest.param("int", "abc", id="int-letters"),
        pytest.param("int", "1.5", id="int-float"),
        pytest.param("int", "%EF%BC%91%EF%BC%92", id="int-fullwidth-digits"),
        pytest.param("int", "%D9%A3", id="int-arabic-indic-digit"),
        pytest.param("int", "1_0", id="int-underscore"),
        pytest.param("int", "%201", id="int-leading-space"),
        pytest.param("float", "one", id="float"),
        pytest.param("float", "nan", id="float-nan"),
        pytest.param("float", "inf", id="float-inf"),
        pytest.param("float", "-Infinity", id="float-minus-infinity"),
        pytest.param("float", "1e400", id="float-overflow"),
        pytest.param("float", "1_0", id="float-underscore"),
        pytest.param("float", "%201", id="float-leading-space"),
        pytest.param("float", "%EF%BC%91.5", id="float-fullwidth-digit"),
        pytest.param("uuid", "not-a-uuid", id="uuid"),
        pytest.param("decimal", "ten", id="decimal"),
        pytest.param("date", "2023-13-45", id="date"),
        pytest.param("datetime", "yesterday", id="datetime"),
        pytest.param("time", "25:99", id="time"),
        pytest.param("timedelta", "forever", id="timedelta"),
    ],
)
def test_unparsable_path_parameter_is_not_found(type_name: str, raw: str) -> None:
    called = False

    @get(f"/items/{{value:{type_name}}}")
    def handler(value: Any) -> None:
        nonlocal called
        called = True

    with create_test_client([handler]) as client:
        response = client.get(f"/items/{raw}")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert response.headers["content-type"].startswith("application/json")
    assert not called


def test_path_type_captures_the_rest_with_a_leading_slash() -> None:
    @get("/files/{file_path:path}")
    def handler(file_path: str) -> dict[str, str]:
        return {"file_path": file_path}

    with create_test_client([handler]) as client:
        assert client.get("/files/a/b/c.txt").json() == {"file_path": "/a/b/c.txt"}
        assert client.get("/files/single").json() == {"file_path": "/single"}


def test_path_type_after_typed_parameter() -> None:
    @get("/users/{user_id:int}/files/{rest:path}")
    def handler(user_id: int, rest: str) -> dict[str, Any]:
        return {"user_id": user_id, "rest": rest}

    with create_test_client([handler]) as client:
        assert client.get("/users/3/files/x/y").json() == {"user_id": 3, "rest": "/x/y"}
        assert client.get("/users/abc/files/x/y").status_code == 404


def test_several_parameters_in_one_path() -> None:
    @get("/orgs/{org:str}/repos/{repo_id:int}/issues/{issue:uuid}")
    def handler(org: str, repo_id: int, issue: UUID) -> dict[str, Any]:
        return {"org": org, "repo_id": repo_id, "issue": str(issue), "issue_type": type(issue).__name__}

    issue = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
    with create_test_client([handler]) as client:
        response = client.get(f"/orgs/acme/repos/12/issues/{issue}")

    assert response.json() == {"org": "acme", "repo_id": 12, "issue": issue, "issue_type": "UUID"}


def test_whitespace_inside_placeholder_is_ignored() -> None:
    @get("/items/{ item_id : int }")
    def handler(item_id: int) -> dict[str, int]:
        return {"item_id": item_id}

    with create_test_client([handler]) as client:
        assert client.get("/items/5").json() == {"item_id": 5}


def test_path_params_are_in_scope_and_request() -> None:
    from starlite import Request

    @get("/items/{item_id:int}")
    def handler(request: Request) -> dict[str, Any]:
        return {"path_params": request.path_params, "type": type(request.path_params["item_id"]).__name__}

    with create_test_client([handler]) as client:
        assert client.get("/items/8").json() == {"path_params": {"item_id": 8}, "type": "int"}


def test_percent_encoded_str_parameter_is_decoded() -> None:
    @get("/names/{name:str}")
    def handler(name: str) -> dict[str, str]:
        return {"name": name}

    with create_test_client([handler]) as client:
        assert client.get("/names/caf%C3%A9").json() == {"name": "café"}
        assert client.get("/names/a%20b").json() == {"name": "a b"}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        pytest.param("/items/{item_id}", "declared with a type", id="untyped"),
        pytest.param("/items/{item_id:integer}", "allowed type", id="unknown-type"),
        pytest.param("/items/{:int}", "declared with a type", id="nameless"),
        pytest.param("/items/{x:int}/{x:str}", "Duplicate parameter 'x'", id="duplicate"),
        pytest.param("/items/{rest:path}/more", "last segment", id="path-not-last"),
        pytest.param("/items/{broken", "Malformed", id="unclosed-brace"),
    ],
)
def test_bad_path_templates_are_rejected_at_construction(path: str, message: str) -> None:
    @get(path)
    def handler() -> None: ...

    with pytest.raises(ImproperlyConfiguredException, match=message):
        Starlite([handler])
