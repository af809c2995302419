"""The simulated authenticator's TOTP module (demo/static/totp.js), run in Chromium's WebCrypto.

It must reproduce the RFC 4226 and RFC 6238 vectors, agree with the demo backend's codes and
with ``normalise_key`` on what a person types, and read the Key URI the backend puts in QR codes.
It has no figure of the service's own (step, digits, algorithm, key limits): the page data
carries them, and a call without them throws instead of guessing.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterator
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Page

from demo.rules.normalise import KEY_INPUT_LIMIT, InvalidInput, normalise_key
from demo.web.context import otp_figures
from otp_core import key_uri, keys, totp
from tests.browser.conftest import OpenPage
from tests.sites import ROOT

pytestmark = pytest.mark.browser

VECTORS = json.loads((ROOT / "data" / "totp-vectors.json").read_text(encoding="utf-8"))
WEBCRYPTO = {"SHA1": "SHA-1", "SHA256": "SHA-256", "SHA512": "SHA-512"}
MODULE = "/demo/static/totp.js"


@pytest.fixture
def page(open_page: OpenPage) -> Iterator[Page]:
    """A demo page under the demo's CSP (script-src 'self'), where the module is imported."""
    visit = open_page("/demo/")
    yield visit.page
    # Only this module's own trouble counts: the page's other assets are other tests' concern.
    assert [error for error in visit.console_errors if "totp" in error] == []
    assert visit.foreign_requests == []


def run(page: Page, body: str, arg: Any = None) -> Any:
    """Run ``body`` as an async function of ``arg`` with the module bound to ``m``."""
    return page.evaluate(f"async (arg) => {{ const m = await import({MODULE!r}); {body} }}", arg)


def page_figures(page: Page) -> dict[str, Any]:
    """The figures the page gives its scripts (``demo.web.context.otp_figures``)."""
    return dict(page.evaluate('JSON.parse(document.getElementById("demo-data").textContent).otp'))


def seeded(vector: dict[str, Any]) -> dict[str, Any]:
    return {**vector, "algorithm": WEBCRYPTO[vector.get("algorithm", "SHA1")]}


def test_every_rfc_4226_value_is_reproduced(page: Page) -> None:
    vectors = [seeded(vector) for vector in VECTORS["hotp"]]
    assert len(vectors) == 10
    codes = run(page, """
        return Promise.all(arg.map((v) => m.hotp(new TextEncoder().encode(v.seed_ascii), v.counter,
                                                 {digits: v.digits, algorithm: v.algorithm})));
    """, vectors)
    assert {v["name"]: c for v, c in zip(vectors, codes, strict=True)} == {v["name"]: v["code"] for v in vectors}


def test_every_rfc_6238_value_is_reproduced(page: Page) -> None:
    vectors = [seeded(vector) for vector in VECTORS["totp"]]
    assert len(vectors) == 18
    codes = run(page, """
        return Promise.all(arg.map((v) => m.totp(
            new TextEncoder().encode(v.seed_ascii), v.time,
            {step: v.step, digits: v.digits, algorithm: v.algorithm})));
    """, vectors)
    assert {v["name"]: c for v, c in zip(vectors, codes, strict=True)} == {v["name"]: v["code"] for v in vectors}


def test_a_sha256_code_needs_the_sha256_seed(page: Page) -> None:
    """Negative control: the RFC 6238 SHA256 row with the 20-byte SHA1 seed gives another code."""
    vector = next(v for v in VECTORS["totp"] if v["algorithm"] == "SHA256" and v["time"] == 59)
    assert vector["code"] == "46119246"
    short_seed = next(v for v in VECTORS["totp"] if v["algorithm"] == "SHA1")["seed_ascii"]
    code = run(page, """
        return m.totp(new TextEncoder().encode(arg.seed), 59, {step: arg.step, digits: 8, algorithm: "SHA-256"});
    """, {"seed": short_seed, "step": vector["step"]})
    assert len(short_seed) == 20 and code == "32247374"


def test_the_page_gives_the_scripts_every_figure_of_the_server(page: Page) -> None:
    assert page_figures(page) == otp_figures() == {
        "step": totp.STEP_SECONDS, "digits": totp.DIGITS, "algorithm": totp.ALGORITHM,
        "key_min_length": keys.KEY_MIN_LENGTH, "key_input_limit": KEY_INPUT_LIMIT}


