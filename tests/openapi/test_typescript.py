"""The TypeScript converter: its elements, schemas read as types, whole documents, real apps, and the
output compiled by the TypeScript compiler (``tsc --strict``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import pytest
from openapi_pydantic.v3.v3_1 import OpenAPI, Reference, Schema
from openapi_spec_validator import validate
from pydantic import BaseModel

from starlite import Controller, Parameter, Starlite, get, post
from starlite.openapi.typescript_converter.converter import (
    convert_openapi_to_typescript,
    deref_container,
    get_openapi_type,
    parse_params,
    parse_request_body,
    parse_responses,
    resolve_ref,
)
from starlite.openapi.typescript_converter.schema_parsing import (
    create_interface,
    identifier,
    normalize_typescript_namespace,
    parse_schema,
    parse_type_schema,
)
from starlite.openapi.typescript_converter.types import (
    TypeScriptArray,
    TypeScriptEnum,
    TypeScriptIntersection,
    TypeScriptLiteral,
    TypeScriptNamespace,
    TypeScriptPrimitive,
    TypeScriptType,
    TypeScriptUnion,
)

REPO = Path(__file__).resolve().parents[2]
TYPESCRIPT_CACHE = REPO / ".cache" / "typescript"


def document(paths: dict[str, Any], schemas: dict[str, Any] | None = None, **components: Any) -> OpenAPI:
    """A validated OpenAPI document from its paths and components, in the OpenAPI spellings."""
    raw: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    if schemas is not None or components:
        raw["components"] = {**({"schemas": schemas} if schemas is not None else {}), **components}
    validate(raw)
    return OpenAPI.model_validate(raw)


def validate_app_schema(schema: OpenAPI | None) -> OpenAPI:
    """Validate an app's schema as ``/schema/openapi.json`` renders it."""
    assert schema is not None
    rendered = schema.model_dump(mode="json", by_alias=True, exclude_none=True)
    # The seam renders the Parameter model's defaults allowEmptyValue/allowReserved = false for every
    # location, which OpenAPI 3.1 allows for query parameters only; the operations work drops them.
    for item in rendered.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                for field in ("allowEmptyValue", "allowReserved"):
                    if parameter.get(field) is False:
                        del parameter[field]
    validate(rendered)
    return schema


def ts(raw: dict[str, Any]) -> str:
    return parse_schema(Schema.model_validate(raw)).write()


# --- elements ---------------------------------------------------------------------------------------


def test_a_string_literal_is_escaped() -> None:
    assert TypeScriptLiteral('say "hi" \\ now').write() == '"say \\"hi\\" \\\\ now"'
    assert TypeScriptLiteral("café").write() == '"café"'
    assert TypeScriptLiteral(None).write() == "null"
    assert TypeScriptLiteral(float("inf")).write() == "number"


def test_a_union_inside_an_intersection_or_an_array_is_parenthesised() -> None:
    string, number, null = (
        TypeScriptPrimitive("string"),
        TypeScriptPrimitive("number"),
        TypeScriptPrimitive("null"),
    )
    intersection = TypeScriptIntersection((string, TypeScriptUnion((number, null))))
    assert intersection.write() == "string & (null | number)"
    assert TypeScriptArray(intersection).write() == "(string & (null | number))[]"
    assert TypeScriptArray(TypeScriptUnion((string,))).write() == "string[]"
    assert TypeScriptUnion(()).write() == "never"


def test_a_namespace_writes_its_members_sorted_by_name() -> None:
    inner = TypeScriptNamespace("Inner", (TypeScriptType("B", TypeScriptPrimitive("string")),))
    enum = TypeScriptEnum("Color", (("RED", "r"), ("BLUE", "b")))
    outer = TypeScriptNamespace("Outer", (inner, enum))
    assert outer.write() == (
        "export namespace Outer {\n"
        '\texport enum Color {\n\tBLUE = "b",\n\tRED = "r",\n};\n\n'
        "\texport namespace Inner {\n\texport type B = string;\n};\n"
        "};"
    )


