"""Serving the built help center: each language's 404 page, long caching for hashed assets."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from demo import catalog
from demo.feedback_routes import FEEDBACK_META

HASHED_ASSET = re.compile(r"^assets/.+\.[0-9a-f]{8}\.min\.(js|css)$")
"""Material's bundles carry a content hash in their name: they can be cached for a year."""

LANGUAGE_FOLDERS = tuple(code for code in catalog.LANGUAGES if code != catalog.DEFAULT_LANGUAGE)
"""Languages served below their own folder; the default language is at the root."""


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
            if path.endswith(".html") or path.endswith("/") or path == ".":
                return _listening(response)
            response.headers["Cache-Control"] = (
                "public, max-age=31536000, immutable" if HASHED_ASSET.match(path) else "no-cache"
            )
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
    headers = {"Cache-Control": "no-cache"}
    if "etag" in page.headers:
        headers["ETag"] = page.headers["etag"]
    return HTMLResponse(html, status_code=page.status_code, headers=headers)
