"""OpenAPI: the schema of an application, the documentation pages that show it, and helpers around it.

The schema is built from what the app already knows (each handler's kwargs plan, return annotation and
OpenAPI options, and the layers above it) into the OpenAPI 3.1 models of ``openapi-pydantic``. It is
built on first use (``app.openapi_schema``, or the first request to ``/schema``), not at start-up, so
an app that never serves its schema never pays for it.
"""