@pytest.mark.parametrize(
    "key, expected",
    [
        ("name", "name"),
        ("$ref_1", "$ref_1"),
        ("x-request-id", '"x-request-id"'),
        ("a+b", '"a+b"'),
        ("1st", '"1st"'),
        ("", '""'),
        ('say "x"', '"say \\"x\\""'),
    ],
)
def test_a_key_that_is_no_identifier_is_quoted(key: str, expected: str) -> None:
    assert normalize_typescript_namespace(key, allow_quoted=True) == expected


def test_a_name_loses_the_characters_an_identifier_cannot_hold() -> None:
    assert normalize_typescript_namespace("get-person+by id", allow_quoted=False) == "getpersonbyid"
    with pytest.raises(ValueError, match="invalid typescript namespace '1st'"):
        normalize_typescript_namespace("1st", allow_quoted=False)
    with pytest.raises(ValueError, match="invalid typescript namespace ''"):
        normalize_typescript_namespace("", allow_quoted=False)


# --- schemas ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, "null | string"),
        ({"type": "integer", "nullable": True}, "null | number"),
        ({"const": 0}, "0"),
        ({"const": False}, "false"),
        ({"const": ""}, '""'),
        ({"enum": ["a", 1, None, {"k": 1}]}, '"a" | 1 | Record<string, unknown> | null'),
        ({}, "unknown"),
        ({"allOf": [{"type": "string"}]}, "string"),
        ({"type": "array"}, "unknown[]"),
        ({"type": "array", "items": {"type": "string", "format": "binary"}}, "string[]"),
        (
            {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}], "maxItems": 2},
            "[number, string]",
        ),
        (
            {"type": "array", "prefixItems": [{"type": "integer"}], "items": {"type": "string"}},
            "[number, ...string[]]",
        ),
        ({"type": "array", "prefixItems": [{"type": "integer"}]}, "[number, ...unknown[]]"),
        ({"type": "object"}, "Record<string, unknown>"),
        ({"type": "object", "additionalProperties": {"type": "integer"}}, "Record<string, number>"),
        ({"type": "object", "additionalProperties": False}, "Record<string, never>"),
        ({"type": ["object", "null"], "properties": {"a": {"type": "string"}}}, "null | {\n\ta?: string;\n}"),
        ({"properties": {"a": {"type": "string"}}, "required": ["a"]}, "{\n\ta: string;\n}"),
        (
            {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "integer"}}]},
            "number[] | string",
        ),
    ],
)
def test_a_schema_as_a_typescript_type(raw: dict[str, Any], expected: str) -> None:
    assert ts(raw) == expected


def test_an_object_without_required_has_every_property_optional() -> None:
    # JSON Schema: only the keys in "required" must be present (1.5x made them all required).
    assert ts({"type": "object", "properties": {"b": {"type": "integer"}, "a": {"type": "string"}}}) == (
        "{\n\ta?: string;\n\tb?: number;\n}"
    )


