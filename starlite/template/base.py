"""What a template engine must offer to render ``Template`` responses, and what every template can call.

An engine is any class with the shape of ``TemplateEngineProtocol``: made from one directory or a list
of them, it returns templates by name (objects with a ``render(**context)`` method returning a string)
and accepts callables that every template can call. The engines of ``starlite.contrib.jinja`` and
``starlite.contrib.mako`` register the three functions below on themselves; a third-party engine may
register them too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, TypeVar, runtime_checkable

from starlite.datastructures._validation import validation_error

if TYPE_CHECKING:
    from starlite.connection.request import Request

__all__ = (
    "TemplateContext",
    "TemplateEngineProtocol",
    "TemplateProtocol",
    "csrf_token",
    "url_for",
    "url_for_static_asset",
)


class TemplateContext(TypedDict):
    """The values every template receives from a ``Template`` response, besides the handler's own.

    Attributes:
        request: The request being answered.
        csrf_input: A hidden ``<input name="_csrf_token">`` holding the CSRF token, to put in a form;
            empty when the app has no ``csrf_config``.
    """

    request: Request[Any, Any]
    csrf_input: str


def url_for(context: TemplateContext, route_name: str, **path_parameters: Any) -> str:
    """The path of the handler called ``route_name`` (``app.route_reverse``), for use in templates.

    Args:
        context: The template's context.
        route_name: The ``name`` given to the handler.
        **path_parameters: Values for the path parameters of its path.

    Raises:
        NoRouteMatchFoundException: When no handler has that name, or a path parameter is missing or
            of the wrong type.
    """
    return context["request"].app.route_reverse(route_name, **path_parameters)  # type: ignore[no-any-return]


def csrf_token(context: TemplateContext) -> str:
    """The CSRF token of the request, for use in templates (to send in a header or a form field).

    Args:
        context: The template's context.

    Returns:
        The token, or an empty string when the app has no ``csrf_config``.
    """
    # The CSRF middleware keeps the connection's token under this scope key, as 1.5x's did.
    return str(context["request"].scope.get("_csrf_token", ""))


def url_for_static_asset(context: TemplateContext, name: str, file_path: str) -> str:
    """The path of ``file_path`` under the static files handler called ``name``, for use in templates.

    Args:
        context: The template's context.
        name: The ``name`` of a ``StaticFilesConfig``.
        file_path: The asset's path inside that config's directories.

    Raises:
        NoRouteMatchFoundException: When no static files handler has that name.
    """
    return context["request"].app.url_for_static_asset(name, file_path)  # type: ignore[no-any-return]


def register_builtin_callables(engine: Any) -> None:
    """Register ``url_for``, ``csrf_token`` and ``url_for_static_asset`` on a template engine.

    The engines of ``starlite.contrib`` call this when created, as 1.5x's did.

    Args:
        engine: An engine with ``register_template_callable``.
    """
    for key, template_callable in (
        ("url_for_static_asset", url_for_static_asset),
        ("csrf_token", csrf_token),
        ("url_for", url_for),
    ):
        engine.register_template_callable(key=key, template_callable=template_callable)


class TemplateProtocol(Protocol):
    """A loaded template: something with a ``render`` method that returns the page as a string."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render the template.

        Args:
            *args: Passed on to the engine.
            **kwargs: The context: the values the template can read, by name.

        Returns:
            The rendered text.
        """
        ...


T_co = TypeVar("T_co", bound=TemplateProtocol, covariant=True)


@runtime_checkable
class TemplateEngineProtocol(Protocol[T_co]):
    """A template engine that renders ``Template`` responses (``TemplateConfig(engine=...)``)."""

    def __init__(self, directory: Path | list[Path]) -> None:
        """Load templates from ``directory``.

        Args:
            directory: A directory, or a list of directories searched in order.
        """

    def get_template(self, template_name: str) -> T_co:
        """Return the template called ``template_name`` (a path relative to the directories).

        Args:
            template_name: The template's name, e.g. ``"index.html"`` or ``"emails/welcome.txt"``.

        Raises:
            TemplateNotFoundException: When no directory holds it.
        """
        ...

    def register_template_callable(
        self, key: str, template_callable: Callable[[dict[str, Any]], Any]
    ) -> None:
        """Make ``template_callable`` callable as ``key`` in every template.

        Args:
            key: The name templates call it by.
            template_callable: A callable taking the template's context first, then the template's
                own arguments.
        """


def template_directories(owner: str, directory: Any) -> list[Path]:
    """``directory`` (one or a list) as a list of paths, each an existing directory.

    Args:
        owner: The class that is given the directories, named by the error.
        directory: What it was given.

    Raises:
        pydantic.ValidationError: When a path does not exist or is not a directory (1.5x's configs
            validated their directories with pydantic's ``DirectoryPath``).
    """
    given = list(directory) if isinstance(directory, list | tuple) else [directory]
    paths = []
    for entry in given:
        path = Path(entry)
        if not path.is_dir():
            problem = "is not a directory" if path.exists() else "does not exist"
            raise validation_error(
                owner, "directory", entry, f"the template directory {str(path)!r} {problem}"
            )
        paths.append(path)
    return paths
