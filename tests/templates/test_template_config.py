"""``TemplateConfig`` and the engines: what they accept, what they refuse, and the missing packages."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from starlite import Starlite, Template, TemplateConfig, get
from starlite.exceptions import MissingDependencyException
from starlite.testing import create_test_client

from .conftest import Engine


def test_an_engine_class_needs_a_directory(engine: Engine) -> None:
    with pytest.raises(
        ValidationError, match="directory is a required kwarg when passing a template engine class"
    ):
        TemplateConfig(engine=engine.engine)


@pytest.mark.parametrize("kind", ["missing", "file", "one of a list"])
def test_a_directory_that_does_not_exist_is_refused(engine: Engine, tmp_path: Path, kind: str) -> None:
    (tmp_path / "a-file").write_text("")
    directory: Any = {
        "missing": tmp_path / "missing",
        "file": tmp_path / "a-file",
        "one of a list": [tmp_path, str(tmp_path / "missing")],
    }[kind]
    with pytest.raises(ValidationError, match="template directory") as error:
        TemplateConfig(engine=engine.engine, directory=directory)
    assert ("is not a directory" if kind == "file" else "does not exist") in str(error.value)
    with pytest.raises(ValidationError):
        engine.engine(directory)  # an engine made directly checks too


def test_an_engine_instance_needs_no_directory(engine: Engine, template_dir: Path) -> None:
    instance = engine.engine(template_dir)
    config = TemplateConfig(engine=instance)
    assert config.engine_instance is instance
    assert Starlite([], template_config=config).template_engine is instance


def test_the_engine_is_made_once_and_given_to_the_callback(engine: Engine, template_dir: Path) -> None:
    received: list[Any] = []
    config = TemplateConfig(engine=engine.engine, directory=template_dir, engine_callback=received.append)
    app = Starlite([], template_config=config)
    assert received == [app.template_engine]
    assert isinstance(app.template_engine, engine.engine)
    assert config.engine_instance is config.engine_instance is app.template_engine


def test_an_engine_of_ones_own(template_dir: Path) -> None:
    class Upper:
        def render(self, **context: Any) -> str:
            return str(context["word"]).upper()

    class UpperEngine:
        def __init__(self, directory: Any) -> None:
            self.directory = directory

        def get_template(self, template_name: str) -> Upper:
            return Upper()

        def register_template_callable(self, key: str, template_callable: Any) -> None:
            pass

    @get("/")
    def page() -> Template:
        return Template("anything.txt", context={"word": "loud"})

    with create_test_client(
        [page], template_config=TemplateConfig(engine=UpperEngine, directory=template_dir)
    ) as client:
        response = client.get("/")
    assert response.text == "LOUD"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    ("module", "package", "extra"), [("jinja", "jinja2", "jinja"), ("mako", "mako", "mako")]
)
def test_a_missing_package_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, module: str, package: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, package, None)  # makes ``import package`` fail
    for loaded in [name for name in sys.modules if name.startswith(f"{package}.")]:
        monkeypatch.setitem(sys.modules, loaded, None)
    monkeypatch.delitem(sys.modules, f"starlite.contrib.{module}")
    with pytest.raises(MissingDependencyException, match=rf"pip install starlite\[{extra}\]"):
        importlib.import_module(f"starlite.contrib.{module}")


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("JinjaTemplateEngine", "starlite.contrib.jinja"),
        ("MakoTemplateEngine", "starlite.contrib.mako"),
        ("MakoTemplate", "starlite.contrib.mako"),
    ],
)
def test_the_engines_old_home_still_works_with_a_warning(name: str, module: str) -> None:
    import starlite.template

    starlite.template.__dict__.pop(name, None)
    with pytest.deprecated_call(match=f"from {module} import {name}"):
        value = getattr(starlite.template, name)
    assert value is getattr(importlib.import_module(module), name)
    with pytest.raises(AttributeError):
        starlite.template.NoSuchEngine  # noqa: B018


def test_an_app_without_templates_loads_no_template_engine() -> None:
    code = (
        "import sys, starlite; from starlite import Starlite, Template, TemplateConfig, get;"
        "Starlite([]); print(sorted(m for m in ('jinja2', 'mako', 'markupsafe') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