def test_a_reference_without_a_document_is_unknown() -> None:
    assert ts({"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}) == "unknown[]"


def test_create_interface_and_parse_type_schema() -> None:
    interface = create_interface({"x-id": Schema(type="integer")}, None, "Ids")
    assert interface.write() == 'export interface Ids {\n\t"x-id": number;\n};'
    assert parse_type_schema(Schema(type=["string", "null"])).write() == "null | string"
    assert parse_type_schema(Schema()).write() == "unknown"


# --- documents --------------------------------------------------------------------------------------

PETS_PATHS = {
    "/pets/{pet_id}": {
        "parameters": [
            {"name": "pet_id", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "verbose", "in": "query", "schema": {"type": "boolean"}},
        ],
        "put": {
            "operationId": "UpdatePet",
            "parameters": [
                {"name": "pet_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                {"$ref": "#/components/parameters/Trace"},
                {"name": "session", "in": "cookie", "required": True, "schema": {"type": "string"}},
                {
                    "name": "fields",
                    "in": "query",
                    "content": {"application/json": {"schema": {"type": "array"}}},
                },
            ],
            "requestBody": {"$ref": "#/components/requestBodies/PetBody"},
            "responses": {
                "200": {
                    "description": "ok",
                    "headers": {
                        "x-rate-limit": {"required": True, "schema": {"type": "integer"}},
                        "ETag": {"$ref": "#/components/headers/ETag"},
                    },
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                },
                "default": {"$ref": "#/components/responses/Error"},
            },
        },
    }
}
PETS_COMPONENTS = {
    "schemas": {
        "Pet": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "kind": {"$ref": "#/components/schemas/Kind"},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["name", "kind"],
        },
        "Kind": {"type": "string", "enum": ["cat", "dog"]},
        "Error": {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
    },
    "parameters": {"Trace": {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}},
    "requestBodies": {
        "PetBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}
    },
    "responses": {
        "Error": {
            "description": "error",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    },
    "headers": {"ETag": {"schema": {"type": "string"}}},
}
PETS_TYPESCRIPT = """export namespace API {
\texport namespace UpdatePet {
\texport interface CookieParameters {
\tsession: string;
};

\texport interface HeaderParameters {
\t"X-Trace"?: string;
};

\texport namespace Http200 {
\texport type ResponseBody = {
\tkind: "cat" | "dog";
\tname: string;
\ttags?: string[];
};

\texport interface ResponseHeaders {
\t"x-rate-limit": string;
\tETag?: string;
};
};

\texport namespace Httpdefault {
\texport type ResponseBody = {
\tdetail: string;
};
};

\texport interface PathParameters {
\tpet_id: number;
};

\texport interface QueryParameters {
\tfields?: unknown[];
\tverbose?: boolean;
};

\texport type RequestBody = undefined | {
\tkind: "cat" | "dog";
\tname: string;
\ttags?: string[];
};
};
};"""
PETS_USAGE = """
const body: API.UpdatePet.RequestBody = { name: "Rex", kind: "dog" };
const path: API.UpdatePet.PathParameters = { pet_id: 1 };
const query: API.UpdatePet.QueryParameters = {};
// @ts-expect-error: kind is one of the enum's values
const wrong: API.UpdatePet.RequestBody = { name: "Rex", kind: "cow" };
// @ts-expect-error: a path parameter is required
const missing: API.UpdatePet.PathParameters = {};
export { body, path, query, wrong, missing };
"""


def pets_document() -> OpenAPI:
    return document(PETS_PATHS, **PETS_COMPONENTS)


def test_a_document_becomes_a_namespace_per_operation() -> None:
    # Path-level parameters are shared, an operation's own override them (pet_id is an integer);
    # parameters, bodies, responses and headers given by reference are read where they point; the body
    # is optional (no "required"), so it may be undefined.
    assert convert_openapi_to_typescript(pets_document()).write() == PETS_TYPESCRIPT


RECURSIVE_SCHEMAS = {
    "Node": {
        "type": "object",
        "properties": {
            "value": {"type": "integer"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "owner": {"$ref": "#/components/schemas/Owner"},
        },
        "required": ["value"],
    },
    # Owner and Team refer to each other; Owner also (not recursively) to Label.
    "Owner": {
        "type": "object",
        "properties": {
            "team": {"$ref": "#/components/schemas/Team"},
            "label": {"$ref": "#/components/schemas/Label"},
        },
    },
    "Team": {
        "type": ["object", "null"],
        "properties": {"owners": {"type": "array", "items": {"$ref": "#/components/schemas/Owner"}}},
    },
    "Label": {"type": "string", "maxLength": 10},
}
RECURSIVE_PATHS = {
    "/tree": {
        "get": {
            "operationId": "GetTree",
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}},
                }
            },
        }
    }
}
RECURSIVE_USAGE = """
const tree: API.GetTree.Http200.ResponseBody = {
  value: 1,
  children: [{ value: 2, owner: { team: { owners: [{ label: "x" }] } } }],
};
// @ts-expect-error: a child is a Node too
const wrong: API.GetTree.Http200.ResponseBody = { value: 1, children: [{ value: "2" }] };
export { tree, wrong };
"""


def recursive_document() -> OpenAPI:
    return document(RECURSIVE_PATHS, RECURSIVE_SCHEMAS)


def test_components_that_refer_to_themselves_are_declared_once_by_name() -> None:
    result = convert_openapi_to_typescript(recursive_document()).write()
    assert result == (
        "export namespace API {\n"
        "\texport namespace Components {\n"
        "\texport interface Node {\n"
        "\tchildren?: Components.Node[];\n"
        "\towner?: Components.Owner;\n"
        "\tvalue: number;\n"
        "};\n\n"
        "\texport interface Owner {\n"
        "\tlabel?: string;\n"
        "\tteam?: Components.Team;\n"
        "};\n\n"
        "\texport type Team = null | {\n"
        "\towners?: Components.Owner[];\n"
        "};\n"
        "};\n\n"
        "\texport namespace GetTree {\n"
        "\texport namespace Http200 {\n"
        "\texport type ResponseBody = Components.Node;\n"
        "};\n"
        "};\n"
        "};"
    )


NAMED_SCHEMAS = {
    "Person-Input": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
    "PersonInput": {"type": "integer"},
    "Record": {"type": "object", "additionalProperties": {"type": "string"}},
    "2fa": {"type": "string", "enum": ["sms", "app"]},
}
NAMED_PATHS = {
    "/people": {
        "post": {
            "operationId": "get-person",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Person-Input"}}},
            },
            "responses": {
                "201": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "record": {"$ref": "#/components/schemas/Record"},
                                    "factor": {"$ref": "#/components/schemas/2fa"},
                                    "id": {"$ref": "#/components/schemas/PersonInput"},
                                },
                            }
                        }
                    },
                }
            },
        },
        "get": {"operationId": "getperson", "responses": {"204": {"description": "none"}}},
        "delete": {"operationId": "delete", "responses": {"204": {"description": "none"}}},
    },
    "/people/{id}/v2": {
        "patch": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {"204": {"description": "no operation id"}},
        }
    },
    "/1st": {"get": {"operationId": "1st", "responses": {"204": {"description": "none"}}}},
}
NAMED_USAGE = """
const person: API.Components.PersonInput = { name: "x" };
const body: API.getperson_2.RequestBody = person;
const record: API.Components.Record_ = { a: "b" };
const factor: API.Components._2fa = "sms";
const id: API.Components.PersonInput_2 = 1;
const none: API.PatchPeopleIdV2.Http204.ResponseBody = undefined;
const first: API._1st.Http204.ResponseBody = undefined;
const deleted: API.delete_.Http204.ResponseBody = undefined;
export { body, record, factor, id, none, first, deleted };
"""


