"""demo/site.py: the built help center as the server hands it to browsers."""

from __future__ import annotations

import re
from pathlib import Path

import httpx


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
    assert "ページが見つかりません" in ja.text
    assert "Page not found" in en.text


def test_pages_carry_basic_security_headers(server: str) -> None:
    headers = httpx.get(f"{server}/secret-key.html").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
