"""hooks/language_templates.py: 404 page and sitemap in each language's own folder."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

from tests.sites import article_names

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_the_404_page_speaks_each_language(built_site: Path) -> None:
    ja = (built_site / "404.html").read_text(encoding="utf-8")
    en = (built_site / "en" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in ja and "ページが見つかりません" in ja
    assert '<html lang="en"' in en and "Page not found" in en
    # Absolute links: the page answers for any missing address, however deep.
    assert 'href="/en/change-phone.html"' in en and 'href="/change-phone.html"' in ja
    assert re.search(r'href="/assets/stylesheets/main\.[0-9a-f]+\.min\.css"', en)


def urls(sitemap: Path) -> dict[str, dict[str, str]]:
    tree = ElementTree.parse(sitemap)
    return {
        url.findtext("s:loc", namespaces=SITEMAP): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP)
        }
        for url in tree.getroot().findall("s:url", SITEMAP)
    }


def test_each_language_has_a_sitemap_of_its_own_pages_with_alternates(built_site: Path) -> None:
    base = "http://127.0.0.1:8000/"
    ja, en = urls(built_site / "sitemap.xml"), urls(built_site / "en" / "sitemap.xml")
    assert len(ja) == len(en) == len(article_names())
    assert all(not loc.startswith(base + "en/") for loc in ja)
    assert all(loc.startswith(base + "en/") for loc in en)
    page = en[base + "en/turn-off-2fa.html"]
    assert page == {
        "en": base + "en/turn-off-2fa.html",
        "ja": base + "turn-off-2fa.html",
        "x-default": base + "turn-off-2fa.html",
    }


def test_pages_declare_their_other_language_and_the_default(built_site: Path) -> None:
    html = (built_site / "en" / "code-rejected.html").read_text(encoding="utf-8")
    links = dict(
        (hreflang, href)
        for href, hreflang in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([^"]+)">', html)
    )
    assert links == {"ja": "../code-rejected.html", "en": "code-rejected.html", "x-default": "../code-rejected.html"}
