"""Page budget of every article in both languages, measured in Chromium as a phone on first load.

Bytes are what crossed the network (gzip-compressed, headers included) until the network was
idle; LCP comes from the page's own PerformanceObserver; TBT sums the part of each long task
over 50 ms, with Chromium's mobile emulation and its CPU slowed four times.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Browser

from devtools.chromium import CHROMIUM, CHROMIUM_FLAGS  # as the tests launch it
from devtools.site_build import article_names, page_path

BUDGET_BYTES = 100 * 1024
OBSERVE = """
window.__lcp = 0; window.__tbt = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__lcp = e.startTime; })
  .observe({type: "largest-contentful-paint", buffered: true});
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__tbt += Math.max(0, e.duration - 50); })
  .observe({type: "longtask", buffered: true});
"""


@dataclass(frozen=True)
class PageFigures:
    path: str
    bytes: int
    requests: int
    lcp_ms: float
    tbt_ms: float


def measure(browser: Browser, base: str, path: str) -> PageFigures:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True,
                                  has_touch=True, locale="ja-JP")
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    sizes: dict[str, float] = {}
    session.on("Network.loadingFinished",
               lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]))
    page.add_init_script(OBSERVE)
    page.goto(base + path, wait_until="networkidle")
    page.wait_for_timeout(500)
    lcp, tbt = page.evaluate("[window.__lcp, window.__tbt]")
    context.close()
    return PageFigures(path, int(sum(sizes.values())), len(sizes), float(lcp), float(tbt))


def all_pages(base: str) -> list[PageFigures]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            return [measure(browser, base, page_path(name, language))
                    for language in ("ja", "en") for name in article_names()]
        finally:
            browser.close()
