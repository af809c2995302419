"""otp_core: the codes, keys, recovery codes, Key URI and QR code the help center and the demo share."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import math
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pyotp
import pytest
import zxingcpp
from PIL import Image

from content import figures
from otp_core import key_uri, keys, qr, recovery_codes, totp

KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def plain_totp(secret: str, unix_time: int, *, step: int, digits: int) -> str:
    """RFC 6238 with SHA1 from the standard library alone: an oracle beside pyotp."""
    counter = unix_time // step
    mac = hmac.new(base64.b32decode(secret), counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return str((int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF) % 10**digits).zfill(digits)


def test_a_new_key_is_160_random_bits_as_32_base32_characters() -> None:
    key = keys.new_secret()
    assert len(key) == keys.KEY_LENGTH == 32
    assert len(base64.b32decode(key)) == keys.KEY_BYTES == 20
    assert set(key) <= set(keys.KEY_ALPHABET)
    assert keys.new_secret() != key


def test_a_key_is_shown_in_groups_of_four() -> None:
    assert keys.format_key(KEY) == "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"


def test_a_key_is_written_without_padding_whatever_its_byte_count() -> None:
    assert keys.key_from_bytes(bytes(16)) == "A" * 26  # 128 bits: 26 characters, not 32 with "======"
    assert base64.b32decode(keys.key_from_bytes(b"\x01" * 16) + "======") == b"\x01" * 16


def test_the_shortest_key_accepted_carries_128_bits_and_one_character_less_does_not() -> None:
    assert keys.KEY_MIN_BITS == 128
    assert keys.KEY_MIN_LENGTH * 5 >= keys.KEY_MIN_BITS > (keys.KEY_MIN_LENGTH - 1) * 5
    assert keys.KEY_MIN_LENGTH == 26


def test_the_accepted_window_is_three_steps_of_thirty_seconds() -> None:
    assert (totp.STEP_SECONDS, totp.WINDOW_STEPS) == (30, 1)
    assert figures.figures()["window_seconds"] == "90" and figures.figures()["drift_seconds"] == "30"


def test_codes_are_six_digit_sha1_codes_that_any_key_uri_app_can_show() -> None:
    """The Key URI format allows 6 or 8 digits and SHA1, SHA256 or SHA512; SHA1 is what every app reads."""
    assert (totp.DIGITS, totp.ALGORITHM) == (6, "SHA1")


@pytest.mark.parametrize("moment", [0, 29, 30, 59, 1_111_111_109, 1_700_000_010, 2_000_000_000])
def test_a_code_is_rfc_6238_from_the_module_figures(moment: int) -> None:
    assert totp.code_at(KEY, moment) == plain_totp(KEY, moment, step=totp.STEP_SECONDS, digits=totp.DIGITS)


def test_the_code_figures_are_read_when_a_code_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing copies them at import: a different step or length changes every code made after."""
    monkeypatch.setattr(totp, "STEP_SECONDS", 60)
    monkeypatch.setattr(totp, "DIGITS", 8)
    code = totp.code_at(KEY, 1_700_000_010)
    assert code == plain_totp(KEY, 1_700_000_010, step=60, digits=8) and len(code) == 8
    assert totp.step_at(1_700_000_010) == 1_700_000_010 // 60
    assert totp.matching_step(KEY, code, 1_700_000_010 + 60) == 1_700_000_010 // 60


def test_the_key_uri_writes_every_parameter_from_the_module_figures() -> None:
    uri = key_uri.otpauth_uri(KEY, account="hanako@example.com", issuer="Tsubame")
    assert uri == (f"otpauth://totp/Tsubame:hanako@example.com?secret={KEY}&issuer=Tsubame"
                   "&algorithm=SHA1&digits=6&period=30")


