"""``starlite schema openapi`` and ``starlite schema typescript``: the app's OpenAPI schema, in a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from click import Path as ClickPath
from click import group, option

from starlite.app import Starlite
from starlite.cli.utils import StarliteCLIException, StarliteGroup, console
from starlite.openapi.controller import dump_document, dump_yaml
from starlite.openapi.typescript_converter.converter import convert_openapi_to_typescript

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import OpenAPI

__all__ = ("generate_openapi_schema", "generate_typescript_specs", "schema_group")


@group(cls=StarliteGroup, name="schema")
def schema_group() -> None:
    """Write the app's OpenAPI schema, or TypeScript types built from it."""


def _schema_of(app: Starlite) -> OpenAPI:
    schema = app.openapi_schema
    if schema is None:
        raise StarliteCLIException("The Starlite app has no OpenAPI schema (its openapi_config is None)")
    return schema


def _write(output: Path, content: str) -> None:
    try:
        output.write_text(content)
    except OSError as exc:
        raise StarliteCLIException(f"Could not write to {str(output)!r}: {exc.strerror or exc}") from None
    console.print(f"[green]Wrote {output}")


def _indented(typescript: str) -> str:
    """``typescript`` re-indented by four spaces per level of braces.

    The converter indents only the first level (1.5x passed its output through jsbeautifier). Its lines
    open a block at their end and close one at their start, string literal types included (a literal
    is followed by ``;`` or ``|``), so counting there is enough.
    """
    lines = []
    depth = 0
    for raw_line in typescript.splitlines():
        line = raw_line.strip()
        if line.startswith(("}", "]", ")")):
            depth = max(depth - 1, 0)
        lines.append(f"{'    ' * depth}{line}" if line else "")
        if line.endswith(("{", "[", "(")):
            depth += 1
    return "\n".join(lines) + "\n"


@schema_group.command("openapi")
@option(
    "--output",
    help="The file to write: YAML for a .yml or .yaml name, JSON otherwise",
    type=ClickPath(dir_okay=False, path_type=Path),
    default=Path("openapi_schema.json"),
    show_default=True,
)
def generate_openapi_schema(app: Starlite, output: Path) -> None:
    """Write the app's OpenAPI schema as JSON or YAML."""
    document = dump_document(_schema_of(app))
    content = (
        dump_yaml(document).decode() if output.suffix in (".yml", ".yaml") else json.dumps(document, indent=4)
    )
    _write(output, content)


@schema_group.command("typescript")
@option(
    "--output",
    help="The file to write",
    type=ClickPath(dir_okay=False, path_type=Path),
    default=Path("api-specs.ts"),
    show_default=True,
)
@option(
    "--namespace", help="The TypeScript namespace of the types", type=str, default="API", show_default=True
)
def generate_typescript_specs(app: Starlite, output: Path, namespace: str) -> None:
    """Write TypeScript types of the app's requests and responses, built from its OpenAPI schema."""
    try:
        specs = convert_openapi_to_typescript(_schema_of(app), namespace)
    except ValueError as exc:
        raise StarliteCLIException(str(exc)) from None
    _write(output, _indented(specs.write()))
