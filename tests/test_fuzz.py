"""Property-based fuzzing (issue 6): every endpoint in the OpenAPI schema and every normaliser
take anything without a 5xx or an unhandled exception; every rejection is a 4xx."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo.rules import normalise
from tests.demo_client import Visitor, demo_server, operations

TEXT = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    st.sampled_from(["", "０９０－１２３４－５６７８", "１２３ ４５６", "\u202e123456", "a" * 5000, "2024-02-30",
                     "999999999999999999999", "-1", "%00", "\x00"]),
)
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NORMALISERS: list[Callable[[str], object]] = [
    normalise.normalise_code, normalise.normalise_recovery_code, normalise.normalise_key,
    normalise.normalise_phone, normalise.normalise_email,
    lambda text: normalise.normalise_text(text, max_length=100),
    lambda text: normalise.parse_birth_date(text, today=datetime.date(2026, 11, 25)),
]


@pytest.mark.parametrize("normaliser", NORMALISERS)
@FUZZ
@given(text=TEXT)
def test_normalisers_return_a_value_or_a_named_reason(normaliser: Callable[[str], object], text: str) -> None:
    try:
        normaliser(text)
    except normalise.InvalidInput as error:
        assert error.reason in normalise.REASONS


@pytest.fixture(scope="module")
def signed_in() -> Iterator[Visitor]:
    """One demo visitor with an account, a pending setup and a ticket, for the whole module."""
    with tempfile.TemporaryDirectory() as folder, demo_server(Path(folder)) as (client, clock, _):
        client = TestClient(client.app, raise_server_exceptions=False, follow_redirects=False)
        visitor = Visitor(client, clock)
        visitor.get("/demo/")
        visitor.sign_up()
        visitor.post("/demo/2fa/setup")
        yield visitor


@pytest.mark.parametrize(("method", "path", "fields"), operations())
@FUZZ
@given(data=st.data())
def test_no_endpoint_answers_5xx(signed_in: Visitor, method: str, path: str, fields: list[str],
                                 data: st.DataObject) -> None:
    concrete = path.replace("{number}", str(data.draw(st.integers(min_value=-5, max_value=2**70))))
    concrete = concrete.replace("{scenario}", data.draw(st.sampled_from(["route-a", "x", "..", "%2e"])))
    concrete = concrete.replace("{name}", quote(data.draw(st.text(max_size=40)), safe="") or "x")
    url = "/demo" + concrete
    if method == "get":
        response = signed_in.client.get(url, params={"lang": data.draw(TEXT)})
    else:
        form = {name: data.draw(TEXT) for name in fields if name not in ("csrf", "photo")}
        form["csrf"] = data.draw(st.sampled_from([signed_in.csrf, "", "forged"]))
        files = {"photo": ("x.jpg", data.draw(st.binary(max_size=2000)), "image/jpeg")} if "photo" in fields else None
        response = signed_in.client.post(url, data=form, files=files)
    assert response.status_code < 500, (method, url, response.text[:200])
