"""Articles by their titles, as readers see them: the first heading of each page of the built site.

The build has already filled settings (``{{ service_name }}``) into the headings and cut
Japanese ones into phrases with ``<wbr>``, which is markup, not words: only the text is kept.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from content import catalog


class _FirstHeading(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.done = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1" and not self.done:
            self.inside = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self.inside:
            self.inside, self.done = False, True

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text.append(data)


def title_of(page: Path) -> str | None:
    """The page's first ``<h1>`` as text, or None when there is no such page or heading."""
    if not page.is_file():
        return None
    parser = _FirstHeading()
    parser.feed(page.read_text(encoding="utf-8"))
    title = " ".join("".join(parser.text).split())
    return title or None


def titles(site_dir: Path, language: str, articles: set[str]) -> dict[str, str]:
    """Each article's title in ``language``; an article no longer in the site keeps its file name."""
    folder = site_dir if language == catalog.DEFAULT_LANGUAGE else site_dir / language
    return {article: title_of(folder / f"{article}.html") or article for article in sorted(articles)}
