"""``starlite schema openapi`` and ``starlite schema typescript``: the files they write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from starlite.cli.main import starlite_group
from tests.cli.conftest import WriteFile

SCHEMA_APP = """
from dataclasses import dataclass

from starlite import Starlite, get, post
from starlite.config.openapi import OpenAPIConfig

@dataclass
class Pet:
    name: str
    age: int

@get("/pets/{pet_id:int}")
async def get_pet(pet_id: int) -> Pet:
    return Pet(name="Rex", age=pet_id)

@post("/pets")
async def create_pet(data: Pet) -> Pet:
    return data

app = Starlite([get_pet, create_pet], openapi_config=OpenAPIConfig(title="Pets", version="2.0.0"))
"""


@pytest.fixture
def schema_app(write_file: WriteFile) -> None:
    write_file("app.py", SCHEMA_APP)


def test_openapi_json_by_default(runner: CliRunner, project: Path, schema_app: None) -> None:
    result = runner.invoke(starlite_group, ["schema", "openapi"])
    assert result.exit_code == 0, result.output
    document = json.loads((project / "openapi_schema.json").read_text())
    assert document["info"] == {"title": "Pets", "version": "2.0.0"}
    assert set(document["paths"]) == {"/pets/{pet_id}", "/pets"}
    assert (project / "openapi_schema.json").read_text().startswith('{\n    "')  # indented by four


@pytest.mark.parametrize("name", ["schema.yaml", "schema.yml"])
def test_openapi_yaml_by_suffix(runner: CliRunner, project: Path, schema_app: None, name: str) -> None:
    result = runner.invoke(starlite_group, ["schema", "openapi", "--output", name])
    assert result.exit_code == 0, result.output
    document = yaml.safe_load((project / name).read_text())
    assert document["info"]["title"] == "Pets"
    assert document["paths"]["/pets"]["post"]["requestBody"]["required"] is True


def test_the_written_schema_is_the_one_the_app_serves(
    runner: CliRunner, project: Path, schema_app: None
) -> None:
    from starlite.testing import TestClient

    runner.invoke(starlite_group, ["schema", "openapi", "--output", "out.json"])
    import app as app_module  # the module the command imported, from the project directory

    with TestClient(app_module.app) as client:
        served = client.get("/schema/openapi.json").json()
    assert json.loads((project / "out.json").read_text()) == served


def test_the_written_yaml_is_the_file_the_app_serves(
    runner: CliRunner, project: Path, schema_app: None
) -> None:
    from starlite.testing import TestClient

    runner.invoke(starlite_group, ["schema", "openapi", "--output", "out.yaml"])
    import app as app_module

    with TestClient(app_module.app) as client:
        served = client.get("/schema/openapi.yaml").text
    # The same text, keys in the same order ("openapi" and "info" first, not sorted).
    assert (project / "out.yaml").read_text() == served


def test_typescript(runner: CliRunner, project: Path, schema_app: None) -> None:
    result = runner.invoke(starlite_group, ["schema", "typescript"])
    assert result.exit_code == 0, result.output
    specs = (project / "api-specs.ts").read_text()
    assert specs.startswith("export namespace API {")
    assert "name: string;" in specs
    assert "age: number;" in specs
    # Indented by four spaces per level of nesting, as 1.5x's (beautified) output was.
    assert "\n        export namespace Http200 {\n            export type ResponseBody = {\n" in specs
    assert specs.endswith("\n    };\n};\n")


def test_typescript_namespace_and_output(runner: CliRunner, project: Path, schema_app: None) -> None:
    result = runner.invoke(
        starlite_group, ["schema", "typescript", "--namespace", "Pets", "--output", "pets.ts"]
    )
    assert result.exit_code == 0, result.output
    assert (project / "pets.ts").read_text().startswith("export namespace Pets {")


def test_a_bad_namespace_is_an_error(runner: CliRunner, project: Path, schema_app: None) -> None:
    result = runner.invoke(starlite_group, ["schema", "typescript", "--namespace", "1st"])
    assert result.exit_code == 1
    assert "invalid typescript namespace '1st': a name starts with a letter, '_' or '$'" in result.output
    assert "Traceback" not in result.output
    assert not (project / "api-specs.ts").exists()


@pytest.mark.parametrize("command", ["openapi", "typescript"])
def test_app_without_openapi(runner: CliRunner, write_file: WriteFile, command: str) -> None:
    write_file("app.py", "from starlite import Starlite\napp = Starlite([], openapi_config=None)\n")
    result = runner.invoke(starlite_group, ["schema", command])
    assert result.exit_code == 1
    assert "The Starlite app has no OpenAPI schema (its openapi_config is None)" in result.output


def test_unwritable_output(runner: CliRunner, project: Path, schema_app: None) -> None:
    result = runner.invoke(starlite_group, ["schema", "openapi", "--output", "missing/dir/schema.json"])
    assert result.exit_code == 1
    assert "Could not write to 'missing/dir/schema.json': No such file or directory" in result.output
