"""The framework's namespace of ``scope["state"]``, and the serializer of a connection's responses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from starlite import Response, Starlite, get
from starlite.constants import SCOPE_STATE_NAMESPACE
from starlite.utils import get_serializer_from_scope, get_starlite_scope_state, set_starlite_scope_state


def test_set_then_get_then_pop() -> None:
    scope: dict[str, Any] = {"state": {}}
    set_starlite_scope_state(scope, "compressed", True)
    assert scope["state"][SCOPE_STATE_NAMESPACE] == {"compressed": True}
    assert get_starlite_scope_state(scope, "compressed") is True
    assert get_starlite_scope_state(scope, "compressed", pop=True) is True
    assert get_starlite_scope_state(scope, "compressed") is None


def test_a_default_is_returned_but_not_stored() -> None:
    scope: dict[str, Any] = {"state": {}}
    assert get_starlite_scope_state(scope, "missing", "fallback") == "fallback"
    assert scope["state"][SCOPE_STATE_NAMESPACE] == {}


def test_serializer_uses_the_handlers_type_encoders() -> None:
    @get("/", type_encoders={Decimal: lambda value: f"D{value}"})
    def handler() -> None:
        return None

    app = Starlite([handler])
    serializer = get_serializer_from_scope({"app": app, "route_handler": handler})
    assert serializer is not None
    assert serializer(Decimal("1.5")) == "D1.5"


def test_serializer_of_a_response_class_that_overrides_serializer() -> None:
    class ShoutingResponse(Response[Any]):
        @staticmethod
        def serializer(value: Any) -> Any:
            return str(value).upper()

    app = Starlite([], response_class=ShoutingResponse)
    # A handler that does not resolve a response class itself (an ASGI handler, say) uses the app's.
    assert get_serializer_from_scope({"app": app, "route_handler": object()}) is ShoutingResponse.serializer


def test_no_serializer_without_a_response_class() -> None:
    assert get_serializer_from_scope({"app": Starlite([]), "route_handler": object()}) is None
