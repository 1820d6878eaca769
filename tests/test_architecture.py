"""The shape of the package: layers without import cycles, and rooms of a readable size.

The import graph is read from the source, every ``import`` counted: at module level, inside
functions and under ``TYPE_CHECKING``. A package ``__init__`` that re-exports a name (``from x import
name as name``, a name in its ``__all__``, or a lazy map of names to modules) is a face, not a
dependency: an import through it counts as an import of the module that defines the name.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "starlite"
MAX_MODULE_LINES = 500


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}
PACKAGES = {name for name, path in MODULES.items() if path.name == "__init__.py"}


@cache
def tree_of(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text(), filename=str(MODULES[module]))


@cache
def exported_by(package: str) -> dict[str, str]:
    """The names a package's ``__init__`` takes from other modules, and where it takes them from."""
    found: dict[str, str] = {}
    for node in ast.walk(tree_of(package)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                found[alias.asname or alias.name] = node.module
        elif isinstance(node, ast.Dict):  # a lazy map: {"Name": "starlite.module"}
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(value, ast.Constant):
                    if isinstance(value.value, str) and value.value.startswith("starlite"):
                        found.setdefault(str(key.value), value.value)
    return found


def defining_module(module: str, name: str | None, through: tuple[str, ...] = ()) -> str:
    """The module an ``import`` of ``name`` from ``module`` depends on."""
    if name is not None and f"{module}.{name}" in MODULES:
        return f"{module}.{name}"
    if module in PACKAGES and name is not None and module not in through:
        source = exported_by(module).get(name)
        if source is not None and source != module:
            return defining_module(source, name, (*through, module))
    return module


def all_names(tree: ast.Module) -> set[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            return {element.value for element in node.value.elts if isinstance(element, ast.Constant)}  # type: ignore[attr-defined]
    return set()


@cache
def imports_of(module: str) -> dict[str, int]:
    """The modules of the package that ``module`` imports, with the line of the first import."""
    tree = tree_of(module)
    is_face = MODULES[module].name == "__init__.py"
    exported = all_names(tree) if is_face else set()
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".") if is_face else module.split(".")[:-1]
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            if not base.startswith("starlite"):
                continue
            for alias in node.names:
                if is_face and (alias.asname == alias.name or (alias.asname or alias.name) in exported):
                    continue  # the face re-exports it
                target = defining_module(base, alias.name)
                if target in MODULES and target != module:
                    found.setdefault(target, node.lineno)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES and alias.name != module:
                    found.setdefault(alias.name, node.lineno)
    return found


def import_cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(MODULES):
        if root in index:
            continue
        work = [(root, iter(sorted(imports_of(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(imports_of(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def describe(component: list[str]) -> str:
    members = set(component)
    edges = [
        f"{module}:{line} imports {target}"
        for module in component
        for target, line in sorted(imports_of(module).items())
        if target in members
    ]
    return "\n  ".join(edges)


def test_no_module_imports_a_module_that_imports_it_back() -> None:
    cycles = import_cycles()
    assert not cycles, "import cycles:\n  " + "\n\n  ".join(describe(component) for component in cycles)


def test_the_cycle_check_sees_imports_in_every_position() -> None:
    # The check is only worth something if it reads TYPE_CHECKING and in-function imports too.
    assert "starlite.connection.request" in imports_of("starlite.utils.exception")  # module level
    assert "starlite.datastructures.state" in imports_of("starlite.utils.exception")  # TYPE_CHECKING
    assert "starlite._multipart" in imports_of("starlite.connection.request")  # inside a function
    # ... and follows a face to the module that defines the name.
    assert defining_module("starlite.types", "Guard") == "starlite.handlers.base"
    assert defining_module("starlite.datastructures", "File") == "starlite.datastructures.response_containers"


# The layers of docs/architecture.md, bottom to top: a module belongs to the longest prefix that names it.
LAYERS: dict[str, int] = {
    "starlite.enums": 1,
    "starlite.status_codes": 1,
    "starlite.exceptions": 1,
    "starlite.types": 1,
    "starlite.constants": 1,
    "starlite.utils": 1,
    "starlite.logging": 1,
    "starlite.plugins.base": 1,
    # The ORM plugins add dependencies and hooks to the app and are used by session backends.
    "starlite.plugins": 7,
    "starlite.dto": 2,
    "starlite._connection_state": 1,
    "starlite.datastructures": 2,
    "starlite.params": 2,
    "starlite.parsers": 2,
    "starlite._multipart": 2,
    "starlite._converters": 2,
    "starlite.connection": 3,
    "starlite.cache": 3,
    "starlite.response": 3,
    "starlite.template": 3,
    "starlite.datastructures.response_containers": 3,
    "starlite.utils.exception": 3,
    "starlite.utils.extractors": 3,
    "starlite._kwargs": 4,
    "starlite.kwargs": 4,
    "starlite.handlers": 5,
    "starlite.routes": 6,
    "starlite.asgi": 6,
    "starlite.middleware.base": 6,
    "starlite.middleware.exceptions": 6,
    "starlite.middleware.utils": 6,
    "starlite.static_files": 6,
    "starlite.middleware": 7,
    "starlite.router": 8,
    "starlite.controller": 8,
    "starlite.config": 8,
    "starlite.openapi": 8,
    "starlite.openapi.enums": 1,
    "starlite.openapi.datastructures": 2,
    "starlite.security": 9,
    "starlite.contrib": 9,
    "starlite.app": 10,
    "starlite": 10,
    "starlite.testing": 10,
    "starlite.cli": 11,
    # ``python -m starlite`` runs the command line, so it sits with it.
    "starlite.__main__": 11,
}


def layer_of(module: str) -> int:
    owner = max((prefix for prefix in LAYERS if module == prefix or module.startswith(prefix + ".")), key=len)
    return LAYERS[owner]


def test_layers_point_one_way() -> None:
    upward = [
        f"{module} (layer {layer_of(module)}):{line} imports {target} (layer {layer_of(target)})"
        for module in sorted(MODULES)
        if module not in PACKAGES
        for target, line in imports_of(module).items()
        if layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_no_module_is_longer_than_a_reader_can_hold() -> None:
    lengths = {name: len(path.read_text().splitlines()) for name, path in MODULES.items()}
    assert {name: n for name, n in lengths.items() if n > MAX_MODULE_LINES} == {}
