"""``starlite.kwargs`` and ``starlite.constants``: the 1.5x names of the plan and its helpers."""

import pytest

from starlite import ImproperlyConfiguredException, Provide, Starlite, get
from starlite.constants import RESERVED_KWARGS
from starlite.kwargs import KwargsModel
from starlite.kwargs.dependencies import Dependency, create_dependency_batches


def provider() -> None:
    return None


def test_batches_put_each_dependency_after_those_it_needs() -> None:
    config = Dependency("config", Provide(provider), [])
    engine = Dependency("engine", Provide(provider), [config])
    cache = Dependency("cache", Provide(provider), [])
    repository = Dependency("repository", Provide(provider), [engine, cache])
    # Dependencies reached only through others are batched too.
    assert create_dependency_batches({repository}) == [{config, cache}, {engine}, {repository}]
    assert create_dependency_batches(set()) == []
    assert Dependency("config", Provide(provider), []) == config


def test_dependencies_that_need_each_other_are_refused() -> None:
    first = Dependency("first", Provide(provider), [])
    second = Dependency("second", Provide(provider), [first])
    first.dependencies.append(second)
    with pytest.raises(ImproperlyConfiguredException, match="first, second"):
        create_dependency_batches({first})


def test_kwargs_model_is_the_plan_each_handler_keeps() -> None:
    @get("/")
    def handler(page: int = 1) -> int:
        return page

    Starlite(route_handlers=[handler])
    registered = handler.kwargs_plan
    assert isinstance(registered, KwargsModel)


@pytest.mark.parametrize("name", sorted(RESERVED_KWARGS))
def test_every_reserved_kwarg_is_refused_as_a_dependency_key(name: str) -> None:
    @get("/", dependencies={name: Provide(lambda: 1)})
    def handler() -> None:
        return None

    with pytest.raises(ImproperlyConfiguredException, match="reserved"):
        Starlite(route_handlers=[handler])
