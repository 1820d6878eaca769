"""Caching a slow answer, keyed the way the application needs, and a counter in the app's cache."""

from typing import Any

from starlite import CacheConfig, Controller, Request, Starlite, get
from starlite.testing import TestClient

report_runs = 0


def by_path_and_language(request: Request[Any, Any]) -> str:
    # One entry per path, query and language: a cached French report never answers in English.
    query = "&".join(f"{name}={value}" for name, value in sorted(request.query_params.multi_items()))
    return f"{request.url.path}?{query}|{request.headers.get('accept-language', '')}"


class Reports(Controller):
    path = "/reports"
    cache_key_builder = by_path_and_language  # every handler below that caches uses it

    @get("/{year:int}", cache=True)  # kept for the config's expiration (here 300 seconds)
    async def yearly(self, year: int) -> dict[str, int]:
        global report_runs
        report_runs += 1  # stands for a slow query
        return {"year": year, "total": 1200}

    @get("/latest", cache=10)  # kept for 10 seconds
    async def latest(self) -> dict[str, str]:
        return {"latest": "2025"}


@get("/visits")
async def visits(request: Request[Any, Any]) -> dict[str, int]:
    # The app's cache is there for handlers too; with Redis or memcached the count is shared by every
    # process, and increment is atomic.
    return {"visits": await request.app.cache.increment("visits", expiration=3600)}


# Without cache_config the app keeps its cache in memory; pass a Redis or memcached backend to share it:
#   CacheConfig(backend=RedisCacheBackend(RedisCacheBackendConfig(url="redis://localhost:6379/0")))
app = Starlite(route_handlers=[Reports, visits], cache_config=CacheConfig(expiration=300))


def test_the_second_request_is_answered_from_the_cache() -> None:
    global report_runs
    report_runs = 0
    with TestClient(app=app) as client:
        first = client.get("/reports/2024", headers={"Accept-Language": "fr"})
        second = client.get("/reports/2024", headers={"Accept-Language": "fr"})
        english = client.get("/reports/2024", headers={"Accept-Language": "en"})
    assert first.json() == second.json() == english.json() == {"year": 2024, "total": 1200}
    assert report_runs == 2  # French once, English once


def test_the_app_cache_counts_for_handlers() -> None:
    with TestClient(app=app) as client:
        counts = [client.get("/visits").json()["visits"] for _ in range(3)]
    assert counts == [counts[0], counts[0] + 1, counts[0] + 2]