def named_document() -> OpenAPI:
    return document(NAMED_PATHS, NAMED_SCHEMAS)


def test_names_are_valid_identifiers_and_unique() -> None:
    result = convert_openapi_to_typescript(named_document(), named_components=True)
    names = {value.name: value for value in result.values}
    # get-person and getperson: the same name once normalized; the first in the document keeps it.
    assert sorted(names) == ["Components", "PatchPeopleIdV2", "_1st", "delete_", "getperson", "getperson_2"]
    assert isinstance(names["Components"], TypeScriptNamespace)
    assert sorted(value.name for value in names["Components"].values) == [
        "PersonInput",
        "PersonInput_2",
        "Record_",
        "_2fa",
    ]
    text = result.write()
    assert "\texport type RequestBody = Components.PersonInput;\n" in text
    assert "\texport type Record_ = Record<string, string>;\n" in text


def test_by_default_components_are_written_where_they_are_used() -> None:
    text = convert_openapi_to_typescript(named_document()).write()
    assert "Components" not in text
    assert '\tfactor?: "app" | "sms";\n' in text


def test_the_namespace_may_be_dotted_but_must_be_a_name() -> None:
    assert (
        convert_openapi_to_typescript(pets_document(), namespace="Api.V1")
        .write()
        .startswith("export namespace Api.V1 {\n")
    )
    with pytest.raises(ValueError, match="invalid typescript namespace '1API'"):
        convert_openapi_to_typescript(pets_document(), namespace="1API")


