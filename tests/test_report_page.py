"""Issue 25: the writers' report as a page on the server, behind a staff token.

No token set: the page does not exist. A wrong token is refused; the right one is kept in an
HttpOnly, SameSite=Strict cookie, and the page shows the figures the store holds, per language,
with article titles and reasons in words, comments as text, and only searches that reached the
threshold."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from content.catalog import catalog
from feedback import dashboard
from server.app import create_app
from server.settings import Settings
from tests.demo_client import Clock
from tests.report_seed import COMMENTS, MISSES, NO_VOTES, REASON, TOKEN, expected_weeks, seed

PAGE = "/feedback/report/"


def settings_for(folder: Path, site: Path, token: str, base_url: str = "http://testserver") -> Settings:
    return Settings(host="127.0.0.1", port=0, site_dir=site, data_dir=folder / "data", key_file=folder / "data-key",
                    base_url=base_url, report_token=token)


@pytest.fixture
def client(tmp_path: Path, built_site: Path) -> Iterator[TestClient]:
    clock = Clock()
    settings = settings_for(tmp_path, built_site, TOKEN)
    seed(settings.data_dir / "feedback.sqlite3", clock())
    with TestClient(create_app(settings, clock)) as client:
        yield client


def sign_in(client: TestClient, token: str = TOKEN, **headers: str) -> int:
    return client.post(f"{PAGE}sign-in?lang=en", data={"token": token}, headers=headers,
                       follow_redirects=False).status_code


def test_without_a_token_the_page_does_not_exist(tmp_path: Path, built_site: Path) -> None:
    with TestClient(create_app(settings_for(tmp_path, built_site, ""), Clock())) as client:
        for path in (PAGE, f"{PAGE}?lang=en", f"{PAGE}assets/report.js"):
            assert client.get(path).status_code == 404, path
        assert client.post(f"{PAGE}sign-in", data={"token": ""}).status_code == 404


def test_a_short_token_stops_the_server_at_start(tmp_path: Path, built_site: Path) -> None:
    with pytest.raises(ValueError, match="FEEDBACK_REPORT_TOKEN has fewer than 16 characters"):
        create_app(settings_for(tmp_path, built_site, "short-token"), Clock())


def test_the_settings_read_the_token_and_never_print_it() -> None:
    settings = Settings.from_env({"FEEDBACK_REPORT_TOKEN": f" {TOKEN} "})
    assert settings.report_token == TOKEN and TOKEN not in repr(settings)
    assert Settings.from_env({}).report_token == ""


def test_a_wrong_token_is_refused_and_shows_no_figures(client: TestClient) -> None:
    page = client.get(PAGE)
    assert page.status_code == 200 and 'name="token"' in page.text and "data-chart" not in page.text
    for wrong in ("", TOKEN[:-1], TOKEN + "x", TOKEN.upper()):
        response = client.post(f"{PAGE}sign-in?lang=en", data={"token": wrong}, follow_redirects=False)
        assert response.status_code == 403 and "set-cookie" not in response.headers
        assert str(catalog("en")["error.report.token"]) in response.text
    client.cookies.set("feedback-report", TOKEN)  # the token itself is not what the cookie holds
    assert "data-chart" not in client.get(PAGE).text


def test_a_sign_in_from_another_site_is_refused(client: TestClient) -> None:
    assert sign_in(client, **{"sec-fetch-site": "cross-site"}) == 403
    assert "data-chart" not in client.get(PAGE).text


def test_the_right_token_signs_in_with_a_strict_http_only_cookie(client: TestClient) -> None:
    response = client.post(f"{PAGE}sign-in?lang=en", data={"token": TOKEN}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"{PAGE}?lang=en"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("feedback-report=") and TOKEN not in cookie
    assert {"HttpOnly", "SameSite=strict", "Path=/", "Max-Age=28800"} <= {part.strip() for part in cookie.split(";")}
    assert "data-chart" in client.get(PAGE).text
    client.post(f"{PAGE}sign-out")
    assert "data-chart" not in client.get(PAGE).text


def test_over_https_the_cookie_is_host_only_and_secure(tmp_path: Path, built_site: Path) -> None:
    settings = settings_for(tmp_path, built_site, TOKEN, "https://help.example.com")
    with TestClient(create_app(settings, Clock()), base_url="https://help.example.com") as client:
        cookie = client.post(f"{PAGE}sign-in", data={"token": TOKEN}, follow_redirects=False).headers["set-cookie"]
    assert cookie.startswith("__Host-feedback-report=") and "Secure" in cookie


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_page_shows_what_the_store_holds(client: TestClient, language: str) -> None:
    assert sign_in(client) == 303
    page = client.get(f"{PAGE}?lang={language}")
    assert page.status_code == 200
    assert "script-src 'self';" in page.headers["content-security-policy"]
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)|\sstyle=|<style", page.text)
    t = catalog(language)
    html = page.text
    for seeded in ("ja", "en"):
        section = html.split(f'id="report-{seeded}"')[1].split("</section>")[0]
        chart = section.split(f'id="chart-{seeded}-change-phone"')[1].split("</figure>")[0]
        rows = re.findall(r'data-week="([\d-]+)" data-votes="(\d+)" data-share="(\d*)"', chart)
        assert rows == [(row.week, str(row.votes), row.share.rstrip("%").replace(NO_VOTES, ""))
                        for row in expected_weeks(seeded, "change-phone", Clock()())]
        assert ">" + ("機種変更・紛失のときの手順を選ぶ" if seeded == "ja" else
                      "Choose your steps for a new or lost phone") + "</h4>" in chart
        assert str(t[f"help.feedback.reason.{REASON[seeded]}"]) in section
        assert REASON[seeded] not in re.sub(r"<[^>]+>", "", section)  # the code itself is never shown
        assert COMMENTS[seeded].replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;") in section
        shown = [(query, count) for query, count in MISSES[seeded] if count >= dashboard.MIN_SEARCHES]
        hidden = [query for query, count in MISSES[seeded] if count < dashboard.MIN_SEARCHES]
        assert shown and hidden
        for query, count in shown:
            assert f"<td>{query}</td><td>{count}</td>" in section
        for query in hidden:
            assert query not in section
    few = html.split('id="report-ja"')[1].split("</section>")[0].split('data-article="stolen-phone"')[1]
    assert str(t["report.too_few"]).format(min_votes=dashboard.MIN_VOTES) in few.split("</tr>")[0]
    assert 'id="chart-ja-stolen-phone"' not in html


def test_the_address_without_its_slash_leads_to_the_page(client: TestClient) -> None:
    response = client.get("/feedback/report?lang=en", follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"] == f"{PAGE}?lang=en"


def test_the_chart_library_is_served_from_the_lock_file(client: TestClient) -> None:
    root = Path(__file__).resolve().parents[1]
    pinned = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))["packages"]["node_modules/uplot"]
    assert json.loads((root / "package.json").read_text(encoding="utf-8"))["dependencies"]["uplot"] == pinned["version"]
    script = client.get(f"{PAGE}assets/uPlot.iife.min.js")
    assert script.status_code == 200
    assert script.content == (root / "node_modules" / "uplot" / "dist" / "uPlot.iife.min.js").read_bytes()
    assert client.get(f"{PAGE}assets/..%2Fstore.py").status_code == 404
