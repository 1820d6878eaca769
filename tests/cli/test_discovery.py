"""Which app the command line works on: --app, STARLITE_APP, .env, the autodiscovered files, the refusals."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from starlite import Starlite
from starlite.cli.main import starlite_group
from starlite.cli.utils import AUTODISCOVER_PATHS, StarliteEnv
from tests.cli.apps import ANNOTATED_FACTORY, ANNOTATED_FACTORY_FUTURE, CREATE_APP, INSTANCE
from tests.cli.conftest import WriteFile


@pytest.mark.parametrize("path", AUTODISCOVER_PATHS)
@pytest.mark.parametrize(
    ("content", "attribute", "is_factory"),
    [
        (INSTANCE, "app", False),
        (CREATE_APP, "create_app", True),
        (ANNOTATED_FACTORY, "build", True),
        (ANNOTATED_FACTORY_FUTURE, "build", True),
    ],
    ids=["instance", "create_app", "annotated", "annotated-string"],
)
def test_each_autodiscovered_file_and_kind_of_app(
    write_file: WriteFile, path: str, content: str, attribute: str, is_factory: bool
) -> None:
    write_file(path, content)
    env = StarliteEnv.from_env(None)
    module = path.removesuffix("/__init__.py").removesuffix(".py")
    assert (env.app_path, env.is_app_factory) == (f"{module}:{attribute}", is_factory)
    assert isinstance(env.app, Starlite)


def test_the_first_file_in_order_wins(write_file: WriteFile) -> None:
    write_file("main.py", CREATE_APP)
    write_file("app.py", INSTANCE)
    assert StarliteEnv.from_env(None).app_path == "app:app"


def test_a_file_without_an_app_is_passed_over(write_file: WriteFile) -> None:
    write_file("asgi.py", "VALUE = 1\n")
    write_file("application.py", INSTANCE)
    assert StarliteEnv.from_env(None).app_path == "application:app"


def test_create_app_is_preferred_to_an_annotated_factory(write_file: WriteFile) -> None:
    write_file("app.py", CREATE_APP + ANNOTATED_FACTORY.replace("from starlite import Starlite", ""))
    assert StarliteEnv.from_env(None).app_path == "app:create_app"


def test_an_app_imported_under_a_second_name_is_one_app(write_file: WriteFile) -> None:
    write_file("app.py", INSTANCE + "application = app\n")
    assert StarliteEnv.from_env(None).app_path == "app:app"


def test_two_apps_in_the_file_are_refused(runner: CliRunner, write_file: WriteFile) -> None:
    write_file("app.py", INSTANCE + "admin = Starlite([])\n")
    result = runner.invoke(starlite_group, ["info"])
    assert result.exit_code == 1
    assert "Found 2 Starlite apps in 'app' (app, admin): choose one with --app app:<name>" in result.output
    assert "Traceback" not in result.output


def test_two_annotated_factories_are_refused(runner: CliRunner, write_file: WriteFile) -> None:
    write_file("app.py", ANNOTATED_FACTORY + "\ndef other() -> Starlite:\n    return Starlite([])\n")
    result = runner.invoke(starlite_group, ["info"])
    assert result.exit_code == 1
    assert "Found 2 functions returning a Starlite app in 'app' (build, other)" in result.output


def test_no_app_found(runner: CliRunner, project: object) -> None:
    result = runner.invoke(starlite_group, ["routes"])
    assert result.exit_code == 1
    assert "Could not find a Starlite app or factory in asgi.py, app.py" in result.output
    assert "--app <module>:<attribute>" in result.output


def test_app_option_names_an_instance_or_a_factory(write_file: WriteFile) -> None:
    write_file("project_app.py", INSTANCE + CREATE_APP.replace("from starlite import Starlite", ""))
    assert StarliteEnv.from_env("project_app:app").is_app_factory is False
    env = StarliteEnv.from_env("project_app:create_app")
    assert (env.app_path, env.is_app_factory) == ("project_app:create_app", True)


def test_app_option_wins_over_the_environment_and_autodiscovery(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_file("app.py", INSTANCE)
    write_file("other.py", CREATE_APP)
    monkeypatch.setenv("STARLITE_APP", "app:app")
    assert StarliteEnv.from_env("other:create_app").app_path == "other:create_app"


def test_environment_variable_wins_over_autodiscovery(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_file("app.py", INSTANCE)
    write_file("package/service.py", CREATE_APP)
    monkeypatch.setenv("STARLITE_APP", "package.service:create_app")
    assert StarliteEnv.from_env(None).app_path == "package.service:create_app"


def test_dotenv_file_is_read_without_overriding_the_environment(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_file("service.py", CREATE_APP)
    write_file(".env", "STARLITE_APP=service:create_app\nSTARLITE_PORT=9123\nSTARLITE_HOST=0.0.0.0\n")
    monkeypatch.setenv("STARLITE_HOST", "127.0.0.2")
    env = StarliteEnv.from_env(None)
    assert (env.app_path, env.port, env.host) == ("service:create_app", 9123, "127.0.0.2")


@pytest.mark.parametrize(
    ("app_path", "content", "message"),
    [
        ("app", INSTANCE, "App path 'app' is not '<module>:<attribute>'"),
        ("missing:app", INSTANCE, "No module named 'missing' in"),
        ("app:nothing", INSTANCE, "Module 'app' has no attribute 'nothing'"),
        ("app:VALUE", "VALUE = 1\n", "'app:VALUE' is int, not a Starlite app or a factory of one"),
        (
            "app:make",
            "def make():\n    return 1\n",
            "The app factory 'app:make' returned int, not a Starlite app",
        ),
        (
            "app:make",
            "def make():\n    raise RuntimeError('no database')\n",
            "The app factory 'app:make' failed: RuntimeError: no database",
        ),
        ("app:app", "app = (\n", "Could not import 'app': SyntaxError"),
        (
            "app:app",
            "import not_installed_package\n",
            "Could not import 'app': No module named 'not_installed_package'",
        ),
        (
            "app:app",
            "from starlite import Starlite\napp = Starlite([], plugins=[1])\n",
            "ImproperlyConfiguredException",
        ),
    ],
    ids=[
        "no-colon",
        "no-module",
        "no-attribute",
        "not-an-app",
        "factory-returns-other",
        "factory-raises",
        "syntax-error",
        "import-error",
        "bad-config",
    ],
)
def test_user_mistakes_are_one_line_errors(
    runner: CliRunner, write_file: WriteFile, app_path: str, content: str, message: str
) -> None:
    write_file("app.py", content)
    result = runner.invoke(starlite_group, ["--app", app_path, "info"])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_port_in_the_environment(
    runner: CliRunner, write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_file("app.py", INSTANCE)
    monkeypatch.setenv("STARLITE_PORT", "eighty")
    result = runner.invoke(starlite_group, ["info"])
    assert result.exit_code == 1
    assert "STARLITE_PORT must be a port number, not 'eighty'" in result.output


@pytest.mark.parametrize(
    "command", [["run", "--help"], ["routes", "--help"], ["sessions", "clear", "--help"]]
)
def test_help_needs_no_app(runner: CliRunner, project: object, command: list[str]) -> None:
    result = runner.invoke(starlite_group, command)
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
