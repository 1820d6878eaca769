"""A small demo application: ``uvicorn demo.app:app --host 127.0.0.1 --port 8000``."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

from starlite import (
    Controller,
    MediaType,
    NotFoundException,
    Router,
    Starlite,
    State,
    WebSocket,
    delete,
    get,
    post,
    websocket,
)
from starlite.exceptions import WebSocketDisconnect


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


@get("/", media_type=MediaType.TEXT)
def index() -> str:
    return "Starlite demo: try /api/todos, /health-check or the websocket at /echo\n"


@get("/health-check", media_type=MediaType.TEXT)
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
)
