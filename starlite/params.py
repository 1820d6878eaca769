"""``Parameter``, ``Body`` and ``Dependency``: how a handler says where a value comes from.

Each is used as the default value of a handler (or dependency) parameter::

    @get("/items")
    def list_items(page: int = Parameter(query="p", ge=1, default=1)) -> list[Item]: ...

They return small frozen records (``ParameterKwarg``, ``BodyKwarg``, ``DependencyKwarg``) that the
kwargs plan reads once at start-up. The records are kept on the plan, so the OpenAPI schema can later
read the same constraints, titles and examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlite.enums import RequestEncodingType
from starlite.exceptions import ImproperlyConfiguredException
from starlite.types.empty import Empty

__all__ = ("Body", "BodyKwarg", "Dependency", "DependencyKwarg", "Parameter", "ParameterKwarg")


@dataclass(frozen=True, kw_only=True)
class _Constraints:
    """Validation constraints shared by ``Parameter`` and ``Body``, named as in 1.5x."""

    const: bool | None = None
    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None
    multiple_of: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    regex: str | None = None

    @property
    def has_constraints(self) -> bool:
        """Whether any constraint is set."""
        return any(
            value is not None
            for value in (
                self.gt,
                self.ge,
                self.lt,
                self.le,
                self.multiple_of,
                self.min_items,
                self.max_items,
                self.min_length,
                self.max_length,
                self.regex,
            )
        )


@dataclass(frozen=True, kw_only=True)
class ParameterKwarg(_Constraints):
    """What ``Parameter(...)`` returns: the source, key, default and constraints of one parameter.

    Attributes:
        value_type: The type, for parameters declared in a layer's ``parameters=`` mapping.
        header: Read the value from this request header.
        cookie: Read the value from this cookie.
        query: Read the value from this query key instead of the parameter's name.
        examples: OpenAPI examples.
        external_docs: OpenAPI external documentation.
        content_encoding: OpenAPI content encoding.
        required: Whether the value must be present; by default, when there is no default.
        default: The value used when the request does not carry one.
        title: OpenAPI title.
        description: OpenAPI description.
    """

    value_type: Any = Empty
    header: str | None = None
    cookie: str | None = None
    query: str | None = None
    examples: list[Any] | None = field(default=None, hash=False)
    external_docs: Any = None
    content_encoding: str | None = None
    required: bool | None = None
    default: Any = Empty
    title: str | None = None
    description: str | None = None


@dataclass(frozen=True, kw_only=True)
class BodyKwarg(_Constraints):
    """What ``Body(...)`` returns: how the request body is encoded, and its documentation.

    Attributes:
        media_type: The expected encoding: JSON (the default), MessagePack, url-encoded or multipart.
        examples: OpenAPI examples.
        external_docs: OpenAPI external documentation.
        content_encoding: OpenAPI content encoding.
        default: The value used when the body is empty.
        title: OpenAPI title.
        description: OpenAPI description.
        multipart_form_part_limit: The most parts a multipart body may have (the app's limit by default).
    """

    media_type: str | RequestEncodingType = RequestEncodingType.JSON
    examples: list[Any] | None = field(default=None, hash=False)
    external_docs: Any = None
    content_encoding: str | None = None
    default: Any = Empty
    title: str | None = None
    description: str | None = None
    multipart_form_part_limit: int | None = None


@dataclass(frozen=True, kw_only=True)
class DependencyKwarg:
    """What ``Dependency(...)`` returns.

    Attributes:
        default: The value used when no layer provides the dependency.
        skip_validation: Pass the provided value through without checking it against the annotation.
    """

    default: Any = Empty
    skip_validation: bool = False


def Parameter(  # noqa: N802 - a function named like a class, as in 1.5x
    value_type: Any = Empty,
    *,
    header: str | None = None,
    cookie: str | None = None,
    query: str | None = None,
    examples: list[Any] | None = None,
    external_docs: Any = None,
    content_encoding: str | None = None,
    required: bool | None = None,
    default: Any = Empty,
    title: str | None = None,
    description: str | None = None,
    const: bool | None = None,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    multiple_of: float | None = None,
    min_items: int | None = None,
    max_items: int | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    regex: str | None = None,
) -> Any:
    """Declare where a path, query, header or cookie parameter comes from and how it is validated.

    Args:
        value_type: The parameter's type; needed only in a layer's ``parameters=`` mapping, where there
            is no annotation to read it from.
        header: Read the value from this request header (case-insensitive).
        cookie: Read the value from this cookie.
        query: Read the value from this query key (the parameter's name by default).
        examples: Examples, for the OpenAPI schema.
        external_docs: External documentation, for the OpenAPI schema.
        content_encoding: Content encoding, for the OpenAPI schema.
        required: Whether a value must be sent. By default a parameter is required unless it has a
            default or is ``Optional``; ``required=False`` without a default gives ``None``.
        default: The value used when none is sent.
        title: A title, for the OpenAPI schema.
        description: A description, for the OpenAPI schema.
        const: The value must equal ``default``.
        gt: Numbers must be greater than this.
        ge: Numbers must be greater than or equal to this.
        lt: Numbers must be less than this.
        le: Numbers must be less than or equal to this.
        multiple_of: Numbers must be a multiple of this.
        min_items: Repeated query values: the fewest allowed.
        max_items: Repeated query values: the most allowed.
        min_length: Strings and bytes: the shortest allowed.
        max_length: Strings and bytes: the longest allowed.
        regex: Strings must match this regular expression at their start (``re.match``).

    Returns:
        A ``ParameterKwarg``, to use as the parameter's default value.

    Raises:
        ImproperlyConfiguredException: When more than one of ``header``, ``cookie`` and ``query`` is given.
    """
    if sum(source is not None for source in (header, cookie, query)) > 1:
        raise ImproperlyConfiguredException(
            "A Parameter reads from one of header, cookie or query, not several"
        )
    # The arguments are the record's fields, one for one.
    return ParameterKwarg(**locals())


def Body(  # noqa: N802
    *,
    media_type: str | RequestEncodingType = RequestEncodingType.JSON,
    examples: list[Any] | None = None,
    external_docs: Any = None,
    content_encoding: str | None = None,
    default: Any = Empty,
    title: str | None = None,
    description: str | None = None,
    const: bool | None = None,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    multiple_of: float | None = None,
    min_items: int | None = None,
    max_items: int | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    regex: str | None = None,
    multipart_form_part_limit: int | None = None,
) -> Any:
    """Declare how the request body given to ``data`` is encoded.

    Args:
        media_type: ``RequestEncodingType.JSON`` (the default), ``MESSAGEPACK``, ``URL_ENCODED`` or
            ``MULTI_PART``.
        examples: Examples, for the OpenAPI schema.
        external_docs: External documentation, for the OpenAPI schema.
        content_encoding: Content encoding, for the OpenAPI schema.
        default: The value used when the request has no body.
        title: A title, for the OpenAPI schema.
        description: A description, for the OpenAPI schema.
        const: For the OpenAPI schema.
        gt: For the OpenAPI schema; put constraints on the model's fields to enforce them.
        ge: As ``gt``.
        lt: As ``gt``.
        le: As ``gt``.
        multiple_of: As ``gt``.
        min_items: A list body: the fewest items allowed.
        max_items: A list body: the most items allowed.
        min_length: As ``gt``.
        max_length: As ``gt``.
        regex: As ``gt``.
        multipart_form_part_limit: The most parts a multipart body may have; the app's
            ``multipart_form_part_limit`` by default.

    Returns:
        A ``BodyKwarg``, to use as the default value of ``data``.
    """
    return BodyKwarg(**locals())


def Dependency(*, default: Any = Empty, skip_validation: bool = False) -> Any:  # noqa: N802
    """Mark a parameter as a dependency, provided by a layer's ``dependencies=``.

    Without a provider, ``default`` is used; with neither, the app refuses to start.

    Args:
        default: The value used when no layer provides the dependency.
        skip_validation: Pass the provided value through without checking it against the annotation.

    Returns:
        A ``DependencyKwarg``, to use as the parameter's default value.
    """
    return DependencyKwarg(default=default, skip_validation=skip_validation)