def test_a_reference_to_a_missing_component_is_refused_by_name() -> None:
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Gone"}}}
    # Not a valid document (the validator refuses it too): read by the models only.
    schema = OpenAPI.model_validate(
        {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/": {
                    "get": {
                        "operationId": "Get",
                        "responses": {"200": {"description": "ok", "content": content}},
                    }
                }
            },
            "components": {"schemas": {"Here": {"type": "string"}}},
        }
    )
    with pytest.raises(ValueError, match="'#/components/schemas/Gone' points at no schema"):
        convert_openapi_to_typescript(schema)


def test_an_empty_document_is_an_empty_namespace() -> None:
    assert convert_openapi_to_typescript(document({})).write() == "export namespace API {\n\t\n};"


def test_the_output_does_not_depend_on_the_order_of_the_document() -> None:
    reordered = PETS_COMPONENTS["schemas"]["Pet"]
    shuffled_schemas = {
        **PETS_COMPONENTS,
        "schemas": {
            "Error": PETS_COMPONENTS["schemas"]["Error"],
            "Kind": {"enum": ["dog", "cat"], "type": "string"},
            "Pet": {**reordered, "properties": dict(reversed(list(reordered["properties"].items())))},
        },
    }
    assert convert_openapi_to_typescript(document(PETS_PATHS, **shuffled_schemas)).write() == PETS_TYPESCRIPT


def test_the_helpers_resolve_references() -> None:
    schema = pets_document()
    components = schema.components
    assert components is not None
    pet = resolve_ref(Reference.model_validate({"$ref": "#/components/schemas/Pet"}), components)
    assert pet.required == ["name", "kind"]
    with pytest.raises(ValueError, match="points at a Parameter, not a schema"):
        resolve_ref(Reference.model_validate({"$ref": "#/components/parameters/Trace"}), components)
    copied = deref_container(pet, components)
    assert copied.properties is not None and isinstance(copied.properties["kind"], Schema)
    assert isinstance(pet.properties and pet.properties["kind"], Reference)  # the original is kept
    body = get_openapi_type(
        Reference.model_validate({"$ref": "#/components/requestBodies/PetBody"}), components
    )
    assert parse_request_body(body, components).write().startswith("export type RequestBody = undefined | {")
    operation = schema.paths and schema.paths["/pets/{pet_id}"].put
    assert operation is not None and operation.responses is not None
    assert [n.name for n in parse_params(operation.parameters or [], components)] == [
        "CookieParameters",
        "HeaderParameters",
        "PathParameters",
        "QueryParameters",
    ]
    assert [n.name for n in parse_responses(operation.responses, components)] == ["Http200", "Httpdefault"]


def test_a_recursive_reference_stays_a_reference_when_dereferenced() -> None:
    components = recursive_document().components
    assert components is not None and components.schemas is not None
    node = deref_container(components.schemas["Node"], components)
    assert node.properties is not None
    # Written out once; inside that, the reference to Node itself stays one.
    children = node.properties["children"]
    assert isinstance(children, Schema) and isinstance(children.items, Schema)
    assert children.items.properties is not None
    grandchildren = children.items.properties["children"]
    assert isinstance(grandchildren, Schema) and isinstance(grandchildren.items, Reference)
    assert grandchildren.items.ref == "#/components/schemas/Node"


# --- real apps --------------------------------------------------------------------------------------


class Species(str, Enum):
    CAT = "cat"
    DOG = "dog"


class Pet(BaseModel):
    name: str
    species: Species
    nickname: str | None = None
    friends: list[Pet] = []


@dataclass
class Owner:
    name: str
    pets: list[Pet]
    mood: Literal["happy", "sad"] = "happy"


class PetController(Controller):
    path = "/owners/{owner_id:int}/pets"

    @get("/{name:str}")
    def get_pet(
        self,
        owner_id: int,
        name: str,
        limit: int = Parameter(query="pageSize", default=10),
        token: str = Parameter(header="x-token"),
        session: str | None = Parameter(cookie="session", default=None),
    ) -> Pet:
        raise NotImplementedError

    @post()
    def add_owner(self, owner_id: int, data: Owner) -> Owner:
        return data


