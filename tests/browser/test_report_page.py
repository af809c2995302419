"""Issue 25 in Chromium: staff sign in to the writers' report with the token, and each article's
chart is drawn from weeks of votes, says the same as its data table, and breaks no rule of the
page's Content-Security-Policy, on a phone and a desktop, in Japanese and English.

``REPORT_SCREENSHOT=readme/report.png`` keeps the English desktop page for the README."""

from __future__ import annotations

import io
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from content.catalog import catalog
from server.app import create_app
from server.settings import Settings
from tests.browser.axe import violations
from tests.browser.conftest import DESKTOP, PHONE
from tests.demo_client import Clock
from tests.report_seed import COMMENTS, TOKEN, expected_weeks, seed

pytestmark = pytest.mark.browser
NOW = Clock()()


@pytest.fixture(scope="module")
def report_server(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real server with the report's token set, on a store seeded with twelve weeks of votes."""
    folder = tmp_path_factory.mktemp("report")
    settings = Settings(host="127.0.0.1", port=0, site_dir=built_site, data_dir=folder / "data",
                        key_file=folder / "data-key", base_url="http://127.0.0.1", report_token=TOKEN)
    seed(settings.data_dir / "feedback.sqlite3", NOW)
    running = uvicorn.Server(uvicorn.Config(create_app(settings, Clock()), host="127.0.0.1", port=0,
                                            log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{running.servers[0].sockets[0].getsockname()[1]}"
    running.should_exit = True
    thread.join(timeout=10)


def signed_in(browser: Browser, server: str, language: str, viewport: dict[str, int]) -> tuple[Page, list[str]]:
    """The report page after typing the token into its form, and the console's errors as it loaded."""
    context = browser.new_context(locale="ja-JP" if language == "ja" else "en-US", viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/feedback/report?lang={language}")
    t = catalog(language)
    page.get_by_label(str(t["report.token"])).fill(TOKEN)
    page.get_by_role("button", name=str(t["report.sign_in"])).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(t["report.title"]))
    return page, errors


def table_rows(figure: object) -> list[list[str]]:
    return figure.locator("details tbody tr").evaluate_all(  # type: ignore[attr-defined, no-any-return]
        "rows => rows.map(row => [...row.cells].map(cell => cell.textContent.trim()))")


def legend_at(page: Page, figure: object, index: int, weeks: int) -> list[str]:
    """What the chart's legend says with the pointer over week ``index``: week, votes, share."""
    plot = figure.locator(".u-over")  # type: ignore[attr-defined]
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    assert box is not None
    # The x scale runs from half a week before the first to half a week after the last.
    page.mouse.move(box["x"] + box["width"] * (index + 0.5) / weeks, box["y"] + box["height"] / 2)
    values: list[str] = figure.locator(".u-legend .u-series .u-value").all_inner_texts()  # type: ignore[attr-defined]
    return values


def painted(figure: object) -> int:
    """How many of the chart's canvas pixels are not blank."""
    return figure.locator("canvas").evaluate(  # type: ignore[attr-defined, no-any-return]
        "canvas => { const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
        " let count = 0; for (let i = 3; i < data.length; i += 4) if (data[i]) count++; return count; }")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_each_chart_is_drawn_and_says_what_its_table_says(
    browser: Browser, report_server: str, language: str, viewport: dict[str, int], tmp_path: Path
) -> None:
    page, errors = signed_in(browser, report_server, language, viewport)
    t = catalog(language)
    for seeded in ("ja", "en"):
        expected = expected_weeks(seeded, "change-phone", NOW)
        figure = page.locator(f"#chart-{seeded}-change-phone")
        expect(figure).to_have_class("report-chart is-drawn")
        assert painted(figure) > 2000
        plot = figure.get_by_role("img")
        assert (plot.bounding_box() or {"width": 0})["width"] > min(viewport["width"], 1220) * 0.8  # the column

        figure.get_by_text(str(t["report.numbers"])).click()
        rows = table_rows(figure)
        assert rows == [[row.week, str(row.votes), str(row.helpful), row.share] for row in expected]
        for index, row in enumerate(rows):
            assert legend_at(page, figure, index, len(rows)) == [row[0], row[1], row[3]]

    comment = page.locator("#report-en .report-comment__text")
    expect(comment).to_have_text(COMMENTS["en"])
    assert comment.locator("img").count() == 0 and page.title() != "1"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert violations(page) == []
    assert errors == []  # a CSP violation is a console error
    page.screenshot(path=tmp_path / f"report-{language}-{viewport['width']}.png", full_page=True)
    if language == "en" and viewport == DESKTOP and os.environ.get("REPORT_SCREENSHOT"):
        readme_picture(page, Path(os.environ["REPORT_SCREENSHOT"]))
    page.context.close()


def readme_picture(page: Page, path: Path) -> None:
    """The Japanese pages' part at desktop size, a week's figures in the chart's legend."""
    page.locator("details[open]").evaluate_all("all => all.forEach(details => { details.open = false; })")
    page.evaluate("window.scrollTo(0, document.getElementById('report-ja').offsetTop - 56)")
    figure = page.locator("#chart-ja-change-phone")
    legend_at(page, figure, 10, 12)
    for _ in range(100):  # the closed details' arrows turn for a moment
        if page.evaluate("document.getAnimations().every(animation => animation.playState !== 'running')"):
            break
        time.sleep(0.02)
    picture = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    picture.quantize(colors=128).save(path, optimize=True)  # as the demo's pictures: a third the size
