"""hooks/vectors.py: every RFC vector is recomputed, and a wrong one stops the build."""

from __future__ import annotations

import hmac
import json
import re
from pathlib import Path
from typing import Any

import pytest

from hooks.shared import load_vectors
from hooks.vectors import hotp_code, mismatches, totp_code
from tests.sites import ROOT, build, build_edited, copy_project

DATA = load_vectors(ROOT / "data" / "totp-vectors.json")


def rfc4226(key: bytes, counter: int, digits: int, digest: str) -> str:
    """RFC 4226 section 5.3 written out with the standard library, independent of pyotp."""
    mac = hmac.new(key, counter.to_bytes(8, "big"), digest).digest()
    offset = mac[-1] & 0x0F
    number = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def test_the_file_holds_all_rfc_vectors() -> None:
    assert len(DATA["hotp"]) == 10
    assert len(DATA["totp"]) == 18
    assert {v["algorithm"] for v in DATA["totp"]} == {"SHA1", "SHA256", "SHA512"}
    assert {len(v["seed_ascii"]) for v in DATA["totp"]} == {20, 32, 64}


@pytest.mark.parametrize("vector", DATA["hotp"], ids=lambda v: v["name"])
def test_hotp_vectors_hold_with_pyotp_and_with_plain_hmac(vector: dict[str, Any]) -> None:
    assert hotp_code(vector) == vector["code"]
    assert rfc4226(vector["seed_ascii"].encode(), vector["counter"], vector["digits"], "sha1") == vector["code"]


@pytest.mark.parametrize("vector", DATA["totp"], ids=lambda v: v["name"])
def test_totp_vectors_hold_with_pyotp_and_with_plain_hmac(vector: dict[str, Any]) -> None:
    assert totp_code(vector) == vector["code"]
    counter = vector["time"] // vector["step"]
    digest = vector["algorithm"].lower()
    assert rfc4226(vector["seed_ascii"].encode(), counter, vector["digits"], digest) == vector["code"]


def test_negative_control_sha256_with_the_20_byte_seed_is_caught() -> None:
    """The classic mistake: RFC 6238's SHA256 vector computed with the SHA1 seed gives 32247374."""
    wrong_seed = {**DATA["totp"][6], "seed_ascii": "12345678901234567890"}
    assert wrong_seed["algorithm"] == "SHA256" and wrong_seed["time"] == 59
    assert totp_code(wrong_seed) == "32247374"
    assert rfc4226(b"12345678901234567890", 1, 8, "sha256") == "32247374"
    assert mismatches({"hotp": [], "totp": [wrong_seed]}) == [
        "RFC 6238 B SHA256 T=59: expected 46119246, computed 32247374"
    ]


def test_a_wrong_vector_stops_the_build_and_names_it(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = json.loads((project / "data" / "totp-vectors.json").read_text(encoding="utf-8"))
    data["totp"][14]["code"] = "00000000"
    (project / "data" / "totp-vectors.json").write_text(json.dumps(data), encoding="utf-8")

    result = build(project, tmp_path / "site")

    assert not result.ok
    assert "RFC 6238 B SHA512 T=1111111111: expected 00000000, computed 99943326" in result.output


def test_the_vectors_page_lists_every_vector_in_both_languages(built_site: Path) -> None:
    for page in ("test-vectors.html", "en/test-vectors.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        for vector in DATA["hotp"] + DATA["totp"]:
            assert f"<code>{vector['code']}</code>" in html, (page, vector["name"])


def test_a_trailing_comma_in_the_vector_file_names_the_file_and_line(tmp_path: Path) -> None:
    text = (ROOT / "data" / "totp-vectors.json").read_text(encoding="utf-8")
    last_item_end = text.rindex("    }")
    result = build_edited(tmp_path, {
        "data/totp-vectors.json": lambda text: text[:last_item_end] + "    },\n  ]\n}\n"
    })

    comma = text[:last_item_end].count("\n") + 1
    assert not result.ok
    # Python 3.13 names the comma's line, 3.11 and 3.12 the "]" after it: either leads the writer there.
    assert re.search(rf"data/totp-vectors\.json:({comma}|{comma + 1}): not valid JSON", result.output)
    assert "a trailing comma after the last item is a common slip" in result.output
    assert "Traceback" not in result.output