def test_without_the_figures_the_module_refuses_instead_of_guessing(page: Page) -> None:
    refused = run(page, """
        const key = m.decodeBase32("JBSWY3DPEHPK3PXP");
        const calls = [() => m.totp(key, 0, {}), () => m.hotp(key, 0, {}), () => m.stepAt(0),
                       () => m.secondsLeft(0), () => m.normaliseKey("JBSWY3DPEHPK3PXP", {}),
                       () => m.totp(key, 0, {step: 30, digits: 6})];
        return Promise.all(calls.map(async (call) => { try { await call(); return false; } catch { return true; } }));
    """)
    assert refused == [True] * 6


def test_the_backend_and_the_page_show_the_same_codes(page: Page) -> None:
    secret = keys.new_secret()
    boundary = 1_700_000_010  # a multiple of 30
    times = [0, 29, 30, boundary - 1, boundary, boundary + 1, boundary + 29, boundary + 30,
             2**32 * totp.STEP_SECONDS + 15]  # the last one's counter is 2^32, past 32 bits
    codes = run(page, """
        const key = m.decodeBase32(arg.secret);
        const options = {step: arg.otp.step, digits: arg.otp.digits, algorithm: m.ALGORITHMS[arg.otp.algorithm]};
        return Promise.all(arg.times.map((t) => m.totp(key, t, options)));
    """, {"secret": secret, "times": times, "otp": page_figures(page)})
    assert codes == [totp.code_at(secret, t) for t in times]


def test_hotp_counters_beyond_32_and_53_bits(page: Page) -> None:
    secret = keys.new_secret()
    counters = [2**32 - 1, 2**32, 2**40 + 7, 2**63 + 5]
    codes = run(page, """
        const key = m.decodeBase32(arg.secret);
        return Promise.all(arg.counters.map((c) => m.hotp(key, BigInt(c), {digits: 6, algorithm: "SHA-1"})));
    """, {"secret": secret, "counters": [str(c) for c in counters]})
    assert codes == [pyotp.HOTP(secret, digits=6).at(c) for c in counters]


