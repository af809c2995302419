"""Search on a phone: the size of each language's index, and how long a reader waits for the
first result (the index fetched, the worker set up, the query answered), in Chromium with
mobile emulation and the CPU slowed four times, from a cold cache."""

from __future__ import annotations

import gzip
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from devtools.chromium import CHROMIUM, CHROMIUM_FLAGS

QUERIES = {
    "ja": ["スマホ 機種変更", "リカバリーコード", "コードが違う"],
    "en": ["new phone", "backup codes", "code not working"],
}


@dataclass(frozen=True)
class SearchFigures:
    language: str
    index_bytes: int
    index_gzip_bytes: int
    first_result_ms: float


def first_result_ms(browser: Browser, base: str, language: str, query: str) -> float:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True,
                                  has_touch=True, locale="ja-JP" if language == "ja" else "en-US")
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(f"{base}{'/' if language == 'ja' else '/en/'}", wait_until="networkidle")
    started = time.perf_counter()
    page.locator("label[for=__search]").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.dispatch_event("keyup")
    page.locator(".md-search-result__item").first.wait_for()
    waited = (time.perf_counter() - started) * 1000
    context.close()
    return waited


def figures(base: str, site: Path) -> list[SearchFigures]:
    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            for language, queries in QUERIES.items():
                index = (site / ("" if language == "ja" else "en") / "search" / "search_index.json").read_bytes()
                times = [first_result_ms(browser, base, language, query) for query in queries]
                found.append(SearchFigures(language, len(index), len(gzip.compress(index)), statistics.median(times)))
        finally:
            browser.close()
    return found
