from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from starlite.contrib.jinja import JinjaTemplateEngine
from starlite.contrib.mako import MakoTemplateEngine


@dataclass
class Engine:
    """An engine class and how its templates write an expression."""

    engine: Any
    open: str
    close: str

    def expr(self, expression: str) -> str:
        return f"{self.open}{expression}{self.close}"


JINJA = Engine(JinjaTemplateEngine, "{{ ", " }}")
MAKO = Engine(MakoTemplateEngine, "${", "}")


@pytest.fixture(params=[pytest.param(JINJA, id="jinja"), pytest.param(MAKO, id="mako")])
def engine(request: pytest.FixtureRequest) -> Engine:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture()
def template_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "templates"
    directory.mkdir()
    return directory
