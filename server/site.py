"""Serving the built help center: each language's 404 page, and each page with the mark that this
server takes feedback and its own policy (``server.headers.for_page``)."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from content import catalog
from feedback.routes import FEEDBACK_META
from server import headers

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
        if isinstance(response, FileResponse) and response.status_code == 200 and str(response.path).endswith(".html"):
            return _listening(response)  # a page, /en/ (en/index.html) included
        return response

    def file_response(self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        if response.status_code == 304 and str(full_path).endswith(".html"):
            # The browser shows its stored page with the headers of this answer: the page's own policy.
            response.headers.update(headers.for_page(Path(full_path).read_text(encoding="utf-8")))
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
    policy = headers.for_page(html)
    if "etag" in page.headers:
        policy["ETag"] = page.headers["etag"]
    return HTMLResponse(html, status_code=page.status_code, headers=policy)
