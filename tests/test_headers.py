"""server/app.py: every answer of the server carries its protection headers, whatever its status
and whoever wrote it (SECURITY.md "Sessions, CSRF, headers")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from demo.rules import inbox
from server.app import create_app
from server.settings import Settings
from server.site import SiteFiles
from tests.demo_client import Clock

HELP_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
"""Before a page's own style hashes, which tests/test_site.py checks."""
DEMO_POLICY = ("default-src 'self'; script-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
               "frame-ancestors 'none'; form-action 'self'")


@pytest.fixture
def client(built_site: Path, tmp_path: Path) -> Iterator[TestClient]:
    """The whole server on the built help center, answering a failure with its 500 page."""
    settings = Settings(host="127.0.0.1", port=0, site_dir=built_site, data_dir=tmp_path / "data",
                        key_file=tmp_path / "data-key", base_url="http://testserver")
    with TestClient(create_app(settings, Clock()), raise_server_exceptions=False) as running:
        yield running


def assert_protected(response: httpx.Response, *, demo: bool) -> None:
    headers = response.headers
    policy = headers.get("content-security-policy", "")
    if demo:
        assert policy == DEMO_POLICY
        assert headers.get("cache-control") == "no-store"
    else:
        assert re.sub(r"( 'sha256-[A-Za-z0-9+/]+=*')+;", ";", policy) == HELP_POLICY, policy
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("referrer-policy") == "same-origin"
    assert headers.get("x-frame-options") == "DENY"


FOREIGN = {"origin": "https://evil.example", "content-type": "application/x-www-form-urlencoded"}
ANSWERS = [
    pytest.param("GET", "/secret-key.html", {}, b"", 200, False, id="help-page-ja"),
    pytest.param("GET", "/en/secret-key.html", {}, b"", 200, False, id="help-page-en"),
    pytest.param("GET", "/no/such/page.html", {}, b"", 404, False, id="help-404-ja"),
    pytest.param("GET", "/en/no/such/page.html", {}, b"", 404, False, id="help-404-en"),
    pytest.param("GET", "/assets/javascripts/language-offer.js", {}, b"", 200, False, id="help-asset"),
    pytest.param("GET", "/demo/", {}, b"", 200, True, id="demo-page"),
    pytest.param("POST", "/demo/accounts", FOREIGN, b"email=a%40example.com", 403, True, id="demo-403-origin"),
    pytest.param("POST", "/demo/sign-in", {"content-length": "12x"}, b"", 400, True, id="demo-400-length"),
    pytest.param("GET", "/demo/support/not-a-number", {}, b"", 404, True, id="demo-404"),
    pytest.param("POST", "/demo/sign-in", {"content-length": "100000"}, b"x" * 100_000, 413, True, id="demo-413"),
    pytest.param("POST", "/feedback/articles", {"content-type": "text/plain"}, b"{}", 415, False, id="feedback-415"),
    pytest.param("POST", "/feedback/articles", {"content-length": "5000"}, b"x" * 5000, 413, False,
                 id="feedback-413"),
]


@pytest.mark.parametrize(("method", "path", "headers", "body", "status", "demo"), ANSWERS)
def test_every_answer_carries_the_protection_headers(
    client: TestClient, method: str, path: str, headers: dict[str, str], body: bytes, status: int, demo: bool
) -> None:
    request = client.build_request(method, path, content=body)
    request.headers.update(headers)  # as sent: a length the body does not have, a foreign Origin
    response = client.send(request)
    assert response.status_code == status
    assert_protected(response, demo=demo)


def test_a_failure_in_the_demo_answers_500_with_the_demos_headers(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*_: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(inbox, "list_messages", failing)
    response = client.get("/demo/inbox")
    assert response.status_code == 500
    assert "disk" not in response.text
    assert_protected(response, demo=True)


def test_a_failure_outside_every_app_answers_500_with_the_help_centers_headers(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's own 500 page comes from FastAPI's outermost middleware, which no
    ``add_middleware`` reaches: ProtectionHeaders wraps it too."""

    async def failing(*_: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(SiteFiles, "get_response", failing)
    response = client.get("/secret-key.html")
    assert response.status_code == 500
    assert_protected(response, demo=False)


def test_the_demos_static_files_may_be_cached(client: TestClient) -> None:
    response = client.get("/demo/static/demo.css")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == DEMO_POLICY
    assert response.headers.get("cache-control") != "no-store"
