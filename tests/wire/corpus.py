"""Raw bytes over a real socket: the client that sends the corpus (``cases.py``), and each verdict.

Every case is sent twice at once, to the starlite app and to the control (a bare ASGI app) behind two
uvicorns started with the same options (``tests/wire/apps.py``). What the control gets is uvicorn's
own doing; what differs on the starlite side is ours. A case is **our fault** when the starlite side:

- answers 5xx;
- answers a 4xx of its own (the app was reached) without a JSON body naming the problem;
- logs a traceback or an error line that the control's log does not have;
- gives no answer where the control answered (a hang): within ``ANSWER_BOUND`` seconds, and again
  within ``SLOW_ANSWER_BOUND`` when the case is played to it once more;
- still holds a task or an unfinished stream ``SETTLE_BOUND`` seconds after the client is gone;
- grows by more than half of a stream its client does not read (no back-pressure).

Anything else that differs is recorded: the control accepts every body, so a 4xx of ours against its
200 is the app refusing bad input, and an answer given by uvicorn (the app never reached) is uvicorn's.

``python -m tests.wire.corpus [--http h11|httptools]`` runs the corpus and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import struct
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

import h11
import httpx

from starlite.testing.live_server import LiveServer
from tests.wire.cases import Case, corpus

ANSWER_BOUND = 1.5  # seconds to wait for an answer: the apps answer in milliseconds
# A case the starlite side left unanswered where the control answered is played to it once more, alone,
# with this bound: on a loaded machine (both servers share two cores with the test) an answer can take
# over ANSWER_BOUND. Only the cases that hang on both sides (a body that never comes) wait ANSWER_BOUND,
# and there are a few of them: waiting this long for every case would cost seconds per run.
SLOW_ANSWER_BOUND = 5.0
SETTLE_BOUND = 5.0  # seconds for the server to finish the work of a case once the client is gone
STARLITE_APP = "tests.wire.apps:app"
CONTROL_APP = "tests.wire.apps:control"


@dataclass
class Outcome:
    """What one server did with one case."""

    statuses: list[int] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    content_types: list[str] = field(default_factory=list)
    ended: str = ""  # "answered", "closed by server", "no answer", "reset by server", "client left"
    reached_app: int = 0  # requests that reached the app
    log: list[str] = field(default_factory=list)
    unsettled: str = ""  # what was still running after SETTLE_BOUND
    rss_growth_kb: int | None = None
    read_bytes: int | None = None  # what a client that leaves mid-answer read

    def status_classes(self) -> list[int]:
        """The answers' classes: 2 for 2xx, 4 for 4xx..."""
        return [status // 100 for status in self.statuses]

    def summary(self) -> str:
        """A short description for the report table."""
        answer = ",".join(str(status) for status in self.statuses) or "-"
        app = f", app x{self.reached_app}" if self.reached_app else ", app not called"
        extra = f", read {self.read_bytes} B" if self.read_bytes is not None else ""
        if self.rss_growth_kb is not None:
            extra += f", RSS {self.rss_growth_kb:+} kB while stalled"
        return f"{answer} {self.ended}{extra}{app}"


@dataclass
class Verdict:
    """A case's two outcomes, and what on the starlite side (if anything) is our fault."""

    case: Case
    starlite: Outcome
    control: Outcome
    faults: list[str]

    @property
    def difference(self) -> str:
        """How the starlite side differs from the control, in words."""
        if (
            self.starlite.status_classes() == self.control.status_classes()
            and self.starlite.ended == self.control.ended
        ):
            if not self.starlite.reached_app:
                return "same: uvicorn's (app not called)"
            return "same"
        if self.starlite.statuses and self.control.statuses and not self.control.reached_app:
            return "uvicorn's"
        if (
            self.starlite.statuses
            and 400 <= self.starlite.statuses[0] < 500
            and self.control.statuses
            and self.control.statuses[0] < 300
        ):
            return "starlite refuses (the control reads any body)"
        return "differs"


# -- the server side ----------------------------------------------------------------------------------


def open_fds(pid: int) -> int:
    """The number of file descriptors the process holds."""
    return len(os.listdir(f"/proc/{pid}/fd"))


def rss_kb(pid: int) -> int:
    """The process's resident memory, in kB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


class Served:
    """One uvicorn process serving one app, with its log cut into per-case slices."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.pid = server.pid or 0
        self.port = server.port
        self.log_seen = 0
        self.requests = 0  # requests that reached the app, as of the last ``state``
        self.baseline_tasks = self.state()["tasks"]
        self.take_log()

    def state(self, mark: str = "") -> dict[str, int]:
        """The app's counters; ``requests`` counts the request asking for them too."""
        answer = httpx.get(f"{self.server.url}/_state", params={"mark": mark} if mark else {}, timeout=5)
        answer.raise_for_status()
        state: dict[str, int] = answer.json()
        self.requests = state["requests"]
        return state

    def take_log(self, mark: str = "") -> list[str]:
        """The log lines written since the last slice, up to ``mark``'s line when given."""
        deadline = time.monotonic() + SETTLE_BOUND
        while True:
            lines = self.server.output.splitlines()
            if not mark or f"wire-mark {mark}" in lines[self.log_seen :] or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        new = lines[self.log_seen :]
        self.log_seen = len(lines)
        return [line for line in new if not line.startswith("wire-mark ")]

    def settle(self, mark: str) -> tuple[int, str]:
        """Wait until the case's work is over: how many of its requests reached the app, what is left."""
        deadline = time.monotonic() + SETTLE_BOUND
        before = self.requests
        reached = None
        while True:
            state = self.state(mark)
            if reached is None:
                reached = state["requests"] - before - 1
            left = []
            if state["tasks"] > self.baseline_tasks:
                left.append(f"{state['tasks'] - self.baseline_tasks} task(s)")
            if state["streams_open"]:
                left.append(f"{state['streams_open']} stream(s) open")
            if not left or time.monotonic() > deadline:
                return reached, ", ".join(left)
            time.sleep(0.05)


# -- the client side ----------------------------------------------------------------------------------


def read_answers(sock: socket.socket, outcome: Outcome, wanted: int, deadline: float, method: bytes) -> None:
    """Read up to ``wanted`` complete answers, or until the server closes or the deadline passes."""
    # h11 parses answers to requests it has sent: send it one of the same method (HEAD has no body).
    method = b"HEAD" if method == b"HEAD" else b"GET"
    parser = h11.Connection(h11.CLIENT)
    parser.send(h11.Request(method=method, target="/", headers=[("Host", "wire")]))
    parser.send(h11.EndOfMessage())
    body = b""
    while True:
        try:
            event = parser.next_event()
        except h11.RemoteProtocolError as error:
            outcome.ended = f"unparsable answer ({error})"
            return
        if event is h11.NEED_DATA:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                outcome.ended = "no answer" if not outcome.statuses else "answer cut"
                return
            sock.settimeout(remaining)
            try:
                data = sock.recv(65536)
            except TimeoutError:
                continue
            except ConnectionResetError:
                outcome.ended = "reset by server"
                return
            if not data:
                outcome.ended = "closed by server" if len(outcome.statuses) < wanted else "answered"
                parser.receive_data(b"")
                if not outcome.statuses:
                    return
                continue
            parser.receive_data(data)
        elif isinstance(event, h11.Response):
            outcome.statuses.append(event.status_code)
            content_type = dict(event.headers).get(b"content-type", b"").decode("latin-1")
            outcome.content_types.append(content_type)
            body = b""
        elif isinstance(event, h11.Data):
            body += bytes(event.data)
        elif isinstance(event, h11.EndOfMessage):
            outcome.bodies.append(body)
            if len(outcome.statuses) >= wanted:
                outcome.ended = "answered"
                return
            parser.start_next_cycle()
            parser.send(h11.Request(method="GET", target="/", headers=[("Host", "wire")]))
            parser.send(h11.EndOfMessage())
        elif isinstance(event, h11.ConnectionClosed):
            if not outcome.ended:
                outcome.ended = "closed by server"
            return
        # h11.InformationalResponse (100 Continue): read on


def leave(sock: socket.socket, reset: bool) -> None:
    if reset:
        # SO_LINGER on, zero seconds: close() sends RST instead of FIN.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def drive(case: Case, served: Served, answer_bound: float = ANSWER_BOUND) -> Outcome:
    """Play one case against one server; the outcome lacks the log and settle figures."""
    outcome = Outcome()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if case.then == "stall":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", served.port))
    try:
        for index, piece in enumerate(case.pieces):
            if index:
                time.sleep(0.05)
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                break  # the server has answered and closed: read what it said
        deadline = time.monotonic() + answer_bound
        if case.then in ("close", "reset"):
            outcome.ended = "client left"
            leave(sock, case.then == "reset")
        elif case.then == "stall":
            before = rss_kb(served.pid)
            time.sleep(case.stall)
            outcome.rss_growth_kb = rss_kb(served.pid) - before
            outcome.ended = "client left"
            leave(sock, reset=False)
        elif case.then.startswith("read-some"):
            received = b""
            sock.settimeout(answer_bound)
            try:
                while len(received) < case.read_bytes:
                    data = sock.recv(65536)
                    if not data:
                        break
                    received += data
            except (TimeoutError, ConnectionResetError):
                pass
            outcome.read_bytes = len(received)
            if status := re.match(rb"HTTP/1\.[01] (\d{3})", received):
                outcome.statuses.append(int(status.group(1)))
            outcome.ended = "client left mid-answer"
            leave(sock, case.then.endswith("reset"))
        else:
            if case.then == "half-close":
                sock.shutdown(socket.SHUT_WR)
            read_answers(sock, outcome, case.answers, deadline, case.pieces[0].split(b" ", 1)[0])
            leave(sock, reset=False)
    finally:
        sock.close()
    return outcome


def judge(case: Case, starlite: Outcome, control: Outcome) -> list[str]:
    """What, on the starlite side, is our fault."""
    faults = []
    head = case.pieces[0].startswith(b"HEAD ")  # an answer to HEAD has no body to name anything
    for status, body, content_type in zip(
        starlite.statuses, starlite.bodies, starlite.content_types, strict=False
    ):
        if status >= 500:
            faults.append(f"answered {status}")
        elif status >= 400 and starlite.reached_app and status not in control.statuses and not head:
            try:
                decoded = json.loads(body) if "json" in content_type else None
            except ValueError:
                decoded = None
            detail = decoded.get("detail") if isinstance(decoded, dict) else None
            if not detail:
                faults.append(f"{status} without a JSON body naming the problem: {body[:200]!r}")
    if starlite.statuses and 500 <= starlite.statuses[0] and not starlite.bodies:
        faults.append(f"answered {starlite.statuses[0]}")
    if starlite.ended == "no answer" and control.ended != "no answer":
        faults.append(
            f"no answer within {ANSWER_BOUND} s, then {SLOW_ANSWER_BOUND} s, where the control answered "
            f"{control.summary()}"
        )
    errors = [line for line in starlite.log if is_error(line)]
    control_errors = {line for line in control.log if is_error(line)}
    if errors and not control_errors:
        faults.append("logged: " + " | ".join(errors[:6]))
    if starlite.unsettled and not control.unsettled:
        faults.append(f"still running {SETTLE_BOUND} s after the client left: {starlite.unsettled}")
    if starlite.rss_growth_kb is not None and starlite.rss_growth_kb > 100_000:
        faults.append(f"grew {starlite.rss_growth_kb} kB while the client did not read")
    return faults


def is_error(line: str) -> bool:
    return line.startswith(("ERROR", "CRITICAL", "Traceback")) or "Exception in ASGI application" in line


def run_case(case: Case, starlite: Served, control: Served, pool: ThreadPoolExecutor) -> Verdict:
    """Send ``case`` to both servers at once and judge the starlite side."""
    outcomes = list(pool.map(lambda served: drive(case, served), (starlite, control)))
    for served, outcome in zip((starlite, control), outcomes, strict=True):
        _settle(case, served, outcome)
    first = outcomes[0]
    if first.ended == "no answer" and outcomes[1].ended != "no answer":
        # Silent where the control answered: a hang, or a loaded machine. Played again with the
        # longer bound; what the first play logged or left running still counts.
        again = _settle(case, starlite, drive(case, starlite, SLOW_ANSWER_BOUND))
        again.log = first.log + again.log
        again.unsettled = first.unsettled or again.unsettled
        outcomes[0] = again
    return Verdict(case, outcomes[0], outcomes[1], judge(case, *outcomes))


def _settle(case: Case, served: Served, outcome: Outcome) -> Outcome:
    """Complete ``outcome`` with how many requests reached the app, what is left running, and the log."""
    mark = f"{case.name}-{time.monotonic_ns()}"
    outcome.reached_app, outcome.unsettled = served.settle(mark)
    outcome.log = served.take_log(mark)
    return outcome


@contextmanager
def servers(http: str) -> Iterator[tuple[Served, Served]]:
    """The starlite app and the control, each behind its own uvicorn with the same options."""
    options = ["--http", http, "--no-access-log", "--timeout-graceful-shutdown", "2"]
    with ExitStack() as stack:
        pair = []
        for target in (STARLITE_APP, CONTROL_APP):
            server = stack.enter_context(LiveServer(target, uvicorn_options=options))
            pair.append(Served(server))
        yield pair[0], pair[1]


def run_corpus(starlite: Served, control: Served, cases: list[Case] | None = None) -> list[Verdict]:
    """Every case, one after another, each on both servers at once."""
    with ThreadPoolExecutor(2) as pool:
        return [run_case(case, starlite, control, pool) for case in cases or corpus()]


def table(verdicts: list[Verdict]) -> str:
    """The results as a Markdown table."""
    rows = ["| case | control (bare ASGI) | starlite | verdict |", "| --- | --- | --- | --- |"]
    for verdict in verdicts:
        result = "OURS: " + "; ".join(verdict.faults) if verdict.faults else verdict.difference
        rows.append(
            f"| {verdict.case.name} | {verdict.control.summary()} | {verdict.starlite.summary()} | {result} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--http", default="httptools", choices=["h11", "httptools"])
    parser.add_argument("--match", default="", help="only the cases whose name holds this")
    arguments = parser.parse_args()
    cases = [case for case in corpus() if arguments.match in case.name]
    with servers(arguments.http) as (starlite, control):
        fds_before = open_fds(starlite.pid), open_fds(control.pid)
        started = time.monotonic()
        verdicts = run_corpus(starlite, control, cases)
        elapsed = time.monotonic() - started
        fds_after = open_fds(starlite.pid), open_fds(control.pid)
    print(table(verdicts))
    for verdict in verdicts:
        for line in verdict.starlite.log:
            print(f"  starlite log, {verdict.case.name}: {line}")
    print(
        f"\n{len(verdicts)} cases in {elapsed:.1f} s; fds starlite {fds_before[0]} -> {fds_after[0]}, control {fds_before[1]} -> {fds_after[1]}"
    )
    print(f"our faults: {sum(bool(verdict.faults) for verdict in verdicts)}")


if __name__ == "__main__":
    main()