def test_the_key_uri_follows_a_changed_step_and_length(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(totp, "STEP_SECONDS", 60)
    monkeypatch.setattr(totp, "DIGITS", 8)
    app = pyotp.parse_uri(key_uri.otpauth_uri(KEY, account="a@example.com", issuer="Tsubame"))
    assert isinstance(app, pyotp.TOTP) and (app.interval, app.digits) == (60, 8)
    assert app.at(1_700_000_010) == totp.code_at(KEY, 1_700_000_010)


def test_a_japanese_issuer_and_account_are_percent_encoded_and_read_back() -> None:
    uri = key_uri.otpauth_uri(KEY, account="花子@example.com", issuer="つばめ 銀行")
    parts = urlsplit(uri)
    assert uri.isascii() and (parts.scheme, parts.netloc) == ("otpauth", "totp")
    issuer, _, account = unquote(parts.path.lstrip("/")).partition(":")
    assert (issuer, account) == ("つばめ 銀行", "花子@example.com")
    query = parse_qs(parts.query)
    assert query == {"secret": [KEY], "issuer": ["つばめ 銀行"], "algorithm": ["SHA1"], "digits": ["6"],
                     "period": ["30"]}
    app = pyotp.parse_uri(uri)
    assert (app.issuer, app.name) == ("つばめ 銀行", "花子@example.com")


def test_a_colon_in_the_issuer_cannot_split_the_label_elsewhere() -> None:
    uri = key_uri.otpauth_uri(KEY, account="a@example.com", issuer="A:B")
    assert uri.startswith("otpauth://totp/A%3AB:a@example.com?")


def test_the_qr_code_decodes_to_the_uri() -> None:
    uri = key_uri.otpauth_uri(keys.new_secret(), account="花子@example.com", issuer="つばめ")
    svg = qr.qr_svg(uri)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and qr.qr_svg(uri) == svg
    size = int(svg.split('viewBox="0 0 ', 1)[1].split(" ", 1)[0])
    scale, margin = 4, 8  # pixels a module; a wider quiet zone than the SVG's own two modules
    image = Image.new("L", (size * scale + 2 * margin, size * scale + 2 * margin), 255)
    for run in re.findall(r"M(\d+) (\d+)h(\d+)v1H\d+z", svg):  # one rectangle per run of dark modules
        x, y, width = map(int, run)
        image.paste(0, (margin + x * scale, margin + y * scale, margin + (x + width) * scale, margin + (y + 1) * scale))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    decoded = zxingcpp.read_barcodes(Image.open(buffer))
    assert [code.text for code in decoded] == [uri]


def test_the_recovery_alphabet_has_thirty_unambiguous_symbols() -> None:
    alphabet = recovery_codes.RECOVERY_ALPHABET
    assert len(alphabet) == len(set(alphabet)) == 30
    assert not set("0O1ILU") & set(alphabet)
    assert set(alphabet) <= set("23456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def test_a_recovery_code_carries_at_least_64_bits_in_whole_groups() -> None:
    """NIST SP 800-63B-4 section 4.2.1.1 (issue 21): the bits a code carries, from its alphabet and
    length, are at least 64; the code is the shortest whole number of groups that does it."""
    bits_per_symbol = math.log2(len(recovery_codes.RECOVERY_ALPHABET))
    length, group = recovery_codes.RECOVERY_CODE_LENGTH, recovery_codes.RECOVERY_GROUP
    assert length * bits_per_symbol >= 64 and recovery_codes.RECOVERY_CODE_BITS == 64
    assert length % group == 0 and (length - group) * bits_per_symbol < 64
    assert (length, round(length * bits_per_symbol, 1)) == (15, 73.6)


def test_a_new_recovery_code_is_random_from_the_alphabet() -> None:
    code = recovery_codes.new_recovery_code()
    assert len(code) == recovery_codes.RECOVERY_CODE_LENGTH
    assert set(code) <= set(recovery_codes.RECOVERY_ALPHABET)
    assert len({recovery_codes.new_recovery_code() for _ in range(20)}) == 20


def test_a_recovery_code_is_shown_in_groups_of_five() -> None:
    assert recovery_codes.format_recovery_code("ABCDEFGHJKMNPQR") == "ABCDE-FGHJK-MNPQR"
    assert recovery_codes.EXAMPLE.count("-") == 2 and len(recovery_codes.EXAMPLE) == 17
