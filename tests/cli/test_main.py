"""``python -m starlite``, the ``starlite`` script, the missing-extra message, and what ``import starlite`` loads."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import starlite.cli.main
from starlite.utils.cli import CLI_INIT_CALLBACKS, on_cli_init


def run_python(code: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd)


def test_python_dash_m_starlite(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "starlite", "--help"], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert result.stdout.startswith("Usage: starlite [OPTIONS] COMMAND [ARGS]...")
    for command in ("info", "routes", "run", "schema", "sessions"):
        assert f"\n  {command} " in result.stdout


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "starlite"
    assert script.is_file()
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("Usage: starlite ")


@pytest.mark.parametrize("package", ["click", "rich"])
def test_without_the_extra_the_command_says_what_to_install(package: str) -> None:
    # ``None`` in sys.modules makes ``import <package>`` fail as if it were not installed.
    result = run_python(
        f"import sys; sys.modules[{package!r}] = None; from starlite.__main__ import run_cli; run_cli()"
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: Package {package!r} is not installed but required. You can install it by running "
        f"'pip install starlite[standard]' to install starlite with the required extra or "
        f"'pip install {package}' to install the package separately\n"
    )


def test_import_starlite_loads_no_command_line_package() -> None:
    code = (
        "import sys, starlite\n"
        "app = starlite.Starlite([])\n"
        "print(sorted(name for name in ('click', 'rich', 'uvicorn', 'dotenv', 'starlite.cli') if name in sys.modules))"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_on_cli_init_callbacks_see_the_root_group() -> None:
    @click.command("hello")
    def hello() -> None:
        click.echo("hello from a plugin")

    registered = on_cli_init(lambda group: group.add_command(hello))
    try:
        group = importlib.reload(starlite.cli.main).starlite_group
        result = CliRunner().invoke(group, ["hello"])
        assert (result.exit_code, result.output) == (0, "hello from a plugin\n")
    finally:
        CLI_INIT_CALLBACKS.remove(registered)
        importlib.reload(starlite.cli.main)
