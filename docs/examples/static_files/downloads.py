"""Guarded downloads from a file system of fsspec's: here its memory file system."""

from fsspec.implementations.memory import MemoryFileSystem

from starlite import ASGIConnection, NotAuthorizedException, Starlite, StaticFilesConfig
from starlite.handlers import BaseRouteHandler
from starlite.testing import TestClient

reports = MemoryFileSystem()
reports.pipe("/reports/2024/q1.csv", b"month,total\njan,10\nfeb,12\nmar,9\n")


def members_only(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    if connection.headers.get("x-member") != "yes":
        raise NotAuthorizedException("members only")


app = Starlite(
    route_handlers=[],
    static_files_config=StaticFilesConfig(
        path="/downloads",
        directories=["/reports"],  # a folder of the memory file system, not of the disk
        file_system=reports,
        send_as_attachment=True,  # the browser saves the file instead of showing it
        guards=[members_only],
    ),
)


def test_members_download_the_report() -> None:
    with TestClient(app=app) as client:
        refused = client.get("/downloads/2024/q1.csv")
        report = client.get("/downloads/2024/q1.csv", headers={"X-Member": "yes"})
    assert refused.status_code == 401
    assert report.headers["content-disposition"] == 'attachment; filename="q1.csv"'
    assert report.text.startswith("month,total")
