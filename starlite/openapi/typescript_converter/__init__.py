"""TypeScript types of an app's OpenAPI schema: ``converter.convert_openapi_to_typescript``.

The modules of this package import openapi-pydantic; ``import starlite`` does not import them.
"""
