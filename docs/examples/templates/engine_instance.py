"""An engine made by the application (here with a Jinja2 filter of its own), given to the app as it is."""

from pathlib import Path

from starlite import Starlite, Template, TemplateConfig, get
from starlite.contrib.jinja import JinjaTemplateEngine
from starlite.testing import TestClient

engine = JinjaTemplateEngine(directory=Path(__file__).parent / "templates")
engine.engine.filters["initials"] = lambda name: "".join(part[0] for part in name.split())
engine.engine.globals["site_name"] = "The shop"


@get("/badge/{name:str}")
def badge(name: str) -> Template:
    return Template("badge.html", context={"name": name})


app = Starlite(route_handlers=[badge], template_config=TemplateConfig(engine=engine))


def test_the_engine_is_the_one_given() -> None:
    assert app.template_engine is engine
    with TestClient(app=app) as client:
        response = client.get("/badge/Ada King Lovelace")
    assert response.text == "<span>AKL</span> at The shop"
