"""The entry point of every measurement subprocess: ``python bench/worker.py MEASURE JOB_JSON``.

``MEASURE`` names a module of this folder (``m1``, ``m2``, ``scale``) whose ``work(job)`` runs one
measurement and returns a JSON-able dict; this prints it as one line, or ``{"error": ...}`` when the
app failed its correctness check or would not import or start. Run as a script, its folder
(``bench/``), not the repository root, is ``sys.path[0]``: a worker on Starlite 1.51's interpreter
imports that venv's ``starlite``, never ours.
"""

import importlib
import json
import sys
import traceback
from typing import Any

from _harness import CheckFailed

MEASURES = ("m1", "m2", "scale")


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in MEASURES:
        print(f"usage: {argv[0]} {{{','.join(MEASURES)}}} JOB_JSON", file=sys.stderr)
        return 2
    job: dict[str, Any] = json.loads(argv[2])
    try:
        result = importlib.import_module(argv[1]).work(job)
    except CheckFailed as exc:
        result = {"error": f"correctness check failed: {exc}"}
    except Exception as exc:  # an app that fails to import or start is reported, not timed
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        result = {"error": f"{type(exc).__name__}: {exc} (at {frame.filename}:{frame.lineno})"}
    if result is not None:
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
