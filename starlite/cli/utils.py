"""What every command of the ``starlite`` command line shares: finding the app, the groups, the console.

The app is found, in this order (as in 1.5x):

1. ``--app <module>:<attribute>`` on the command line;
2. the ``STARLITE_APP`` environment variable, in the same form (a ``.env`` file in the working
   directory is read first when python-dotenv is installed, without overriding variables already set);
3. the first of ``AUTODISCOVER_PATHS`` that exists in the working directory. In it, a ``Starlite``
   instance is used; failing that, a function called ``create_app``; failing that, a function annotated
   as returning ``Starlite``. Two different apps (or two annotated factories) in that file are refused,
   since guessing would serve the wrong one.

The attribute may be an app or a factory (any callable returning one); a factory is called once here,
and ``starlite run`` tells uvicorn to call it too (``--factory``). The app is loaded when a command first
needs it, so ``starlite <command> --help`` works without one. A mistake (no app, a module that does not
import, a factory that fails) is reported as a one-line error, not a traceback.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import wraps
from importlib.metadata import PackageNotFoundError, entry_points, version
from os import getenv
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast

from click import ClickException, Command, Context, Group, pass_context, style
from rich.console import Console
from rich.table import Table

from starlite.app import Starlite
from starlite.config.static_files import StaticFilesConfig
from starlite.middleware.allowed_hosts import AllowedHostsConfig
from starlite.middleware.base import DefineMiddleware
from starlite.utils.helpers import get_name

if TYPE_CHECKING:
    from starlite.types.callable_types import AnyCallable

__all__ = (
    "AUTODISCOVER_PATHS",
    "LoadedApp",
    "StarliteCLIException",
    "StarliteEnv",
    "StarliteExtensionGroup",
    "StarliteGroup",
    "console",
    "show_app_info",
)

P = ParamSpec("P")
T = TypeVar("T")

AUTODISCOVER_PATHS = [
    "asgi.py",
    "app.py",
    "application.py",
    "app/__init__.py",
    "application/__init__.py",
    "main.py",
]
"""Where the app is looked for when neither ``--app`` nor ``STARLITE_APP`` names it, in this order.

