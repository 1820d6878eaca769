"""Download the npm tarballs the browser test serves the documentation pages' assets from.

``tests/openapi/test_pages_browser.py`` opens Swagger UI, Redoc and Stoplight Elements in headless
Chromium with no CDN to reach; it reads their JavaScript and CSS from these tarballs. Each is pinned
and checked against the registry's integrity hash; a file already in the cache is checked, not fetched
again. Usage: ``python3 .ci/fetch_npm_assets.py [cache-dir]`` (``.ci/cache/npm`` by default).
"""

from __future__ import annotations

import base64
import hashlib
import sys
import time
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
# file name in the cache (as ``npm pack`` names it), registry path, integrity (from ``npm view``)
TARBALLS = (
    (
        "swagger-ui-dist-4.15.5.tgz",
        "swagger-ui-dist/-/swagger-ui-dist-4.15.5.tgz",
        "sha512-V3eIa28lwB6gg7/wfNvAbjwJYmDXy1Jo1POjyTzlB6wPcHiGlRxq39TSjYGVjQrUSAzpv+a7nzp7mDxgNy57xA==",
    ),
    (
        "redoc-2.0.0.tgz",
        "redoc/-/redoc-2.0.0.tgz",
        "sha512-rU8iLdAkT89ywOkYk66Mr+IofqaMASlRvTew0dJvopCORMIPUcPMxjlJbJNC6wsn2vvMnpUFLQ/0ISDWn9BWag==",
    ),
    (
        "stoplight-elements-7.7.6.tgz",
        "@stoplight/elements/-/elements-7.7.6.tgz",
        "sha512-eDNBjTev5taGGmk7WZHQcNwYak3Bejk6G6OY4YA1+TbZ+Rz8Jox+MDs+6LWj+Ov/mWhlrzpnvEqQ/3mnqdD1uA==",
    ),
)


def integrity(data: bytes) -> str:
    """The npm ``dist.integrity`` of ``data``."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch(url: str) -> bytes:
    """``url``'s body, tried three times."""
    for attempt in range(3):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                data: bytes = response.read()
                return data
        except OSError:
            if attempt == 2:
                raise
            time.sleep(2 * (attempt + 1))
    raise AssertionError("unreachable")


def main() -> None:
    """Fill the cache directory."""
    cache = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "cache" / "npm")
    cache.mkdir(parents=True, exist_ok=True)
    for name, path, expected in TARBALLS:
        target = cache / name
        data = target.read_bytes() if target.is_file() else fetch(f"{REGISTRY}/{path}")
        if integrity(data) != expected:
            target.unlink(missing_ok=True)
            sys.exit(f"{name}: integrity {integrity(data)} is not the pinned {expected}")
        if not target.is_file():
            partial = target.with_suffix(".part")
            partial.write_bytes(data)
            partial.replace(target)
        print(f"{name}: ok")


if __name__ == "__main__":
    main()