@pytest.mark.parametrize("step", [totp.STEP_SECONDS, 60])
def test_step_and_countdown(page: Page, step: int) -> None:
    times = [0, 1, 29, 29.5, 30, 59, 59.9, 60, 1_700_000_039]  # 1_700_000_010 is a multiple of 30 and 60
    result = run(page, "return arg.times.map((t) => [m.stepAt(t, arg.step), m.secondsLeft(t, arg.step)]);",
                 {"times": times, "step": step})
    assert [step_ for step_, _ in result] == [int(t // step) for t in times]
    assert [left for _, left in result] == [math.ceil((t // step + 1) * step - t) for t in times]
    if step == 30:
        assert [left for _, left in result] == [30, 29, 1, 1, 30, 1, 1, 30, 1]


def python_result(text: str) -> dict[str, str]:
    try:
        return {"key": normalise_key(text)}
    except InvalidInput as error:
        return {"error": error.reason}


def full_width(text: str) -> str:
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) for c in text)


SPACED = "jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp"
KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
KEYS: list[tuple[str, dict[str, str]]] = [
    (SPACED, {"key": KEY}),
    (full_width(SPACED.upper()), {"key": KEY}),
    (full_width(SPACED), {"key": KEY}),
    ("JBSW-Y3DP\u2014EHPK\u30fc3PXP\tJBSW\u00a0Y3DP\x1cEHPK 3PXP", {"key": KEY}),
    ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ========", {"key": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}),
    ("A" * 128, {"key": "A" * 128}),
    ("JBSW0Y3DPEHPK3PXPJBSWY3DPEHPK3PXP", {"error": "error.key.ambiguous"}),
    ("J8SW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PX1", {"error": "error.key.ambiguous"}),
    ("JBSW\u2460Y3DPEHPK3PXPJBSWY3DPEHPK3PXP", {"error": "error.key.ambiguous"}),  # circled 1
    ("0O", {"error": "error.key.ambiguous"}),
    ("JBSW!Y3DPEHPK3PXPJBSWY3DPEHPK3PXP", {"error": "error.key.invalid"}),
    ("JBSW0!Y3DPEHPK3PXPJBSWY3DPEHPK3PXP", {"error": "error.key.invalid"}),
    ("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXé", {"error": "error.key.invalid"}),
    ("\ufeff" + KEY, {"error": "error.key.invalid"}),  # not a space to Python, so not to the page
    ("A" * 27, {"error": "error.key.invalid"}),  # no Base32 text has 27 characters
    ("A" * 129, {"error": "error.key.invalid"}),
    ("JBSWY3DPEHPK3PXP", {"error": "error.key.too_short"}),
    ("A" * 25, {"error": "error.key.too_short"}),
    ("", {"error": "error.text.required"}),
    (" \u3000\n ", {"error": "error.text.required"}),
    ("=", {"error": "error.key.too_short"}),
    (keys.KEY_ALPHABET, {"key": keys.KEY_ALPHABET}),  # every symbol of the server's alphabet, once
    (keys.KEY_ALPHABET.lower(), {"key": keys.KEY_ALPHABET}),
]


def test_normalise_key_agrees_with_the_server(page: Page) -> None:
    texts = [text for text, _ in KEYS]
    assert [python_result(text) for text in texts] == [expected for _, expected in KEYS]
    results = run(page, "return arg.texts.map((text) => m.normaliseKey(text, arg.otp));",
                  {"texts": texts, "otp": page_figures(page)})
    mismatches = [(text, got, want) for (text, want), got in zip(KEYS, results, strict=True) if got != want]
    assert mismatches == []


def test_decode_base32_reads_what_the_backend_writes(page: Page) -> None:
    secret = keys.new_secret()
    decoded = run(page, "return Array.from(m.decodeBase32(arg));", secret)
    assert bytes(decoded) == base64.b32decode(secret)
    refused = run(page, """
        return ["JBSW!", "jbsw", "JBS", "JB1W"].map((text) => {
            try { m.decodeBase32(text); return false; } catch { return true; }
        });
    """)
    assert refused == [True, True, True, True]


def test_the_key_uri_of_a_japanese_issuer_is_read_back(page: Page) -> None:
    secret = keys.new_secret()
    uri = key_uri.otpauth_uri(secret, account="花子@example.com", issuer="つばめ")
    parsed, code = run(page, """
        const parsed = m.parseOtpauthUri(arg.uri);
        const options = {step: parsed.period, digits: parsed.digits, algorithm: parsed.algorithm};
        return [parsed, await m.totp(m.decodeBase32(parsed.secret), arg.time, options)];
    """, {"uri": uri, "time": 1_700_000_000})
    assert parsed == {"issuer": "つばめ", "account": "花子@example.com", "secret": secret,
                      "algorithm": "SHA-1", "digits": 6, "period": 30}
    assert code == totp.code_at(secret, 1_700_000_000)


def test_key_uri_parameters_and_refusals(page: Page) -> None:
    secret = keys.new_secret()
    good = (f"otpauth://totp/Example%3Aalice?secret={secret.lower()}"
            "&algorithm=SHA512&digits=8&period=60")
    bad = [
        f"otpauth://hotp/Example:alice?secret={secret}&counter=0",
        f"https://example.com/totp/Example:alice?secret={secret}",
        "otpauth://totp/Example:alice?issuer=Example",
        "otpauth://totp/Example:alice?secret=JBSW1Y3DP",
        f"otpauth://totp/Example:alice?secret={secret}&algorithm=MD5",
        f"otpauth://totp/Example:alice?secret={secret}&digits=7",
        f"otpauth://totp/%E0%A4:alice?secret={secret}",
    ]
    parsed, refused = run(page, """
        const refused = arg.bad.map((uri) => {
            try { m.parseOtpauthUri(uri); return false; } catch { return true; }
        });
        return [m.parseOtpauthUri(arg.good), refused];
    """, {"good": good, "bad": bad})
    assert parsed == {"issuer": "Example", "account": "alice", "secret": secret,
                      "algorithm": "SHA-512", "digits": 8, "period": 60}
    assert refused == [True] * len(bad)
