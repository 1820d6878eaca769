"""``StructLoggingConfig``: structlog, configured as 1.5x did."""

from __future__ import annotations

import json
import sys

import pytest

structlog = pytest.importorskip("structlog")

from starlite import StructLoggingConfig, get  # noqa: E402
from starlite.exceptions import MissingDependencyException  # noqa: E402
from starlite.testing import create_test_client  # noqa: E402
from starlite.utils.serialization import encode_json  # noqa: E402


@pytest.fixture(autouse=True)
def _reset_structlog() -> object:
    yield
    structlog.reset_defaults()


def test_the_default_writes_one_json_object_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    with create_test_client([], logging_config=StructLoggingConfig()) as client:
        client.app.logger.info("started", worker=1)
        client.app.logger.debug("dropped: below INFO")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 1
    assert lines[0]["event"] == "started"
    assert lines[0]["worker"] == 1
    assert lines[0]["level"] == "info"
    assert "timestamp" in lines[0]


def test_processors_can_be_replaced(capsys: pytest.CaptureFixture[str]) -> None:
    config = StructLoggingConfig(processors=[structlog.processors.JSONRenderer(serializer=encode_json)])
    with create_test_client([], logging_config=config) as client:
        client.app.logger.info("one", n=1)
        client.app.logger.info("two", n=2)
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == [
        {"event": "one", "n": 1},
        {"event": "two", "n": 2},
    ]


def test_an_unhandled_exception_is_logged_with_its_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    @get("/")
    def handler() -> None:
        raise ValueError("broken handler")

    with create_test_client(
        [handler], logging_config=StructLoggingConfig(), raise_server_exceptions=False
    ) as client:
        assert client.get("/").status_code == 500
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 1
    assert lines[0]["level"] == "error"
    assert "ValueError: broken handler" in lines[0]["exception"]


def test_structlog_missing_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "structlog", None)
    with pytest.raises(MissingDependencyException, match=r"starlite\[structlog\]"):
        StructLoggingConfig(processors=[]).configure()