APP_USAGE = """
const path: API.{get}.PathParameters = {{ owner_id: 1, name: "Rex" }};
const headers: API.{get}.HeaderParameters = {{ "x-token": "t" }};
const query: API.{get}.QueryParameters = {{ pageSize: 5 }};
const owner: API.{post}.RequestBody = {{ name: "Ann", pets: [{{ name: "Rex", species: "dog" }}] }};
// @ts-expect-error: a species is cat or dog
const wrong: API.{post}.RequestBody = {{ name: "Ann", pets: [{{ name: "Rex", species: "cow" }}] }};
export {{ path, headers, query, owner, wrong }};
"""


def pets_app() -> Starlite:
    return Starlite(route_handlers=[PetController])


def app_typescript() -> str:
    """The app's types, and code using them (its operations' namespaces named after their ids)."""
    schema = validate_app_schema(pets_app().openapi_schema)
    assert schema.paths is not None
    get_operation = schema.paths["/owners/{owner_id}/pets/{name}"].get
    post_operation = schema.paths["/owners/{owner_id}/pets"].post
    assert get_operation is not None and post_operation is not None
    names = {
        "get": identifier(get_operation.operationId or ""),
        "post": identifier(post_operation.operationId or ""),
    }
    return convert_openapi_to_typescript(schema).write() + APP_USAGE.format(**names)


def test_the_schema_of_an_app_becomes_its_types() -> None:
    schema = validate_app_schema(pets_app().openapi_schema)
    text = convert_openapi_to_typescript(schema).write()
    assert "\texport interface PathParameters {\n\tname: string;\n\towner_id: number;\n};" in text
    assert '\texport interface HeaderParameters {\n\t"x-token": string;\n};' in text
    assert "\tpageSize?: number;\n" in text
    assert '\tspecies: "cat" | "dog";\n' in text
    # Pet refers to itself: declared once, by (its component's) name.
    assert re.search(r"\tfriends\?: Components\.\w+\[\];\n", text)
    # The documentation routes are not in the schema, so not in the types.
    assert "openapi" not in text.lower().replace("export namespace api", "")


# --- the compiler -----------------------------------------------------------------------------------


def find_tsc() -> str | None:
    """The TypeScript compiler: the cached install (``.ci/run`` makes it), else one installed now."""
    cached = TYPESCRIPT_CACHE / "node_modules" / ".bin" / "tsc"
    if cached.exists():
        return str(cached)
    if shutil.which("npm") is None or shutil.which("node") is None:
        return None
    try:
        subprocess.run(
            ["npm", "install", "--prefix", str(TYPESCRIPT_CACHE), "--no-audit", "--no-fund", "typescript@5"],
            check=True,
            capture_output=True,
            timeout=180,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return str(cached) if cached.exists() else None


@pytest.fixture(scope="module")
def tsc() -> str:
    found = find_tsc()
    if found is None:
        reason = "the TypeScript compiler is unavailable (node and npm, and the npm package typescript@5)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: CI runs it (.ci/run installs it into .cache/typescript)")
        pytest.skip(reason)
    return found


def test_the_output_compiles_under_strict_typescript(tsc: str, tmp_path: Path) -> None:
    sources = {
        "pets.ts": convert_openapi_to_typescript(pets_document()).write() + PETS_USAGE,
        "recursive.ts": convert_openapi_to_typescript(recursive_document()).write() + RECURSIVE_USAGE,
        "named.ts": convert_openapi_to_typescript(named_document(), named_components=True).write()
        + NAMED_USAGE,
        "inlined.ts": convert_openapi_to_typescript(named_document()).write() + "\nexport {};\n",
        "app.ts": app_typescript(),
        "empty.ts": convert_openapi_to_typescript(document({})).write(),
        # The check itself: a type error in a file must be reported.
        "broken.ts": 'export namespace API {\n\texport type A = number;\n};\nconst a: API.A = "x";\nexport { a };\n',
    }
    for name, text in sources.items():
        (tmp_path / name).write_text(text + "\n")
    result = subprocess.run(
        [tsc, "--noEmit", "--strict", "--pretty", "false", "--target", "es2020", *sorted(sources)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    errors = [line for line in result.stdout.splitlines() if "error TS" in line]
    assert [line.split("(")[0] for line in errors] == ["broken.ts"], result.stdout
