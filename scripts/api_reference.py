"""Write ``tests/data/starlite-1.51.16-api.json``: the public surface of Starlite 1.51.16 in the built areas.

The source is the project's full record of 1.51.16's public API (``api_surface.py``'s JSON, in the
workspace's ``shared/api/``). This keeps what ``tests/test_api_surface.py`` compares: for each module of
an area this package implements, each name it declares or re-exports from inside the package (names it
imports from typing, the standard library or third parties, the ``X = Any`` stand-ins 1.5x defined for
names it imported only under ``TYPE_CHECKING``, and module-level type variables are left out), with
its kind, its parameters (name, kind, whether it has a default), for a generic class its number of type
parameters, and, for a name a module without ``__all__`` merely imported from another module of the
package, that module.

    python scripts/api_reference.py ../shared/api/starlite-1.51.16.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "starlite-1.51.16-api.json"

# The areas built so far: packages whose every module is in, and single modules. Later areas (OpenAPI,
# templates, static files, CLI, caching, logging, CORS/CSRF/compression/rate limit/allowed hosts,
# DTOs, plugins but their base) join when they are built.
WHOLE_PACKAGES = (
    "starlite.asgi",
    "starlite.cache",
    "starlite.cli",
    "starlite.connection",
    "starlite.contrib.jwt",
    "starlite.contrib.opentelemetry",
    "starlite.datastructures",
    "starlite.exceptions",
    "starlite.handlers",
    "starlite.kwargs",
    "starlite.logging",
    "starlite.middleware.session",
    "starlite.openapi.typescript_converter",
    "starlite.response",
    "starlite.routes",
    "starlite.security",
    "starlite.signature",
    "starlite.template",
    "starlite.static_files",
    "starlite.testing",
    "starlite.types",
    "starlite.utils",
)
SINGLE_MODULES = (
    "starlite",
    "starlite.app",
    "starlite.config",
    "starlite.config.allowed_hosts",
    "starlite.config.app",
    "starlite.config.cache",
    "starlite.config.compression",
    "starlite.config.cors",
    "starlite.config.csrf",
    "starlite.config.logging",
    "starlite.config.openapi",
    "starlite.config.template",
    "starlite.config.static_files",
    "starlite.constants",
    "starlite.contrib",
    "starlite.contrib.jinja",
    "starlite.contrib.mako",
    "starlite.controller",
    "starlite.enums",
    "starlite.middleware",
    "starlite.middleware.allowed_hosts",
    "starlite.middleware.authentication",
    "starlite.middleware.base",
    "starlite.middleware.compression",
    "starlite.middleware.cors",
    "starlite.middleware.csrf",
    "starlite.middleware.exceptions",
    "starlite.middleware.exceptions.middleware",
    "starlite.middleware.logging",
    "starlite.middleware.rate_limit",
    "starlite.middleware.utils",
    "starlite.openapi.controller",
    "starlite.openapi.constants",
    "starlite.openapi.parameters",
    "starlite.openapi.path_item",
    "starlite.openapi.request_body",
    "starlite.openapi.responses",
    "starlite.openapi.schema",
    "starlite.openapi.utils",
    "starlite.params",
    "starlite.parsers",
    "starlite.plugins",
    "starlite.plugins.base",
    "starlite.router",
    "starlite.status_codes",
)
LATER = (
    "starlite.middleware.session.sqlalchemy_backend",
)


def built(module: str) -> bool:
    """Whether ``module`` belongs to an area built so far."""
    if any(module == later or module.startswith(later + ".") for later in LATER):
        return False
    if module in SINGLE_MODULES:
        return True
    return any(module == package or module.startswith(package + ".") for package in WHOLE_PACKAGES)


def is_foreign(record: dict, module_has_all: bool) -> bool:
    """Whether a name is one the module imports from outside the package."""
    source = record.get("imported_from")
    return bool(source) and not module_has_all and not source.startswith("starlite")


def is_placeholder(record: dict) -> bool:
    """Whether a name is not API: an ``X = Any`` stand-in for a TYPE_CHECKING import, or a type variable."""
    return record.get("origin") in ("typing", "typing_extensions", "builtins") or record.get("type") in (
        "typing.TypeVar",
        "typing.ParamSpec",
    )


def trim_params(params: list[dict]) -> list[dict]:
    """Each parameter's name, kind and whether it has a default."""
    return [{"name": p["name"], "kind": p["kind"], "default": p["default"]} for p in params]


def main(source: str) -> None:
    """Write the trimmed reference from ``source``, the full record."""
    reference = json.loads(Path(source).read_text())
    modules = {}
    for name, module in sorted(reference["modules"].items()):
        if not built(name) or name.endswith("__main__"):
            continue
        names = {}
        for attribute, record in sorted(module.get("names", {}).items()):
            if is_foreign(record, module.get("has_all", False)) or is_placeholder(record):
                continue
            entry: dict = {"kind": record["kind"]}
            if record.get("imported_from") and not module.get("has_all", False):
                # Imported into a module without ``__all__`` from elsewhere in 1.5x: where it came from.
                entry["imported_from"] = record["imported_from"]
            if "params" in record:
                entry["params"] = trim_params(record["params"])
            if record.get("generic_params"):
                entry["generic_params"] = record["generic_params"]
            names[attribute] = entry
        modules[name] = names
    document = {"package": "starlite", "version": reference.get("package_version"), "modules": modules}
    OUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT} ({len(modules)} modules, {sum(len(n) for n in modules.values())} names)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/api/starlite-1.51.16.json")