1.5x's list, and ``main.py`` last (not in 1.5x).
"""

console = Console()
"""The console every command prints to (standard output)."""


class StarliteCLIException(ClickException):
    """An error of the command line: click prints ``Error: <message>`` (in red) and exits with 1."""

    def __init__(self, message: str) -> None:
        super().__init__(style(message, fg="red"))


@dataclass
class LoadedApp:
    """A found app, the import path it was found at, and whether that path names a factory."""

    app: Starlite
    app_path: str
    is_factory: bool


@dataclass
class StarliteEnv:
    """The app the command line works on, and the ``STARLITE_*`` environment variables it reads."""

    app_path: str
    debug: bool
    app: Starlite
    cwd: Path
    host: str | None = None
    port: int | None = None
    reload: bool | None = None
    is_app_factory: bool = False

    @classmethod
    def from_env(cls, app_path: str | None) -> StarliteEnv:
        """Find the app (see the module's docstring) and read the environment.

        The working directory is put first on ``sys.path`` so its modules import, and its ``.env`` file
        is loaded when python-dotenv is installed.

        Args:
            app_path: ``<module>:<attribute>`` from ``--app``, or ``None`` to look further.

        Raises:
            StarliteCLIException: When no app is found, or one cannot be loaded.
        """
        cwd = Path.cwd()
        if str(cwd) not in sys.path:
            sys.path.insert(0, str(cwd))
        _load_dotenv(cwd)
        loaded_app = (
            _load_app_from_path(app_path) if app_path else _autodiscover_app(getenv("STARLITE_APP"), cwd)
        )
        port = getenv("STARLITE_PORT")
        return cls(
            app_path=loaded_app.app_path,
            app=loaded_app.app,
            debug=_bool_from_env("STARLITE_DEBUG"),
            host=getenv("STARLITE_HOST"),
            port=_port_from_env(port) if port else None,
            reload=_bool_from_env("STARLITE_RELOAD"),
            is_app_factory=loaded_app.is_factory,
            cwd=cwd,
        )


class _PendingEnv:
    """What the root group knows before a command asks for the app: the ``--app`` value."""

    __slots__ = ("app_path",)

    def __init__(self, app_path: str | None) -> None:
        self.app_path = app_path


def set_pending_env(ctx: Context, app_path: str | None) -> None:
    """Remember ``--app`` on the root context; the app is loaded when a command first needs it."""
    ctx.obj = _PendingEnv(app_path)


def env_of(ctx: Context) -> StarliteEnv:
    """The ``StarliteEnv`` of this invocation, loading the app the first time it is asked for."""
    root = ctx.find_root()
    if isinstance(root.obj, StarliteEnv):
        return root.obj
    app_path = root.obj.app_path if isinstance(root.obj, _PendingEnv) else None
    env = StarliteEnv.from_env(app_path)
    root.obj = ctx.obj = env
    return env


class StarliteGroup(Group):
    """A ``click.Group`` whose commands receive ``app`` and ``env`` when their callback asks for them.

    Use it as the ``cls`` of a group that extends the command line; commands added directly to the root
    group get the same treatment.
    """

    def __init__(
        self,
        name: str | None = None,
        commands: dict[str, Command] | Sequence[Command] | None = None,
        **attrs: Any,
    ) -> None:
        self.group_class = StarliteGroup
        super().__init__(name=name, commands=commands, **attrs)

    def add_command(self, cmd: Command, name: str | None = None) -> None:
        """Add ``cmd``, injecting ``app`` and ``env`` into its callback if it takes them."""
        if cmd.callback:
            cmd.callback = _inject_args(cmd.callback)
        super().add_command(cmd, name)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[AnyCallable], Command]:  # type: ignore[override]
        """Decorate a function as a command of this group, injecting ``app`` and ``env`` as needed.

        Takes ``click.Group.command``'s arguments; the injection happens in ``add_command``.
        """

        def decorator(f: AnyCallable) -> Command:
            return cast("Command", Group.command(self, *args, **kwargs)(f))

        return decorator


class StarliteExtensionGroup(StarliteGroup):
    """The root group: it adds the commands other packages declare in the ``starlite.commands`` entry point.

    Use it for the root ``starlite`` group only.
    """

    def __init__(
        self,
        name: str | None = None,
        commands: dict[str, Command] | Sequence[Command] | None = None,
        **attrs: Any,
    ) -> None:
        super().__init__(name=name, commands=commands, **attrs)
        for entry_point in entry_points(group="starlite.commands"):
            command = entry_point.load()
            _wrap_commands([command])
            # Under the command's own name, as in 1.5x (the entry point's name only identifies it).
            Group.add_command(self, command)


def _inject_args(func: Callable[..., T]) -> Callable[..., T]:
    """Wrap a command's callback so it receives the found ``app`` and ``env`` if its signature names them."""
    if getattr(func, "_starlite_injects", False):  # a command added to a second group, or again
        return func
    params = inspect.signature(func).parameters
    if "app" not in params and "env" not in params:
        return func  # a command that needs no app does not load one

    @wraps(func)
    def wrapped(ctx: Context, /, *args: Any, **kwargs: Any) -> T:
        env = env_of(ctx)
        if "app" in params:
            kwargs["app"] = env.app
        if "env" in params:
            kwargs["env"] = env
        return func(*args, **kwargs)

    injecting = pass_context(wrapped)
    injecting._starlite_injects = True  # type: ignore[attr-defined]
    return injecting


def _wrap_commands(commands: Iterable[Command]) -> None:
    for command in commands:
        if isinstance(command, Group):
            _wrap_commands(command.commands.values())
        elif command.callback:
            command.callback = _inject_args(command.callback)


def _bool_from_env(key: str, default: bool = False) -> bool:
    value = getenv(key)
    if not value:
        return default
    return value.lower() in ("true", "1")


def _port_from_env(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise StarliteCLIException(f"STARLITE_PORT must be a port number, not {value!r}") from None


def _load_dotenv(cwd: Path) -> None:
    dotenv_path = cwd / ".env"
    if not dotenv_path.is_file():
        return
    try:
        import dotenv
    except ImportError:
        console.print(
            "[yellow]A .env file is here but python-dotenv is not installed: it is not read "
            "(pip install starlite\\[cli] installs it)"
        )
        return
    dotenv.load_dotenv(dotenv_path)


def _where(exc: BaseException) -> str:
    """`` (file:line)`` of the innermost frame of ``exc``'s traceback, for a one-line error."""
    frames = traceback.extract_tb(exc.__traceback__)
    if isinstance(exc, SyntaxError) and exc.filename:
        return f" ({exc.filename}:{exc.lineno})"
    return f" ({frames[-1].filename}:{frames[-1].lineno})" if frames else ""


def _import_module(module_path: str) -> ModuleType:
    try:
        return importlib.import_module(module_path)
    except ModuleNotFoundError as exc:
        if exc.name and module_path.startswith(exc.name):
            raise StarliteCLIException(f"No module named {module_path!r} in {Path.cwd()}") from None
        raise StarliteCLIException(f"Could not import {module_path!r}: {exc}{_where(exc)}") from None
    except Exception as exc:
        raise StarliteCLIException(
            f"Could not import {module_path!r}: {type(exc).__name__}: {exc}{_where(exc)}"
        ) from None


def _call_factory(factory: Callable[[], Any], app_path: str) -> Starlite:
    try:
        app = factory()
    except Exception as exc:
        raise StarliteCLIException(
            f"The app factory {app_path!r} failed: {type(exc).__name__}: {exc}{_where(exc)}"
        ) from None
    if not isinstance(app, Starlite):
        raise StarliteCLIException(
            f"The app factory {app_path!r} returned {type(app).__name__}, not a Starlite app"
        )
    return app


def _load_app_from_path(app_path: str) -> LoadedApp:
    module_path, _, attribute = app_path.partition(":")
    if not module_path or not attribute:
        raise StarliteCLIException(
            f"App path {app_path!r} is not '<module>:<attribute>' "
            "(such as 'app:app' or 'project.main:create_app')"
        )
    value: Any = _import_module(module_path)
    for part in attribute.split("."):
        try:
            value = getattr(value, part)
        except AttributeError:
            raise StarliteCLIException(f"Module {module_path!r} has no attribute {attribute!r}") from None
    if isinstance(value, Starlite):
        return LoadedApp(app=value, app_path=app_path, is_factory=False)
    if callable(value):
        return LoadedApp(app=_call_factory(value, app_path), app_path=app_path, is_factory=True)
    raise StarliteCLIException(
        f"{app_path!r} is {type(value).__name__}, not a Starlite app or a factory of one"
    )


def _path_to_dotted_path(path: Path) -> str:
    if path.stem == "__init__":
        path = path.parent
    return ".".join(path.with_suffix("").parts)


def _returns_starlite(value: Any) -> bool:
    if not callable(value) or isinstance(value, type):
        return False
    try:
        annotation = inspect.signature(value).return_annotation
    except (TypeError, ValueError):  # builtins and C callables without a signature
        return False
    return annotation is Starlite or annotation in ("Starlite", "starlite.Starlite")


def _distinct(candidates: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """One ``(name, value)`` per object: ``from x import app`` under a second name is the same app."""
    seen: dict[int, tuple[str, Any]] = {}
    for name, value in candidates:
        seen.setdefault(id(value), (name, value))
    return list(seen.values())


def _refuse_ambiguity(found: list[tuple[str, Any]], what: str, dotted_path: str) -> None:
    if len(found) > 1:
        names = ", ".join(name for name, _ in found)
        raise StarliteCLIException(
            f"Found {len(found)} {what} in {dotted_path!r} ({names}): choose one with "
            f"--app {dotted_path}:<name> or STARLITE_APP"
        )


def _find_in_module(module: ModuleType, dotted_path: str) -> LoadedApp | None:
    members = list(vars(module).items())
    apps = _distinct((name, value) for name, value in members if isinstance(value, Starlite))
    _refuse_ambiguity(apps, "Starlite apps", dotted_path)
    if apps:
        app_string = f"{dotted_path}:{apps[0][0]}"
        console.print(f"Using Starlite app from [bright_blue]{app_string}")
        return LoadedApp(app=apps[0][1], app_path=app_string, is_factory=False)
    factories = [("create_app", module.create_app)] if callable(getattr(module, "create_app", None)) else []
    if not factories:
        factories = _distinct((name, value) for name, value in members if _returns_starlite(value))
        _refuse_ambiguity(factories, "functions returning a Starlite app", dotted_path)
    if factories:
        app_string = f"{dotted_path}:{factories[0][0]}"
        console.print(f"Using Starlite factory [bright_blue]{app_string}")
        return LoadedApp(app=_call_factory(factories[0][1], app_string), app_path=app_string, is_factory=True)
    return None


def _autodiscover_app(app_path: str | None, cwd: Path) -> LoadedApp:
    if app_path:
        console.print(f"Using Starlite app from env: [bright_blue]{app_path!r}")
        return _load_app_from_path(app_path)
    for name in AUTODISCOVER_PATHS:
        path = cwd / name
        if not path.exists():
            continue
        dotted_path = _path_to_dotted_path(path.relative_to(cwd))
        loaded = _find_in_module(_import_module(dotted_path), dotted_path)
        if loaded is not None:
            return loaded
    raise StarliteCLIException(
        f"Could not find a Starlite app or factory in {', '.join(AUTODISCOVER_PATHS)} of {cwd}: "
        "name one with --app <module>:<attribute> or the STARLITE_APP environment variable"
    )


def _format_is_enabled(value: Any) -> str:
    """``Enabled`` in green when ``value`` is truthy, ``Disabled`` in red otherwise (rich markup)."""
    return "[green]Enabled[/]" if value else "[red]Disabled[/]"


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def show_app_info(app: Starlite) -> None:
    """Print a table of the app's versions and configuration: debug, CORS, CSRF, OpenAPI, middleware...

    Args:
        app: The app.
    """
    table = Table(show_header=False)
    table.add_column("title", style="cyan")
    table.add_column("value", style="bright_blue")

    table.add_row("Starlite version", _package_version("starlite"))
    table.add_row("Python version", sys.version.split()[0])
    table.add_row("Debug mode", _format_is_enabled(app.debug))
    table.add_row("CORS", _format_is_enabled(app.cors_config))
    table.add_row("CSRF", _format_is_enabled(app.csrf_config))
    allowed_hosts = app.allowed_hosts
    if isinstance(allowed_hosts, AllowedHostsConfig):
        allowed_hosts = allowed_hosts.allowed_hosts
    if allowed_hosts:
        table.add_row("Allowed hosts", ", ".join(allowed_hosts))
    table.add_row("Request caching", type(app.cache.backend).__name__ if app.cache else "[red]Disabled[/]")
    openapi = _format_is_enabled(app.openapi_config)
    if app.openapi_config:
        openapi += f" path=[yellow]{app.openapi_config.openapi_controller.path}"
    table.add_row("OpenAPI", openapi)
    table.add_row(
        "Compression", app.compression_config.backend if app.compression_config else "[red]Disabled[/]"
    )
    if app.template_engine is not None:
        table.add_row("Template engine", type(app.template_engine).__name__)
    static_files = [
        config
        for config in (
            app.static_files_config
            if isinstance(app.static_files_config, list)
            else [app.static_files_config]
        )
        if isinstance(config, StaticFilesConfig)
    ]
    if static_files:
        table.add_row(
            "Static files",
            "\n".join(
                f"path=[yellow]{config.path}[/] dirs=[yellow]{', '.join(map(str, config.directories))}[/] "
                f"html_mode={_format_is_enabled(config.html_mode)}"
                for config in static_files
            ),
        )
    if app.plugins:
        table.add_row("Plugins", ", ".join(type(plugin).__name__ for plugin in app.plugins))
    middleware = [
        get_name(entry.middleware if isinstance(entry, DefineMiddleware) else entry)
        for entry in app.middleware or []
    ]
    if middleware:
        table.add_row("Middlewares", ", ".join(middleware))
    console.print(table)
