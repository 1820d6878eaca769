"""At most five requests an hour from each client, the health check left out."""

import pytest

from starlite import MediaType, Starlite, get
from starlite.middleware import RateLimitConfig
from starlite.testing import TestClient

rate_limit_config = RateLimitConfig(
    rate_limit=("hour", 5),
    # Handlers whose opt holds a truthy "no_rate_limit" are neither limited nor counted.
    exclude_opt_key="no_rate_limit",
)


@get("/quote", media_type=MediaType.TEXT)
def quote() -> str:
    return "Simple is better than complex."


@get("/health", no_rate_limit=True)
def health() -> dict[str, str]:
    return {"status": "up"}


# The counts live in the app's cache: in memory by default, shared by every worker process with a
# Redis or memcached cache (cache_config=CacheConfig(backend=...)).
app = Starlite(route_handlers=[quote, health], middleware=[rate_limit_config.middleware])


# The tests share the app: each starts with nothing counted, on a clock that stands still.
pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


def test_the_sixth_request_of_the_hour_is_refused() -> None:
    with TestClient(app=app) as client:
        served = [client.get("/quote") for _ in range(5)]
        refused = client.get("/quote")
    assert [response.status_code for response in served] == [200] * 5
    assert [response.headers["RateLimit-Remaining"] for response in served] == ["4", "3", "2", "1", "0"]
    assert served[0].headers["RateLimit-Policy"] == "5; w=3600"
    assert refused.status_code == 429
    assert refused.json()["detail"] == "Rate limit exceeded: at most 5 requests per hour"
    # Seconds until the hour of the clock ends, when the client may ask again.
    assert refused.headers["Retry-After"] == refused.headers["RateLimit-Reset"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 3600


def test_the_health_check_is_never_limited() -> None:
    with TestClient(app=app) as client:
        assert all(client.get("/health").status_code == 200 for _ in range(10))
