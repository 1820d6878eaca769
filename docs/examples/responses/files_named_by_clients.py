"""Serving a file that the client names: resolve the path, then make sure it is still inside the folder."""

from pathlib import Path

import pytest

from starlite import File, Starlite, get
from starlite.exceptions import NotFoundException
from starlite.testing import TestClient

DOWNLOADS = Path(__file__).with_name("downloads").resolve()


def file_inside(folder: Path, name: str) -> Path:
    """Return the file ``name`` names inside ``folder``; anything else is a 404."""
    # A ``path`` parameter starts with "/", and "/etc/passwd" joined to a folder is "/etc/passwd":
    # strip it. "\x00" (from "%00") names no file at all.
    if "\x00" in name:
        raise NotFoundException()
    # resolve() applies every "..", absolute part and symbolic link; only then can the result be
    # compared with the folder. Checking the text of ``name`` for ".." is not enough: "%2e%2e"
    # and "..%2f" arrive decoded, and a symbolic link inside the folder may point out of it.
    candidate = (folder / name.lstrip("/")).resolve()
    if not candidate.is_relative_to(folder) or not candidate.is_file():
        raise NotFoundException()
    return candidate


@get("/downloads/{name:path}")
def download(name: str) -> File:
    path = file_inside(DOWNLOADS, name)
    return File(path=path, filename=path.name)


app = Starlite(route_handlers=[download])


def test_a_file_in_the_folder_is_served() -> None:
    with TestClient(app=app) as client:
        response = client.get("/downloads/notes.txt")
    assert response.status_code == 200
    assert response.text == (DOWNLOADS / "notes.txt").read_text()


@pytest.mark.parametrize(
    "url",
    [
        "/downloads/%2e%2e/files_named_by_clients.py",  # "..", encoded so no client removes it
        "/downloads/..%2ffiles_named_by_clients.py",  # an encoded "/" after ".."
        "/downloads/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fhostname",
        "/downloads//etc/hostname",  # an absolute path
        "/downloads/%2Fetc%2Fhostname",
        "/downloads/notes.txt%00.png",  # a NUL character
        "/downloads/",  # the folder itself
        "/downloads/missing.txt",
    ],
)
def test_nothing_outside_the_folder_is_served(url: str) -> None:
    with TestClient(app=app) as client:
        response = client.get(url)
    assert response.status_code == 404
    assert "files_named_by_clients" not in response.text


def test_a_symbolic_link_pointing_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "public"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (folder / "link.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(NotFoundException):
        file_inside(folder, "/link.txt")
