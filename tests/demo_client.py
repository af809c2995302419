"""A demo server in a temporary folder, driven through FastAPI's test client with a clock the test sets."""

from __future__ import annotations

import io
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient
from PIL import Image

from otp_core import totp
from server.app import create_app
from server.settings import Settings

START = 1_800_000_000.0
"""A fixed moment (2027-01-15 08:00 UTC) at the start of a 30-second step."""


@dataclass
class Clock:
    now: float = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class ShiftedClock:
    """The shared server's clock: real time plus what the tests have skipped, so a scenario can
    move on to the next 30-second step without waiting for it (the browser's clock moves too)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def skip(self, seconds: float) -> None:
        self.offset += seconds


@dataclass
class Visitor:
    """One browser: its cookies, its sandbox's CSRF token and what it last saw."""

    client: TestClient
    clock: Clock
    csrf: str = ""
    key: str = ""
    recovery_codes: list[str] = field(default_factory=list)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        response = self.client.get(path, **kwargs)
        found = re.search(r'name="csrf" value="([^"]+)"', response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def post(self, path: str, data: dict[str, str] | None = None, **kwargs: Any) -> httpx.Response:
        if not self.csrf:
            self.get("/demo/sign-in")  # any page with a form carries the sandbox token
        return self.client.post(path, data={"csrf": self.csrf, **(data or {})}, **kwargs)

    def code(self, offset_steps: int = 0, key: str | None = None) -> str:
        return totp.code_at(key or self.key, int(self.clock.now) + offset_steps * totp.STEP_SECONDS)

    def sign_up(self, email: str = "hanako@example.com", password: str = "correct horse") -> httpx.Response:
        return self.post("/demo/accounts", {"email": email, "password": password})

    def set_up_two_factor(self) -> httpx.Response:
        page = self.post("/demo/2fa/setup")
        self.key = key_on(page)
        confirmed = self.post("/demo/2fa/confirm", {"code": self.code()})
        self.recovery_codes = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", confirmed.text)
        self.post("/demo/2fa/recovery-codes/saved", {"saved": "yes"})
        self.clock.advance(totp.STEP_SECONDS)  # the confirming code's step is spent
        return confirmed

    def sign_in(self, email: str = "hanako@example.com", password: str = "correct horse") -> httpx.Response:
        return self.post("/demo/sign-in", {"email": email, "password": password})

    def sign_in_with_code(self, key: str | None = None) -> httpx.Response:
        """Password, then the current code; the step is then spent, so the clock moves on."""
        self.sign_in()
        page = self.post("/demo/sign-in/code", {"code": self.code(key=key)})
        self.clock.advance(totp.STEP_SECONDS)
        return page

    def another_browser(self) -> Visitor:
        """The same sandbox in a second browser (a phone, say): its own session cookie."""
        client = TestClient(self.client.app, base_url=str(self.client.base_url), follow_redirects=True)
        for cookie in self.client.cookies.jar:
            if cookie.name.endswith("sandbox") or cookie.name.endswith("lang"):
                client.cookies.set(cookie.name, cookie.value or "", domain=cookie.domain, path=cookie.path)
        return Visitor(client, self.clock, self.csrf, self.key, list(self.recovery_codes))


FORM = {
    "name": "山田 花子", "address": "東京都千代田区1-1", "birth_date": "1990-04-01",
    "phone": "０９０－１２３４－５６７８", "phone_changed": "yes", "new_phone": "080ー1111ー2222",
    "email": "hanako@example.com", "details": "スマホを水没させました",
}


def photo(colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return out.getvalue()


def file_route_c_request(visitor: Visitor) -> int:
    """A support request with its ID selfie, as route C files it; the ticket number."""
    page = visitor.post("/demo/support", FORM)
    number = int(page.url.path.rsplit("/", 1)[1])
    visitor.post(f"/demo/support/{number}/selfie", files={"photo": ("me.jpg", photo(), "image/jpeg")})
    return number


def staff_reset(visitor: Visitor, number: int) -> None:
    visitor.post("/demo/staff/sign-in")
    done = visitor.post(f"/demo/staff/tickets/{number}/reset")
    assert done.status_code == 200 and 'data-status="resolved"' in done.text


def refused(page: httpx.Response) -> bool:
    """A form the demo refused: answered with a redirect back to its page, which names the errors."""
    return bool(page.history) and page.history[0].status_code == 303 and "form=" in str(page.url) and (
        'id="errors"' in page.text or 'class="demo-error"' in page.text)


def key_on(page: httpx.Response) -> str:
    found = re.search(r"<code data-key>([A-Z2-7 ]+)</code>", page.text)
    assert found, "no key on the page"
    return found.group(1).replace(" ", "")


def operations() -> list[tuple[str, str, list[str]]]:
    """Every operation of the demo's OpenAPI schema: its method, its path (under ``/demo``) and the
    fields of its form."""
    with tempfile.TemporaryDirectory() as folder, demo_server(Path(folder)) as (client, _, _):
        schema: dict[str, Any] = client.get("/demo/openapi.json").json()
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {})
            ref = next(iter(body.values()), {}).get("schema", {}).get("$ref", "")
            fields = list(schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]) if ref else []
            found.append((method, path, fields))
    return found


@contextmanager
def demo_server(folder: Path, site_dir: Path | None = None) -> Iterator[tuple[TestClient, Clock, Settings]]:
    clock = Clock()
    (folder / "no-site").mkdir(exist_ok=True)  # the help center is not built for demo tests
    settings = Settings(
        host="127.0.0.1", port=0, site_dir=site_dir or folder / "no-site", data_dir=folder / "data",
        key_file=folder / "data-key", base_url="http://testserver",
    )
    with TestClient(create_app(settings, clock), follow_redirects=True) as client:
        yield client, clock, settings
