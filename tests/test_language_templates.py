"""hooks/language_templates.py: 404 page and sitemap in each language's own folder."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.sites import ROOT, article_names, build, page_path

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_the_404_page_speaks_each_language(built_site: Path) -> None:
    ja = (built_site / "404.html").read_text(encoding="utf-8").replace("<wbr>", "")  # headings cut into phrases
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


PRODUCTION = "https://help.example.com/support/"


@pytest.fixture(scope="module")
def production_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = build(ROOT, tmp_path_factory.mktemp("production"), site_url=PRODUCTION)
    assert result.ok, result.output
    return result.site


def head_links(html: str) -> dict[str, str]:
    """The page's canonical address and its hreflang alternates: {"canonical": ..., "ja": ...}."""
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    links = {"canonical": canonical[-1]} if canonical else {}
    links.update(
        (hreflang, href)
        for href, hreflang in re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([^"]+)">', html)
    )
    return links


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_production_build_gives_every_page_absolute_addresses_on_its_host(
    production_site: Path, language: str
) -> None:
    for name in article_names():
        own, japanese, english = (
            PRODUCTION + page_path(name, lang).lstrip("/") for lang in (language, "ja", "en")
        )
        file = page_path(name, language).lstrip("/")
        html = (production_site / (file + "index.html" if file.endswith("/") or not file else file)).read_text(
            encoding="utf-8"
        )
        assert head_links(html) == {"canonical": own, "ja": japanese, "en": english, "x-default": japanese}, name
    sitemap = urls(production_site / ("en/sitemap.xml" if language == "en" else "sitemap.xml"))
    addresses = [*sitemap, *(href for links in sitemap.values() for href in links.values())]
    assert addresses and all(address.startswith(PRODUCTION) for address in addresses)


def test_the_home_page_is_its_folder_everywhere(production_site: Path) -> None:
    html = (production_site / "en" / "index.html").read_text(encoding="utf-8")
    assert head_links(html)["canonical"] == PRODUCTION + "en/"
    assert PRODUCTION + "en/" in urls(production_site / "en" / "sitemap.xml")


def test_a_local_build_links_its_languages_relatively(built_site: Path) -> None:
    """Without SITE_URL the copy works wherever it is served: Material's language selector
    fetches the sitemap beside each hreflang link, which must be on the reader's own host."""
    links = head_links((built_site / "en" / "code-rejected.html").read_text(encoding="utf-8"))
    assert links == {"ja": "../code-rejected.html", "en": "code-rejected.html", "x-default": "../code-rejected.html"}
