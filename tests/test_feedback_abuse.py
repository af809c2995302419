"""Issue 25, the outside security test of the feedback service: every finding, shown closed.

The forwarded-header tests run the real ``python -m server`` (uvicorn as production runs it);
the others run the feedback app or the whole app in process, with a clock the test moves.
"""

from __future__ import annotations

import json
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from devtools.server import Server, start_server
from feedback import limits
from feedback.routes import create_feedback_app
from feedback.store import KEEP_DAYS, FeedbackStore, Vote
from server import app as server_app
from tests.demo_client import Clock, demo_server

JSON = {"content-type": "application/json", "sec-fetch-site": "same-origin"}


def tiny_site(folder: Path, *articles: str) -> Path:
    site = folder / "site"
    site.mkdir(exist_ok=True)
    for name in ("index", *articles):
        (site / f"{name}.html").write_text("<html><head></head><body></body></html>", encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset></urlset>", encoding="utf-8")
    return site


def rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as db:
        return list(db.execute(query))


# --- Who the client is: forwarded headers, and one bucket a client -------------------------------

@pytest.fixture
def real_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[Server]:
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    if getattr(request, "param", ""):
        monkeypatch.setenv("TRUSTED_PROXIES", request.param)
    running = start_server(tiny_site(tmp_path, "change-phone"), tmp_path)
    yield running
    running.stop()


def post_search(server: Server, number: int, *, source: str = "127.0.0.1", **headers: str) -> int:
    with httpx.Client(transport=httpx.HTTPTransport(local_address=source)) as client:
        response = client.post(f"{server.url}/feedback/searches", headers={**JSON, **headers},
                               content=json.dumps({"language": "en", "query": f"nothing {number}"}))
    return response.status_code


def test_a_forwarded_header_from_a_client_does_not_escape_the_limit(real_server: Server) -> None:
    """No proxy is named by default: a header a client writes itself is not believed."""
    statuses = [post_search(real_server, n, **{"x-forwarded-for": f"203.0.113.{n}"})
                for n in range(limits.PER_MINUTE + 5)]
    assert statuses == [204] * limits.PER_MINUTE + [429] * 5


@pytest.mark.parametrize("real_server", ["127.0.0.1"], indirect=True)
def test_a_named_proxy_is_believed_so_each_reader_behind_it_has_a_bucket(real_server: Server) -> None:
    statuses = [post_search(real_server, n, **{"x-forwarded-for": f"203.0.113.{n}"})
                for n in range(limits.PER_MINUTE + 5)]
    assert statuses == [204] * (limits.PER_MINUTE + 5)


def test_without_a_header_two_clients_are_two_buckets(real_server: Server) -> None:
    first = [post_search(real_server, n, source="127.0.0.1") for n in range(limits.PER_MINUTE + 1)]
    assert first[-1] == 429
    assert post_search(real_server, 99, source="127.0.0.2") == 204  # another address, its own limit


def test_a_client_has_a_daily_limit_and_ipv6_counts_by_its_64_block() -> None:
    limit = limits.RateLimit()
    day = 20_000 * 86400.0
    allowed = [limit.allow("198.51.100.7", day + 61 * n) for n in range(limits.PER_DAY + 1)]
    assert allowed == [True] * limits.PER_DAY + [False]
    assert limit.allow("198.51.100.7", day + 86400)  # a new day
    assert all(limit.allow(f"2001:db8:1:2::{n:x}", day) for n in range(limits.PER_MINUTE))
    assert not limit.allow("2001:db8:1:2:ffff::1", day)  # the same /64: the same client
    assert limit.allow("2001:db8:1:3::1", day)


# --- What is stored: the daily cap, secrets, retention -------------------------------------------

def test_the_daily_cap_holds_against_a_flood_of_new_searches_and_comments(tmp_path: Path) -> None:
    """35,000 posts from a crowd of addresses were all kept; now new rows stop at the day's cap, while
    searches already counted and votes still count. (Posts past the cap are what matters, not
    35,000 of them: each is a transaction of about 2 ms, so 500 past the cap show the same.)"""
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    now = 1_800_000_000.0
    kept = [store.add_miss("en", f"flood {n}", now) for n in range(limits.NEW_SEARCHES_A_DAY + 500)]
    assert kept == [True] * limits.NEW_SEARCHES_A_DAY + [False] * 500
    assert store.add_miss("en", "flood 1", now)  # counted again, no new row
    assert store.add_miss("ja", "ガラケー", now)  # the other language has its own cap
    for n in range(limits.NEW_COMMENTS_A_DAY + 50):
        store.add_vote(Vote("change-phone", "en", False, None, f"comment {n}"), now)
    path = tmp_path / "feedback.sqlite3"
    assert rows(path, "SELECT language, count(*) FROM misses GROUP BY 1 ORDER BY 1") == [
        ("en", limits.NEW_SEARCHES_A_DAY), ("ja", 1)]
    assert rows(path, "SELECT count(*) FROM comments") == [(limits.NEW_COMMENTS_A_DAY,)]
    assert rows(path, "SELECT unhelpful FROM votes") == [(limits.NEW_COMMENTS_A_DAY + 50,)]
    assert store.add_miss("en", "a new day", now + 86400)


@pytest.fixture
def feedback(tmp_path: Path) -> Iterator[tuple[TestClient, Path, Clock]]:
    clock = Clock()
    site = tiny_site(tmp_path, "change-phone")
    app = create_feedback_app(FeedbackStore(tmp_path / "feedback.sqlite3"), site, clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, tmp_path, clock


SECRETS = [
    "123456", "492 039", "12345678", "コード 839201",  # codes from an app
    "C4RXA-G7MTB-ZK3P8", "c4rxa g7mtb zk3p8", "C4RXAG7MTBZK3P8",  # recovery codes (otp_core's alphabet)
    "JBSWY3DPEHPK3PXP", "jbsw y3dp ehpk 3pxp", "ＪＢＳＷ Ｙ３ＤＰ ＥＨＰＫ ３ＰＸＰ",  # secret keys  # noqa: RUF001
    "taro.yamada@example.jp", "連絡先 hanako@example.com",  # email addresses
    "090-1234-5678", "０９０１２３４５６７８", "+81 90-1234-5678", "+1 (415) 555-2671", "03 1234 5678",  # noqa: RUF001
]
ORDINARY = ["認証コード 6桁", "iPhone 15", "2fa reset", "what does this mean", "android 14 2024",
            "バックアップコード 10個", "sms 届かない", "recovery codes lost", "windows 11 23h2",
            "Google Authenticator", "internationalization"]


@pytest.mark.parametrize("query", SECRETS)
def test_a_search_that_looks_like_a_secret_is_dropped_before_it_is_stored(
    feedback: tuple[TestClient, Path, Clock], query: str
) -> None:
    client, folder, _ = feedback
    response = client.post("/searches", headers=JSON, content=json.dumps({"language": "ja", "query": query}))
    assert response.status_code == 204  # the page learns nothing it could retry with
    assert rows(folder / "feedback.sqlite3", "SELECT count(*) FROM misses") == [(0,)]
    assert query.encode() not in (folder / "feedback.sqlite3").read_bytes()


@pytest.mark.parametrize("query", ORDINARY)
def test_an_ordinary_search_is_still_kept(feedback: tuple[TestClient, Path, Clock], query: str) -> None:
    client, folder, _ = feedback
    response = client.post("/searches", headers=JSON, content=json.dumps({"language": "ja", "query": query}))
    assert response.status_code == 204
    assert rows(folder / "feedback.sqlite3", "SELECT count(*) FROM misses") == [(1,)]


def test_retention_runs_on_the_timer_without_any_vote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_app, "PURGE_EVERY_SECONDS", 0.05)
    path = tmp_path / "data" / "feedback.sqlite3"
    store = FeedbackStore(path)
    with demo_server(tmp_path) as (_, clock, _settings):
        store.add_miss("en", "kept a year", clock())
        store.add_vote(Vote("change-phone", "en", False, None, "kept a year"), clock())
        assert rows(path, "SELECT count(*) FROM misses") == [(1,)]
        clock.advance((KEEP_DAYS + 1) * 86400)  # nobody posts: only the timer can delete them
        deadline = time.monotonic() + 10
        while rows(path, "SELECT (SELECT count(*) FROM misses) + (SELECT count(*) FROM comments)") != [(0,)]:
            assert time.monotonic() < deadline, "the rows outlived their time"
            time.sleep(0.05)
        assert rows(path, "SELECT unhelpful FROM votes") == [(1,)]  # the counts are what writers keep


# --- What is read: JSON, new articles; and the files --------------------------------------------

@pytest.mark.parametrize("body", [b"[" * 2000 + b"]" * 2000, b'{"a":' * 800 + b"1" + b"}" * 800,
                                  b'{"language": "en", "query": [[[["deep"]]]]}'])
def test_deeply_nested_json_is_refused_with_a_4xx(feedback: tuple[TestClient, Path, Clock], body: bytes) -> None:
    client, _, _ = feedback
    for path in ("/searches", "/articles"):
        response = client.post(path, headers=JSON, content=body)
        assert 400 <= response.status_code < 500, (path, response.status_code, response.text[:200])


def test_a_body_larger_than_the_limit_is_refused_by_the_feedback_app_itself(
    feedback: tuple[TestClient, Path, Clock],
) -> None:
    client, _, _ = feedback
    body = json.dumps({"language": "en", "query": "x", "pad": " " * limits.BODY_BYTES}).encode()
    assert client.post("/searches", headers=JSON, content=body).status_code == 413


def test_a_new_article_is_accepted_without_a_restart(feedback: tuple[TestClient, Path, Clock]) -> None:
    client, folder, _ = feedback
    vote = json.dumps({"article": "new-article", "language": "en", "helpful": True})
    assert client.post("/articles", headers=JSON, content=vote).status_code == 400  # not built yet
    time.sleep(0.01)  # a build a moment later: another mtime even on a coarse clock
    (folder / "site" / "new-article.html").write_text("<html></html>", encoding="utf-8")
    (folder / "site" / "sitemap.xml").write_text("<urlset><url/></urlset>", encoding="utf-8")
    assert client.post("/articles", headers=JSON, content=vote).status_code == 204


def test_the_data_files_are_created_0600(tmp_path: Path) -> None:
    """The database and its WAL files, which exist while a connection is open (SQLite gives them the
    database's mode): only the server's user reads what readers wrote, or the demo's accounts."""
    with demo_server(tmp_path) as (client, _, settings):
        response = client.post("/feedback/searches", headers=JSON, content=b'{"language": "en", "query": "x y"}')
        assert response.status_code == 204
        modes = {}
        for database in ("feedback.sqlite3", "demo.sqlite3"):
            with closing(sqlite3.connect(settings.data_dir / database)) as reader:
                reader.execute("SELECT count(*) FROM sqlite_master").fetchall()  # opens the -wal and -shm
                for name in (database, f"{database}-wal", f"{database}-shm"):
                    modes[name] = stat.S_IMODE((settings.data_dir / name).stat().st_mode)
        modes["events.log"] = stat.S_IMODE((settings.data_dir / "events.log").stat().st_mode)
    assert modes == dict.fromkeys(modes, 0o600) and len(modes) == 7
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
