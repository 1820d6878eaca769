"""Starlite 1.5x's ``starlite.kwargs``: the plan of where a handler's keyword arguments come from.

``KwargsModel`` is the name 1.5x gave the plan; here it is the plan itself (``KwargsPlan``), built once
per handler and route and kept as ``handler.kwargs_plan`` and in ``route.route_handler_map``. It can
be named in annotations and ``isinstance`` checks; it is built by ``KwargsPlan.create(handler, fn,
path_parameters)``, not by 1.5x's ``create_for_signature_model``, which needed its pydantic 1
signature models.
"""

from starlite._kwargs.plan import KwargsPlan as KwargsModel

__all__ = ("KwargsModel",)
