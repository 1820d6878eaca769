"""``starlite info``, ``starlite run`` and ``starlite routes``."""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from click import command, option
from rich.tree import Tree

from starlite.app import Starlite
from starlite.cli.utils import StarliteCLIException, StarliteEnv, console, show_app_info
from starlite.routes import ASGIRoute, HTTPRoute, WebSocketRoute
from starlite.utils.helpers import unwrap_partial

__all__ = ("info_command", "routes_command", "run_command")


def _convert_uvicorn_args(args: dict[str, Any]) -> list[str]:
    """``{"port": 8000, "reload": True, "reload-dir": ["src"]}`` as uvicorn options; false flags left out."""
    process_args = []
    for arg, value in args.items():
        if isinstance(value, bool):
            if value:
                process_args.append(f"--{arg}")
        elif isinstance(value, list | tuple):
            process_args.extend(f"--{arg}={item}" for item in value)
        elif value is not None:
            process_args.append(f"--{arg}={value}")
    return process_args


def _uvicorn_executable() -> str:
    """The ``uvicorn`` program of this Python environment, found even when its ``bin`` is not on ``PATH``."""
    if find_spec("uvicorn") is None:
        raise StarliteCLIException(
            "uvicorn is needed to run an app: pip install starlite[standard] (or pip install uvicorn)"
        )
    beside_python = Path(sys.executable).parent / "uvicorn"
    if beside_python.is_file():
        return str(beside_python)
    found = shutil.which("uvicorn")
    if found is None:
        raise StarliteCLIException("uvicorn is installed but its 'uvicorn' program is not on PATH")
    return found


@command(name="info")
def info_command(app: Starlite) -> None:
    """Show the versions and the configuration of the app."""
    show_app_info(app)


@command(name="run")
@option("-r", "--reload", help="Reload the server when a file changes", default=False, is_flag=True)
@option("-p", "--port", help="Serve on this port", type=int, default=8000, show_default=True)
@option("--host", help="Serve on this host", default="127.0.0.1", show_default=True)
@option(
    "-W",
    "--web-concurrency",
    help="The number of worker processes (not with --reload)",
    type=int,
    default=None,
    envvar="WEB_CONCURRENCY",
)
@option(
    "--reload-dir",
    "reload_dirs",
    help="A directory to watch for changes (implies --reload; may be repeated)",
    multiple=True,
    type=str,
)
@option("--debug", help="Debug mode: sets STARLITE_DEBUG=1 for the server's process", is_flag=True)
def run_command(
    reload: bool,
    port: int,
    host: str,
    web_concurrency: int | None,
    reload_dirs: tuple[str, ...],
    debug: bool,
    env: StarliteEnv,
    app: Starlite,
) -> None:
    """Run the app with uvicorn.

    The app is named with --app <module>:<attribute> (or STARLITE_APP) or found in asgi.py, app.py,
    application.py, app/__init__.py, application/__init__.py or main.py of the working directory:
    a Starlite instance, a function called create_app, or a function annotated as returning Starlite.
    STARLITE_HOST, STARLITE_PORT and STARLITE_RELOAD set the options' defaults.

    uvicorn imports the app afresh, with the debug setting its code gives it: with --debug, the
    server's process has STARLITE_DEBUG=1, which the app can read (debug=os.environ.get(...) == "1").
    """
    debug = debug or env.debug
    if debug:
        app.debug = True
    reload = bool(env.reload or reload or reload_dirs)
    if reload and web_concurrency is not None and web_concurrency > 1:
        raise StarliteCLIException("--reload and --web-concurrency cannot be used together: choose one")
    executable = _uvicorn_executable()

    show_app_info(app)

    # uvicorn runs in a process of its own, given the app's import path rather than the object: its
    # reloader and its workers import the app afresh in each process they start.
    process_args = {
        "reload": reload,
        "reload-dir": list(reload_dirs),
        "host": env.host or host,
        "port": env.port or port,
        "workers": web_concurrency if web_concurrency and web_concurrency > 1 else None,
        "factory": env.is_app_factory,
    }
    environment = {**os.environ, "STARLITE_DEBUG": "1"} if debug else None
    try:
        subprocess.run(
            ["uvicorn", env.app_path, *_convert_uvicorn_args(process_args)],
            check=True,
            executable=executable,
            env=environment,
        )
    except subprocess.CalledProcessError as exc:
        raise StarliteCLIException(f"uvicorn exited with status {exc.returncode}") from None
    except KeyboardInterrupt:  # pragma: no cover - Ctrl+C stops uvicorn too, which is what the user asked for
        pass


def _handler_description(handler: Any) -> list[str]:
    kind = "async" if inspect.iscoroutinefunction(unwrap_partial(handler.fn.value)) else "sync"
    colour = "magenta" if kind == "async" else "yellow"
    return [f"[blue]{handler.name or handler.handler_name}[/blue]", f"[{colour}]{kind}[/{colour}]"]


@command(name="routes")
def routes_command(app: Starlite) -> None:
    """Show the app's routes: each path with its handlers and their methods."""
    tree = Tree("", hide_root=True)
    for route in sorted(app.routes, key=lambda route: route.path):
        if isinstance(route, HTTPRoute):
            branch = tree.add(f"[green]{route.path}[/green] (HTTP)")
            for handler in sorted(route.route_handlers, key=lambda handler: sorted(handler.http_methods)):
                methods = ", ".join(sorted(handler.http_methods))
                branch.add(" ".join([*_handler_description(handler), f"[cyan]{methods}[/cyan]"]))
        elif isinstance(route, WebSocketRoute | ASGIRoute):
            route_type = "WS" if isinstance(route, WebSocketRoute) else "ASGI"
            branch = tree.add(f"[green]{route.path}[/green] ({route_type})")
            branch.add(" ".join(_handler_description(route.route_handler)))
    console.print(tree)
