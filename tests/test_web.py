"""demo/web/middleware.py: headers, cookies, CSRF and origin checks, request limits, error pages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from content.catalog import catalog
from server.settings import Settings
from tests.demo_client import Clock, Visitor, demo_server, operations

CSP = ("default-src 'self'; script-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")


@pytest.mark.parametrize("path", ["/demo/", "/demo/sign-in", "/demo/support", "/demo/inbox", "/demo/staff",
                                  "/demo/scenarios/route-a", "/demo/nothing-here"])
def test_every_demo_page_carries_the_security_headers(visitor: Visitor, path: str) -> None:
    """SECURITY.md "Sessions, CSRF, headers"."""
    response = visitor.get(path)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["cache-control"] == "no-store"
    scripts = re.findall(r"<script\b([^>]*)>", response.text)
    assert all("src=" in attributes or 'type="application/json"' in attributes for attributes in scripts)
    assert not re.search(r"<[^>]+\son[a-z]+=", response.text)  # no inline handlers either


def test_cookies_are_httponly_samesite_lax_and_renewed_at_sign_in(visitor: Visitor) -> None:
    """SECURITY.md "Sessions, CSRF, headers": HttpOnly, SameSite=Lax, a new token at login and at each 2FA change."""
    visitor.sign_up()
    first = visitor.client.cookies.get("demo-session")
    header = next(value for name, value in visitor.client.post(
        "/demo/accounts", data={"csrf": visitor.csrf, "email": "taro@example.com", "password": "correct horse"},
        follow_redirects=False).headers.multi_items() if name == "set-cookie" and "demo-session" in value)
    assert "HttpOnly" in header and "SameSite=lax" in header and "Path=/" in header
    visitor.set_up_two_factor()
    assert visitor.client.cookies.get("demo-session") not in (None, first)


def test_sign_out_ends_the_session_on_the_server(visitor: Visitor) -> None:
    visitor.sign_up()
    token = visitor.client.cookies.get("demo-session")
    visitor.post("/demo/sign-out")
    visitor.client.cookies.set("demo-session", token)
    assert visitor.get("/demo/account").url.path == "/demo/sign-in"


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(visitor: Visitor) -> None:
    visitor.get("/demo/?lang=en")
    response = visitor.client.post("/demo/accounts", data={"email": "a@example.com", "password": "correct horse"})
    assert response.status_code == 403 and "This page has expired" in response.text
    assert "a@example.com" not in visitor.get("/demo/").text


@pytest.fixture(scope="module")
def one_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Clock, Settings]]:
    """One demo for the module's many visitors, each in a sandbox of its own."""
    with demo_server(tmp_path_factory.mktemp("demo")) as running:
        yield running


POST_PATHS = [path.replace("{number}", "1") for method, path, _ in operations() if method == "post"]


@pytest.mark.parametrize("path", POST_PATHS)
@pytest.mark.parametrize("headers", [
    pytest.param({"sec-fetch-site": "cross-site"}, id="fetch-metadata"),
    pytest.param({"origin": "https://evil.example"}, id="other-host"),
    pytest.param({"origin": "http://testserver:9999"}, id="other-port"),
    pytest.param({"origin": "https://testserver"}, id="other-scheme"),
    pytest.param({"origin": "null"}, id="opaque"),
])
def test_a_form_sent_from_another_origin_is_refused_on_every_route(
    one_demo: tuple[TestClient, Clock, Settings], path: str, headers: dict[str, str]
) -> None:
    """OWASP CSRF cheat sheet: Fetch Metadata, and without it the whole Origin (scheme, host and
    port; issue 27), on top of the token, which this request carries."""
    client, clock, _ = one_demo
    visitor = Visitor(TestClient(client.app, follow_redirects=True), clock)  # a browser, a sandbox of its own
    visitor.sign_up()
    response = visitor.post(f"/demo{path}", headers=headers, follow_redirects=False)
    assert response.status_code == 403, response.text[:300]
    assert catalog("ja")["detail.origin"] in response.text


def test_a_form_refused_for_its_origin_changes_nothing(visitor: Visitor) -> None:
    """The probe of issue 27: a setup started from another port of the same host."""
    visitor.sign_up()
    visitor.post("/demo/2fa/setup", headers={"origin": "http://testserver:9999"})
    assert "data-key" not in visitor.get("/demo/2fa/setup").text


