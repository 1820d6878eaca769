"""A small demo application: ``uvicorn demo.app:app --host 127.0.0.1 --port 8000``.

``/`` is a page rendered from ``templates/index.html`` (Jinja), its stylesheet served from ``static/``;
the todos it lists live in the JSON API under ``/api/todos``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from uuid import UUID, uuid4

from starlite import (
    Controller,
    MediaType,
    NotFoundException,
    Router,
    Starlite,
    State,
    StaticFilesConfig,
    Template,
    TemplateConfig,
    WebSocket,
    delete,
    get,
    post,
    websocket,
)
from starlite.contrib.jinja import JinjaTemplateEngine
from starlite.exceptions import WebSocketDisconnect

HERE = Path(__file__).resolve().parent


@dataclass
class Todo:
    title: str
    done: bool = False
    id: UUID | None = None


class TodoController(Controller):
    path = "/todos"

    @get()
    async def list_todos(self, state: State) -> list[Todo]:
        return list(state.todos.values())

    @post()
    async def add_todo(self, data: Todo, state: State) -> Todo:
        data.id = uuid4()
        state.todos[data.id] = data
        return data

    @get("/{todo_id:uuid}", name="todo", raises=[NotFoundException])
    async def get_todo(self, todo_id: UUID, state: State) -> Todo:
        if todo_id not in state.todos:
            raise NotFoundException(f"No todo with id {todo_id}")
        return state.todos[todo_id]  # type: ignore[no-any-return]

    @delete("/{todo_id:uuid}")
    async def remove_todo(self, todo_id: UUID, state: State) -> None:
        state.todos.pop(todo_id, None)


@get("/", include_in_schema=False)
async def index(state: State) -> Template:
    return Template(name="index.html", context={"todos": list(state.todos.values())})


@get("/health-check", media_type=MediaType.TEXT, name="health-check")
def health_check() -> str:
    return "healthy"


@websocket("/echo")
async def echo(socket: WebSocket) -> None:
    await socket.accept()
    try:
        while True:
            await socket.send_text(await socket.receive_text())
    except WebSocketDisconnect:
        return


def create_store(state: State) -> None:
    state.todos = {}


app = Starlite(
    route_handlers=[index, health_check, echo, Router("/api", route_handlers=[TodoController])],
    on_startup=[create_store],
    template_config=TemplateConfig(directory=HERE / "templates", engine=JinjaTemplateEngine),
    static_files_config=StaticFilesConfig(path="/static", directories=[HERE / "static"], name="static"),
)
