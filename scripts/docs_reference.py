"""The API reference of the documentation site, written from the package at build time (an mkdocs hook).

Every public module of ``starlite`` (a module whose dotted path has no part starting with ``_``) is
documented once, by mkdocstrings, on the page of its area: ``starlite.datastructures.cookie`` on
``reference/datastructures.md``, ``starlite.app`` on ``reference/app.md``. The pages are not kept in
the repository: a module added to the package appears in the reference on the next build, and a
docstring that mkdocstrings cannot read (a Google-style section that does not parse, a parameter
documented that the signature lacks) fails ``mkdocs build --strict``.

mkdocs.yml names this file under ``hooks:``; the pages join its ``Reference`` section.
``python scripts/docs_reference.py`` prints the pages' names and modules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "starlite"
SECTION = "Reference"


def public_modules(package: Path = PACKAGE) -> list[str]:
    """The dotted names of the package's public modules and packages, sorted."""
    names = []
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if not any(part.startswith("_") for part in parts):
            names.append(".".join(parts))
    return sorted(names)


def pages(modules: list[str] | None = None) -> dict[str, list[str]]:
    """Each reference page (``reference/<area>.md``) and the modules it documents, in order.

    ``starlite`` itself only re-exports, so it gets no page: each name is documented where it lives.
    """
    grouped: dict[str, list[str]] = {}
    for module in public_modules() if modules is None else modules:
        parts = module.split(".")
        if len(parts) > 1:
            grouped.setdefault(f"reference/{parts[1]}.md", []).append(module)
    return grouped


def is_private(path: str) -> bool:
    """Whether a dotted path goes through a private module or names a private object."""
    return any(part.startswith("_") and not part.startswith("__") for part in path.split("."))


def is_type_variable(member: Any) -> bool:
    """Whether a module attribute is a ``TypeVar`` or ``ParamSpec``: typing machinery, not API."""
    return member.is_attribute and str(member.value).startswith(("TypeVar(", "ParamSpec("))


def documented_members(modules: list[str]) -> dict[str, list[str]]:
    """For each public module, the names documented under it: each public object once, where it lives.

    A package's ``__init__`` mostly re-exports names that live in its modules; rendered as they are,
    they would be documented twice (``starlite.datastructures.Cookie`` and
    ``starlite.datastructures.cookie.Cookie``). So a module documents what it defines, and the names it
    exports from a private module (``starlite.kwargs.KwargsModel`` lives in ``starlite._kwargs``): those
    at the deepest public module that exports them, their 1.5x home.
    """
    import griffe

    package = griffe.load("starlite", search_paths=[str(ROOT)], resolve_aliases=False)
    members: dict[str, list[str]] = {}
    homes: dict[str, str] = {}
    for name in modules:
        module = package if name == "starlite" else package[name.removeprefix("starlite.")]
        members[name] = []
        for attribute, member in module.members.items():
            if attribute.startswith("_"):
                continue
            if not member.is_alias:
                if not member.is_module and not is_type_variable(member):
                    members[name].append(attribute)
            elif member.is_exported and is_private(member.target_path):
                home = homes.get(member.target_path)
                if home is None or home.count(".") < name.count("."):
                    homes[member.target_path] = name
    for target, home in homes.items():
        members[home].extend(
            attribute
            for attribute, member in package[home.removeprefix("starlite.")].members.items()
            if member.is_alias and member.target_path == target and attribute not in members[home]
        )
    return members


def page_text(modules: list[str], members: dict[str, list[str]]) -> str:
    """The Markdown of one page: one mkdocstrings block per module, the area's own as the page's title."""
    blocks = []
    for index, module in enumerate(modules):
        listed = "".join(f"\n        - {name}" for name in members[module]) or " false"
        level = 1 if index == 0 else 2
        blocks.append(f"::: {module}\n    options:\n      heading_level: {level}\n      members:{listed}")
    return "\n\n".join(blocks) + "\n"


def on_config(config: Any) -> Any:
    """Add the generated pages to the nav's ``Reference`` section."""
    for entry in config.nav or []:
        if isinstance(entry, dict) and SECTION in entry:
            entry[SECTION].extend({f"starlite.{Path(page).stem}": page} for page in pages())
            return config
    raise ValueError(f"mkdocs.yml's nav has no {SECTION!r} section for the API reference")


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages to the site's files."""
    from mkdocs.structure.files import File

    members = documented_members(public_modules())
    for page, modules in pages().items():
        files.append(File.generated(config, page, content=page_text(modules, members)))
    return files


if __name__ == "__main__":
    members = documented_members(public_modules())
    for modules in pages().values():
        print(page_text(modules, members))