@pytest.mark.parametrize("origin", ["http://testserver", "http://testserver:80", "HTTP://TestServer"])
def test_a_form_from_the_servers_own_origin_is_taken_without_fetch_metadata(visitor: Visitor, origin: str) -> None:
    visitor.get("/demo/")
    response = visitor.post("/demo/accounts", {"email": "a@example.com", "password": "correct horse"},
                            headers={"origin": origin}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/demo/account")


def test_an_oversized_body_gets_413_not_a_crash(visitor: Visitor) -> None:
    response = visitor.post("/demo/sign-in", {"email": "x" * 100_000, "password": "p"})
    assert response.status_code == 413


@pytest.mark.parametrize(("method", "path", "body"), [
    ("get", "/demo/support/not-a-number", None),
    ("get", "/demo/support/99999999999999999999999", None),
    ("post", "/demo/support/1/selfie", b"photo=not-a-file"),
])
def test_malformed_requests_get_a_4xx(visitor: Visitor, method: str, path: str, body: bytes | None) -> None:
    """SECURITY.md "Under load and faults": a request the demo cannot read answers 4xx, never 5xx."""
    visitor.sign_up()
    if method == "get":
        response = visitor.client.get(path, follow_redirects=False)
    else:
        response = visitor.client.post(path, content=body + f"&csrf={visitor.csrf}".encode(),
                                       headers={"content-type": "application/x-www-form-urlencoded"},
                                       follow_redirects=False)
    assert 400 <= response.status_code < 500, response.text[:300]


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/demo/2fa/confirm", b"\xff\xfe\xfa", "code"),
    ("/demo/2fa/confirm", b"code=%FF%FE", "code"),
    ("/demo/2fa/confirm", b"code=1&code=2", "code"),
    ("/demo/support", b"name=%FF%FE&phone_changed=maybe", "phone_changed"),
])
def test_a_form_with_unreadable_values_goes_back_to_its_page_naming_the_field(
    visitor: Visitor, path: str, body: bytes, field: str
) -> None:
    """Issue 11 (Post/Redirect/Get): a refused form answers with a redirect to its page, which names
    the field; reloading that page shows the same message and never posts again."""
    visitor.sign_up()
    visitor.post("/demo/2fa/setup")
    response = visitor.client.post(path, content=body + f"&csrf={visitor.csrf}".encode(),
                                   headers={"content-type": "application/x-www-form-urlencoded"},
                                   follow_redirects=False)
    assert response.status_code == 303
    page = visitor.get(response.headers["location"])
    assert page.status_code == 200 and f'href="#f-{field}"' in page.text
    assert visitor.get(response.headers["location"]).text.count(f'href="#f-{field}"') == 1


def test_the_openapi_schema_is_served(visitor: Visitor) -> None:
    schema = visitor.get("/demo/openapi.json").json()
    assert {"/sign-in", "/2fa/confirm", "/support", "/staff/tickets/{number}/reset"} <= set(schema["paths"])


def test_the_language_follows_the_link_then_stays(demo: tuple[TestClient, object, object]) -> None:
    client = demo[0]
    assert 'lang="en"' in client.get("/demo/scenarios/route-b?lang=en").text
    assert 'lang="en"' in client.get("/demo/").text
    assert 'lang="ja"' in TestClient(client.app).get("/demo/").text
    assert 'lang="en"' in TestClient(client.app).get("/demo/", headers={"accept-language": "en-GB,en"}).text


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_chunked_body_over_the_limit_gets_413_in_the_readers_language(visitor: Visitor, language: str) -> None:
    """SECURITY.md "Under load and faults": the limit holds when no Content-Length announces the size."""
    visitor.get(f"/demo/sign-in?lang={language}")

    def chunks() -> Iterator[bytes]:
        yield f"csrf={visitor.csrf}&email=".encode()
        for _ in range(40):
            yield b"x" * 2048

    response = visitor.client.post("/demo/sign-in", content=chunks(),
                                   headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    assert catalog(language)["status.413"] in response.text
    assert response.headers["cache-control"] == "no-store"


def test_a_chunked_body_under_the_limit_is_read_whole(visitor: Visitor) -> None:
    visitor.get("/demo/accounts/new")

    def chunks() -> Iterator[bytes]:
        yield f"csrf={visitor.csrf}&email=hanako%40example.com".encode()
        yield b"&password=correct+horse"

    response = visitor.client.post("/demo/accounts", content=chunks(),
                                   headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200 and response.url.path == "/demo/account"
