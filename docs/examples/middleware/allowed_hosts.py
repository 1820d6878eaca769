"""Answering only requests addressed to the application's own host names."""

from starlite import AllowedHostsConfig, Starlite, get
from starlite.testing import TestClient


@get("/")
def home() -> str:
    return "welcome"


@get("/healthz", opt={"any_host": True})
def health() -> str:
    # Load balancers probe by IP address: this handler opts out of the check.
    return "ok"


app = Starlite(
    route_handlers=[home, health],
    allowed_hosts=AllowedHostsConfig(
        allowed_hosts=["www.example.com", "*.api.example.com"],
        exclude_opt_key="any_host",
    ),
)


def test_hosts() -> None:
    with TestClient(app=app) as client:
        assert client.get("/", headers={"Host": "www.example.com"}).text == "welcome"
        assert client.get("/", headers={"Host": "eu.api.example.com"}).text == "welcome"
        # Any other host: a 400, and no handler runs.
        refused = client.get("/", headers={"Host": "attacker.example.org"})
        assert refused.status_code == 400
        assert refused.json()["detail"] == "Invalid host header"
        # The bare domain is sent to its www. host (www_redirect, on by default).
        moved = client.get("/", headers={"Host": "example.com"}, follow_redirects=False)
        assert moved.headers["location"] == "http://www.example.com/"
        assert client.get("/healthz", headers={"Host": "10.0.0.7"}).text == "ok"
