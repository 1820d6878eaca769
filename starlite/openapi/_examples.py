"""Example values for the schema (``OpenAPIConfig(create_examples=True)``), made with polyfactory.

polyfactory is optional (``pip install starlite[openapi-examples]``). Values are generated from a fixed
seed, so the same app gives the same examples on every build and every run, and they honour the
constraints the handler declared (``Parameter(ge=1)`` gives a value of at least 1).
"""

from __future__ import annotations

import math
from typing import Any

from starlite.exceptions import MissingDependencyException
from starlite.types.empty import Empty

SEED = 17
EXTRA = "openapi-examples"

# Parameter(...) / Body(...) constraints → the pydantic Field argument polyfactory reads.
_FIELD_CONSTRAINTS = {
    "gt": "gt",
    "ge": "ge",
    "lt": "lt",
    "le": "le",
    "multiple_of": "multiple_of",
    "min_length": "min_length",
    "max_length": "max_length",
    "min_items": "min_length",
    "max_items": "max_length",
    "regex": "pattern",
}


def require_polyfactory() -> None:
    """Check that polyfactory can be imported.

    Raises:
        MissingDependencyException: When it is not installed, naming the extra that installs it.
    """
    try:
        import polyfactory  # noqa: F401
    except ImportError as error:
        raise MissingDependencyException("polyfactory", extra=EXTRA) from error


def _tidy(value: Any) -> Any:
    # Round generated floats (a sample reads better as 12.34 than as 12.340930201).
    if isinstance(value, float) and math.isfinite(value):
        return round(value, 2)
    if isinstance(value, list):
        return [_tidy(item) for item in value]
    if isinstance(value, dict):
        return {key: _tidy(item) for key, item in value.items()}
    return value


def _to_json(value: Any) -> Any:
    import msgspec

    from starlite.utils.serialization import encode_json

    return _tidy(msgspec.json.decode(encode_json(value)))


def _build(annotation: Any, kwarg: Any) -> Any:
    import msgspec
    from polyfactory.factories.pydantic_factory import ModelFactory
    from pydantic import ConfigDict, Field, create_model

    if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct):
        from polyfactory.factories.msgspec_factory import MsgspecFactory

        struct_factory: Any = MsgspecFactory.create_factory(annotation)
        struct_factory.seed_random(SEED)
        return struct_factory.build()
    constraints = {
        target: getattr(kwarg, name)
        for name, target in _FIELD_CONSTRAINTS.items()
        if getattr(kwarg, name, None) is not None
    }
    config = ConfigDict(arbitrary_types_allowed=True)
    make: Any = create_model  # a model named at run time, which the mypy plugin cannot follow
    try:
        model = make("Example", __config__=config, value=(annotation, Field(**constraints)))
    except Exception:  # constraints that do not fit the type: an example of the type alone
        model = make("Example", __config__=config, value=(annotation, ...))
    factory: Any = ModelFactory.create_factory(model, __allow_none_optionals__=False)
    factory.seed_random(SEED)
    return factory.build().value


def create_example(annotation: Any, kwarg: Any = None) -> Any:
    """A JSON-compatible example value of ``annotation``, or ``Empty`` when none can be made.

    Args:
        annotation: The type.
        kwarg: The ``Parameter(...)`` / ``Body(...)`` declaration whose constraints the value meets.
    """
    require_polyfactory()
    try:
        return _to_json(_build(annotation, kwarg))
    except Exception:  # a type polyfactory cannot build: no example rather than no schema
        return Empty
