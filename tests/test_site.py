"""server/site.py: the built help center as the server hands it to browsers."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest


def test_pages_are_served_compressed(server: str) -> None:
    response = httpx.get(f"{server}/en/change-phone.html", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert "Choose your steps" in response.text


def test_hashed_theme_assets_are_cached_for_a_year_and_pages_revalidate(server: str, built_site: Path) -> None:
    css = next((built_site / "assets" / "stylesheets").glob("main.*.min.css")).name
    asset = httpx.get(f"{server}/assets/stylesheets/{css}")
    page = httpx.get(f"{server}/")
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert page.headers["cache-control"] == "no-cache"
    assert re.fullmatch(r'W/"?[^"]+"?|"[^"]+"', page.headers["etag"])


def test_a_missing_page_gets_the_404_page_of_its_language(server: str) -> None:
    ja = httpx.get(f"{server}/no/such/page.html")
    en = httpx.get(f"{server}/en/no/such/page.html")
    assert ja.status_code == en.status_code == 404
    assert "ページが見つかりません" in ja.text.replace("<wbr>", "")  # its heading is cut into phrases
    assert "Page not found" in en.text


def test_pages_carry_basic_security_headers(server: str) -> None:
    headers = httpx.get(f"{server}/secret-key.html").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
"""The <script> types a browser runs (any other, like application/json, is data, which CSP ignores)."""


class InlineCode(HTMLParser):
    """What a policy without 'unsafe-inline' refuses whatever it lists (event handler attributes,
    javascript: links, style attributes), and what it allows by hash: scripts and <style> blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes and (attributes.get("type") or "").lower() in SCRIPT_TYPES:
            self._in = "script"
        if tag == "style":
            self._in = "style"
        for name, value in attrs:
            if name.startswith("on") or name == "style" or (value or "").strip().lower().startswith("javascript:"):
                self.refused.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        if self._in == "style":
            self.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in = None


def inline_code(html: str) -> InlineCode:
    parser = InlineCode()
    parser.feed(html)
    return parser


def test_no_built_page_has_inline_handlers_links_or_style_attributes(built_site: Path) -> None:
    """The help center's policy has no 'unsafe-inline' and no hash can allow these."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40
    refused = {str(page.relative_to(built_site)): inline_code(page.read_text(encoding="utf-8")).refused
               for page in pages}
    assert {page: found for page, found in refused.items() if found} == {}


def test_the_reader_catches_what_the_policy_would_refuse() -> None:
    found = inline_code('<script>go()</script><script type="module">go()</script><a href="javascript:go()">x</a>'
                        '<p style="color:red" onclick="go()"></p><script type="application/json">{}</script>'
                        '<script src="a.js"></script>')
    assert len(found.refused) == 3 and found.scripts == ["go()", "go()"]


@pytest.mark.parametrize("path", ["/", "/en/", "/secret-key.html", "/en/get-secret-key.html", "/en/no/such/page.html"])
def test_a_pages_policy_allows_its_own_scripts_and_style_blocks_by_hash_and_nothing_inline(
    server: str, path: str
) -> None:
    response = httpx.get(server + path)
    found = inline_code(response.text)
    assert found.styles, "Material writes the admonition icon set in mkdocs.yml as a <style> block"
    assert len(found.scripts) == 4, "Material writes its storage helpers, the reader's palette and two tab scripts"
    policy = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    assert set(policy["style-src"].split()) == {"'self'"} | hash_sources(found.styles)
    assert set(policy["script-src"].split()) == {"'self'"} | hash_sources(found.scripts)
    assert "unsafe" not in response.headers["content-security-policy"]


def hash_sources(blocks: list[str]) -> set[str]:
    return {"'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'" for block in blocks}


@pytest.mark.parametrize("path", ["/en/", "/secret-key.html"])
def test_a_revalidated_page_keeps_its_policy(server: str, path: str) -> None:
    """A browser shows its stored page with the headers of the 304: they must be the page's own."""
    page = httpx.get(server + path)
    again = httpx.get(server + path, headers={"If-None-Match": page.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["content-security-policy"] == page.headers["content-security-policy"]
