"""feedback/store.py and its endpoints: what readers send, what is refused, what is kept.

Issue 12: no cookie, no address and no user id are kept; posts are rate-limited per client;
bad input gets a 4xx, never a 5xx; comments are untrusted text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from feedback.routes import PER_MINUTE, create_feedback_app
from feedback.store import COMMENT_LENGTH, FeedbackStore
from tests.demo_client import Clock

VOTE = {"article": "change-phone", "language": "ja", "helpful": False, "reason": "out_of_date",
        "comment": "手順の画面が違いました"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("index", "change-phone", "stolen-phone"):
        (site / f"{name}.html").write_text("<html></html>", encoding="utf-8")
    return tmp_path


@pytest.fixture
def client(folder: Path) -> Iterator[TestClient]:
    store = FeedbackStore(folder / "data" / "feedback.sqlite3")
    with TestClient(create_feedback_app(store, folder / "site", Clock())) as client:
        yield client


def post(client: TestClient, path: str, body: object, **headers: str) -> int:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(path, content=data, headers={"content-type": "application/json", **headers}).status_code


def rows(folder: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(folder / "data" / "feedback.sqlite3")) as db:
        return list(db.execute(query))


def test_a_vote_is_counted_per_article_language_and_day_with_nothing_about_the_reader(
    client: TestClient, folder: Path
) -> None:
    response = client.post("/articles", json=VOTE, headers={"sec-fetch-site": "same-origin"})
    assert response.status_code == 204 and "set-cookie" not in response.headers
    assert post(client, "/articles", {"article": "change-phone", "language": "ja", "helpful": True}) == 204
    assert rows(folder, "SELECT day, language, article, helpful, unhelpful FROM votes") == [
        ("2027-01-15", "ja", "change-phone", 1, 1)]
    assert rows(folder, "SELECT reason, count FROM reasons") == [("out_of_date", 1)]
    assert rows(folder, "SELECT text FROM comments") == [("手順の画面が違いました",)]
    stored = (folder / "data" / "feedback.sqlite3").read_bytes()
    assert b"testclient" not in stored and b"127.0.0.1" not in stored  # the client's address is never kept


def test_a_search_that_found_nothing_is_counted_by_its_words(client: TestClient, folder: Path) -> None:
    for query in ("ＳＭＳ 届かない", "sms 届かない"):
        assert post(client, "/searches", {"language": "ja", "query": query}) == 204
    assert rows(folder, "SELECT language, query, count FROM misses") == [("ja", "sms 届かない", 2)]


@pytest.mark.parametrize(("body", "status"), [
    (b"{not json", 400),
    (b"\xff\xfe", 400),
    ([1, 2], 400),
    ({**VOTE, "article": "../etc/passwd"}, 400),
    ({**VOTE, "article": "no-such-page"}, 400),
    ({**VOTE, "language": "fr"}, 400),
    ({**VOTE, "helpful": "yes"}, 400),
    ({**VOTE, "reason": "spam"}, 400),
    ({**VOTE, "comment": 42}, 400),
    ({**VOTE, "comment": "x" * (COMMENT_LENGTH + 1)}, 400),
])
def test_malformed_votes_get_a_4xx_and_change_nothing(client: TestClient, folder: Path, body: object,
                                                      status: int) -> None:
    assert post(client, "/articles", body) == status
    assert rows(folder, "SELECT count(*) FROM votes") == [(0,)]


@pytest.mark.parametrize(("body", "status"), [({"language": "ja"}, 400), ({"language": "ja", "query": " "}, 400),
                                              ({"language": "ja", "query": "x" * 101}, 400), ("text", 400)])
def test_malformed_search_misses_get_a_4xx(client: TestClient, body: object, status: int) -> None:
    assert post(client, "/searches", body) == status


def test_another_site_and_other_content_types_are_refused(client: TestClient) -> None:
    assert post(client, "/articles", VOTE, **{"sec-fetch-site": "cross-site"}) == 403
    assert client.post("/articles", data={"article": "change-phone"}).status_code == 415


def test_a_flood_from_one_client_is_slowed_down(client: TestClient, folder: Path) -> None:
    statuses = [post(client, "/searches", {"language": "en", "query": f"q{n}"}) for n in range(PER_MINUTE + 5)]
    assert statuses[:PER_MINUTE] == [204] * PER_MINUTE and set(statuses[PER_MINUTE:]) == {429}
    assert rows(folder, "SELECT count(*) FROM misses") == [(PER_MINUTE,)]


def test_a_comment_is_kept_as_text_without_control_characters(client: TestClient, folder: Path) -> None:
    comment = "<script>alert(1)</script>\u202e\u0000 steps\tdiffer"
    assert post(client, "/articles", {**VOTE, "comment": comment}) == 204
    assert rows(folder, "SELECT text FROM comments") == [("<script>alert(1)</script> steps differ",)]


def test_the_real_server_refuses_an_oversized_body_with_413(
    visitor: object, demo: tuple[TestClient, object, object]
) -> None:
    client = demo[0]
    response = client.post("/feedback/searches", content=b"{" + b" " * 5000 + b"}",
                           headers={"content-type": "application/json"})
    assert response.status_code == 413
