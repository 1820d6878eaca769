"""Dependencies are declared on any layer; the closest layer's provider wins."""

from starlite import Controller, Provide, Router, Starlite, get
from starlite.testing import TestClient


class Greeter:
    def __init__(self, greeting: str) -> None:
        self.greeting = greeting

    def greet(self, name: str) -> str:
        return f"{self.greeting}, {name}!"


def english() -> Greeter:
    return Greeter("Hello")


def french() -> Greeter:
    return Greeter("Bonjour")


async def german() -> Greeter:
    # Providers may be coroutines too.
    return Greeter("Hallo")


def italian() -> Greeter:
    return Greeter("Ciao")


class EuropeController(Controller):
    path = "/europe"
    dependencies = {"greeter": Provide(german)}

    @get("/{name:str}")
    def greet(self, name: str, greeter: Greeter) -> str:
        return greeter.greet(name)

    @get("/italy/{name:str}", dependencies={"greeter": Provide(italian)})
    def greet_in_italy(self, name: str, greeter: Greeter) -> str:
        return greeter.greet(name)


@get("/france/{name:str}")
def greet_in_france(name: str, greeter: Greeter) -> str:
    return greeter.greet(name)


@get("/{name:str}")
def greet(name: str, greeter: Greeter) -> str:
    return greeter.greet(name)


# The key of the ``dependencies`` mapping is the argument name that receives the value.
router = Router(
    path="/world",
    route_handlers=[greet_in_france, EuropeController],
    dependencies={"greeter": Provide(french)},
)
app = Starlite(route_handlers=[greet, router], dependencies={"greeter": Provide(english)})


def test_app_level() -> None:
    with TestClient(app=app) as client:
        assert client.get("/Ada").text == "Hello, Ada!"


def test_router_overrides_app() -> None:
    with TestClient(app=app) as client:
        assert client.get("/world/france/Ada").text == "Bonjour, Ada!"


def test_controller_overrides_router() -> None:
    with TestClient(app=app) as client:
        assert client.get("/world/europe/Ada").text == "Hallo, Ada!"


def test_handler_overrides_controller() -> None:
    with TestClient(app=app) as client:
        assert client.get("/world/europe/italy/Ada").text == "Ciao, Ada!"
