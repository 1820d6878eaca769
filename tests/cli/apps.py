"""The app files the CLI tests write into their project directory."""

INSTANCE = """
from starlite import Starlite, get

@get("/")
def hello() -> str:
    return "hello"

app = Starlite([hello])
"""

CREATE_APP = """
from starlite import Starlite

def create_app():
    return Starlite([])
"""

ANNOTATED_FACTORY = """
from starlite import Starlite

def build() -> Starlite:
    return Starlite([])
"""

ANNOTATED_FACTORY_FUTURE = """
from __future__ import annotations

from starlite import Starlite

def build() -> Starlite:
    return Starlite([])
"""
