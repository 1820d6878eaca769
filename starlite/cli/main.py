"""The root ``starlite`` group (``starlite_group``), with every command of the command line."""

from __future__ import annotations

from click import Context, group, option, pass_context

from starlite.cli.commands import core, schema, sessions
from starlite.cli.utils import StarliteExtensionGroup, set_pending_env
from starlite.utils.cli import CLI_INIT_CALLBACKS

__all__ = ("starlite_group",)


@group(cls=StarliteExtensionGroup)
@option("--app", "app_path", help="The app, as <module>:<attribute> (an app or a factory of one)")
@pass_context
def starlite_group(ctx: Context, app_path: str | None) -> None:
    """Starlite CLI."""
    set_pending_env(ctx, app_path)


starlite_group.add_command(core.info_command)
starlite_group.add_command(core.run_command)
starlite_group.add_command(core.routes_command)
starlite_group.add_command(sessions.sessions_group)
starlite_group.add_command(schema.schema_group)

for _callback in CLI_INIT_CALLBACKS:
    _callback(starlite_group)
