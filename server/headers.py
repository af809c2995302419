"""Every response header policy of the server, in one module (SECURITY.md "Sessions, CSRF, headers").

``ProtectionHeaders`` wraps the whole application, outside its own error handling, so every
answer carries them whatever wrote it and whatever its status: a page, the origin check's 403,
a 413 for a body, a 404, a 500. What each part of the site gets:

    /demo/...       the demo's policy, never stored (keys, codes and tickets); its static files may be
    /feedback/...   the help center's policy, never stored
    anything else   the help center's policy, with the page's own hashes (``for_page``); hashed
                    bundles cached for a year, everything else revalidated
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import health

DEMO_POLICY = (  # data: images: Material's icons are SVG data URLs in its stylesheet
    "default-src 'self'; script-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
HELP_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
"""The help center's policy, before each page adds the hashes of its own inline scripts and
<style> blocks (``for_page``). Images may be data: URLs, the way Material's stylesheets carry its
SVG icons. The search worker and its index come under 'self' (script-src, then default-src).
Style attributes stay refused (the built pages have none, and Material's script sets styles
through the CSSOM, which the policy allows)."""

PROTECTION = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    # frame-ancestors 'none' (in both policies) for browsers without CSP 2: IE 11 and Edge's IE
    # mode, still run in Japanese offices, honour only this header. No cost: nothing frames us.
    "X-Frame-Options": "DENY",
}

HASHED_ASSET = re.compile(r"^/(?:[a-z]{2}/)?assets/.+\.[0-9a-f]{8}\.min\.(js|css)$")
"""Material's bundles carry a content hash in their name: they can be cached for a year."""

STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/json\")[^>]*>(.*?)</script>", re.S)
"""A script written into the page (not a file, not the JSON of Material's __config, which is data)."""


def for_page(html: str) -> dict[str, str]:
    """The help center's policy for one page: its inline scripts and <style> blocks allowed by their
    SHA-256 (CSP 2, hash-source), and nothing else inline. Material writes four small scripts into
    every page (partials/javascripts/base.html and content.html: its storage helpers and the content
    tabs; partials/palette.html: the colour scheme the reader chose) and one <style> block for the
    icon set in mkdocs.yml (partials/icons.html). Hashing what the build wrote keeps Material's
    templates untouched, and a changed script in a later Material is allowed exactly as it is
    built."""
    policy = HELP_POLICY.replace(
        "script-src 'self'", f"script-src 'self'{_hash_sources(INLINE_SCRIPT.findall(html))}", 1
    ).replace("style-src 'self'", f"style-src 'self'{_hash_sources(STYLE_BLOCK.findall(html))}", 1)
    return {"Content-Security-Policy": policy}


class ProtectionHeaders:
    """The headers above on every answer of ``app``; a page that brings its own policy keeps it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]

        async def send_protected(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _headers_for(path).items():
                    if name == "Content-Security-Policy":
                        headers.setdefault(name, value)
                    else:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_protected)


def _headers_for(path: str) -> dict[str, str]:
    in_demo = path == "/demo" or path.startswith("/demo/")
    policy = DEMO_POLICY if in_demo else HELP_POLICY
    if (in_demo and not path.startswith("/demo/static/")) or path.startswith("/feedback/") or path in health.PATHS:
        caching = "no-store"
    elif HASHED_ASSET.match(path):
        caching = "public, max-age=31536000, immutable"
    else:
        caching = "no-cache"
    return {"Content-Security-Policy": policy, **PROTECTION, "Cache-Control": caching}


def _hash_sources(blocks: list[str]) -> str:
    digests = (hashlib.sha256(block.encode("utf-8")).digest() for block in dict.fromkeys(blocks))
    return "".join(f" 'sha256-{base64.b64encode(digest).decode('ascii')}'" for digest in digests)
