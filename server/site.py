"""Serving the built help center: each language's 404 page, long caching for hashed assets, and
each page's Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from content import catalog
from feedback.routes import FEEDBACK_META

HASHED_ASSET = re.compile(r"^assets/.+\.[0-9a-f]{8}\.min\.(js|css)$")
"""Material's bundles carry a content hash in their name: they can be cached for a year."""

LANGUAGE_FOLDERS = tuple(code for code in catalog.LANGUAGES if code != catalog.DEFAULT_LANGUAGE)
"""Languages served below their own folder; the default language is at the root."""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
"""The help center's policy (SECURITY.md "Sessions, CSRF, headers"), before each page adds the
hashes of its own inline scripts and <style> blocks (``policy_for``). Images may be data: URLs,
the way Material's stylesheets carry its SVG icons. The search worker and its index come under
'self' (script-src, then default-src). Style attributes stay refused (the built pages have none,
and Material's script sets styles through the CSSOM, which the policy allows)."""

STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/json\")[^>]*>(.*?)</script>", re.S)
"""A script written into the page (not a file, not the JSON of Material's __config, which is data)."""


class SiteFiles(StaticFiles):
    """The MkDocs output folder, as a reader's browser expects it."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404:
                raise
            return self._not_found(path)
        if response.status_code == 404:  # Starlette's html mode answers with the root 404.html
            return self._not_found(path)
        if isinstance(response, FileResponse) and response.status_code == 200:
            if str(response.path).endswith(".html"):  # a page, /en/ (en/index.html) included
                return _listening(response)
            response.headers["Cache-Control"] = (
                "public, max-age=31536000, immutable" if HASHED_ASSET.match(path) else "no-cache"
            )
        return response

    def file_response(self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        if response.status_code == 304 and str(full_path).endswith(".html"):
            # The browser shows its stored page with the headers of this answer: the page's own policy.
            response.headers["Content-Security-Policy"] = policy_for(Path(full_path).read_text(encoding="utf-8"))
        return response

    def _not_found(self, path: str) -> Response:
        folder = path.split("/", 1)[0]
        page = f"{folder}/404.html" if folder in LANGUAGE_FOLDERS else "404.html"
        full_path, stat = self.lookup_path(page)
        if stat is None:
            return Response("Not found", status_code=404, media_type="text/plain")
        return _listening(FileResponse(full_path, status_code=404, stat_result=stat))


def _listening(page: FileResponse) -> Response:
    """The page with a mark that this server takes feedback: a static host sends the file as built,
    and there the feedback widgets stay hidden (and send nothing). The file's ETag goes with it,
    so a browser revalidates instead of downloading again."""
    html = Path(page.path).read_text(encoding="utf-8").replace("</head>", f"{FEEDBACK_META}</head>", 1)
    headers = {"Cache-Control": "no-cache", "Content-Security-Policy": policy_for(html)}
    if "etag" in page.headers:
        headers["ETag"] = page.headers["etag"]
    return HTMLResponse(html, status_code=page.status_code, headers=headers)


def policy_for(html: str) -> str:
    """The help center's policy for one page: its inline scripts and <style> blocks allowed by their
    SHA-256 (CSP 2, hash-source), and nothing else inline. Material writes three small scripts into
    every page (partials/javascripts/base.html and content.html: its storage helpers and the content
    tabs) and one <style> block for the icon set in mkdocs.yml (partials/icons.html). Hashing what
    the build wrote keeps Material's templates untouched, and a changed script in a later Material
    is allowed exactly as it is built."""
    return CONTENT_SECURITY_POLICY.replace(
        "script-src 'self'", f"script-src 'self'{_hash_sources(INLINE_SCRIPT.findall(html))}", 1
    ).replace("style-src 'self'", f"style-src 'self'{_hash_sources(STYLE_BLOCK.findall(html))}", 1)


def _hash_sources(blocks: list[str]) -> str:
    digests = (hashlib.sha256(block.encode("utf-8")).digest() for block in dict.fromkeys(blocks))
    return "".join(f" 'sha256-{base64.b64encode(digest).decode('ascii')}'" for digest in digests)
