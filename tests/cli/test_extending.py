"""Commands of one's own: a ``StarliteGroup`` hands its commands the found app and its environment."""

from __future__ import annotations

import click
from click.testing import CliRunner

from starlite import Starlite
from starlite.cli.main import starlite_group
from starlite.cli.utils import StarliteEnv, StarliteGroup
from tests.cli.apps import INSTANCE
from tests.cli.conftest import WriteFile


def test_a_group_of_ones_own_receives_the_app_and_the_env(runner: CliRunner, write_file: WriteFile) -> None:
    @click.group(cls=StarliteGroup, name="users")
    def users() -> None:
        """Manage users."""

    @users.command("describe")
    @click.option("--shout", is_flag=True)
    def describe(app: Starlite, env: StarliteEnv, shout: bool) -> None:
        text = f"{env.app_path} serves hello at {app.route_reverse('hello')}"
        click.echo(text.upper() if shout else text)

    @users.command("plain")
    def plain() -> None:
        click.echo("no app needed")

    root = click.Group("root", commands={"users": users})
    root.callback = starlite_group.callback
    root.params = starlite_group.params

    write_file("app.py", INSTANCE)
    result = runner.invoke(root, ["users", "describe", "--shout"])
    assert (result.exit_code, result.output.splitlines()[-1]) == (0, "APP:APP SERVES HELLO AT /"), (
        result.output
    )

    write_file("app.py", "raise RuntimeError('not loaded by a command that needs no app')\n")
    result = runner.invoke(root, ["users", "plain"])
    assert (result.exit_code, result.output) == (0, "no app needed\n")
