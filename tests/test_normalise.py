"""demo/rules/normalise.py: what people type in Japanese or English becomes one value or a reason."""

from __future__ import annotations

import base64
import datetime
from collections.abc import Callable

import pytest

from demo.rules import normalise
from demo.rules.normalise import InvalidInput
from otp_core import keys, recovery_codes, totp

TODAY = datetime.date(2024, 6, 15)
KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
KEY_26 = "JBSWY3DPEHPK3PXPJBSWY3DPEH"

Normaliser = Callable[[str], object]


def birth_date(text: str) -> datetime.date:
    return normalise.parse_birth_date(text, today=TODAY)


def short_text(text: str) -> str:
    return normalise.normalise_text(text, max_length=10)


ACCEPTED: list[tuple[Normaliser, str, object]] = [
    (normalise.normalise_code, "123456", "123456"),
    (normalise.normalise_code, "１２３ ４５６", "123456"),
    (normalise.normalise_code, "123-456", "123456"),
    (normalise.normalise_code, "123\u3000456", "123456"),
    (normalise.normalise_code, "\t123 456\n", "123456"),
    (normalise.normalise_code, "123ー456", "123456"),
    (normalise.normalise_code, "123ｰ456", "123456"),
    (normalise.normalise_code, "123\u2212456", "123456"),
    (normalise.normalise_code, "123\u2013456", "123456"),
    (normalise.normalise_code, "１２３－４５６", "123456"),
    (normalise.normalise_recovery_code, "ABCDE-FGHJK-MNPQR", "ABCDEFGHJKMNPQR"),
    (normalise.normalise_recovery_code, "abcde fghjk mnpqr", "ABCDEFGHJKMNPQR"),
    (normalise.normalise_recovery_code, "ＡＢＣＤＥーＦＧＨＪＫーＭＮＰＱＲ", "ABCDEFGHJKMNPQR"),
    (normalise.normalise_recovery_code, "23456789XYZ2345", "23456789XYZ2345"),
    (normalise.normalise_key, KEY, KEY),
    (normalise.normalise_key, "jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp", KEY),
    (normalise.normalise_key, "JBSW-Y3DP-EHPK-3PXP-JBSW-Y3DP-EHPK-3PXP", KEY),
    (normalise.normalise_key, "ＪＢＳＷ　Ｙ３ＤＰ　ＥＨＰＫ　３ＰＸＰ　ＪＢＳＷ　Ｙ３ＤＰ　ＥＨＰＫ　３ＰＸＰ", KEY),
    (normalise.normalise_key, KEY_26, KEY_26),
    (normalise.normalise_key, KEY_26 + "======", KEY_26),
    (normalise.normalise_phone, "０９０－１２３４－５６７８", "+819012345678"),
    (normalise.normalise_phone, "090ー1234ー5678", "+819012345678"),
    (normalise.normalise_phone, "+81 90 1234 5678", "+819012345678"),
    (normalise.normalise_phone, "090-1234-5678", "+819012345678"),
    (normalise.normalise_phone, "09012345678", "+819012345678"),
    (normalise.normalise_phone, "090\u22121234\u22125678", "+819012345678"),
    (normalise.normalise_phone, "(03) 1234-5678", "+81312345678"),
    (normalise.normalise_phone, "+1 650 253 0000", "+16502530000"),
    (birth_date, "1990-04-01", datetime.date(1990, 4, 1)),
    (birth_date, "1990/4/1", datetime.date(1990, 4, 1)),
    (birth_date, "1990年4月1日", datetime.date(1990, 4, 1)),
    (birth_date, "１９９０年　４月　１日", datetime.date(1990, 4, 1)),
    (birth_date, "１９９０－０４－０１", datetime.date(1990, 4, 1)),
    (birth_date, "2024-06-15", TODAY),
    (birth_date, "2000-02-29", datetime.date(2000, 2, 29)),
    (birth_date, "1894-06-16", datetime.date(1894, 6, 16)),
    (normalise.normalise_email, "hanako@example.com", "hanako@example.com"),
    (
        normalise.normalise_email,
        "Hanako.Yamada+2fa@Example.co.jp",
        "Hanako.Yamada+2fa@example.co.jp",
    ),
    (normalise.normalise_email, "  ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｃｏｍ ", "hanako@example.com"),
    (normalise.normalise_email, "taro..yamada.@docomo.ne.jp", "taro..yamada.@docomo.ne.jp"),
    (normalise.normalise_email, "a@xn--eckwd4c7c.xn--zckzah", "a@xn--eckwd4c7c.xn--zckzah"),
    (short_text, "  山田 花子  ", "山田 花子"),
    (short_text, "ﾔﾏﾀﾞ ﾊﾅｺ", "ヤマダ ハナコ"),
    (short_text, "Hanako\u200b", "Hanako"),
    (short_text, "abc\u202edef", "abcdef"),
    (short_text, "a\x00b", "ab"),
    (short_text, "a\r\nb\rc", "a\nb\nc"),
    (short_text, "a\tb", "a b"),
    (short_text, "\ufeff１２３", "123"),
    (short_text, "x" * 10, "x" * 10),
]

REJECTED: list[tuple[Normaliser, str, str]] = [
    (normalise.normalise_code, "", "error.text.required"),
    (normalise.normalise_code, " \u3000", "error.text.required"),
    (normalise.normalise_code, "12345", "error.code.format"),
    (normalise.normalise_code, "1234567", "error.code.format"),
    (normalise.normalise_code, "12345٣", "error.code.format"),
    (normalise.normalise_code, "١٢٣٤٥٦", "error.code.format"),
    (normalise.normalise_code, "12345a", "error.code.format"),
    (normalise.normalise_code, "123.456", "error.code.format"),
    (normalise.normalise_code, "---", "error.code.format"),
    (normalise.normalise_code, "123456" + " " * 27, "error.code.format"),
    (normalise.normalise_recovery_code, "ABCDE-FGHJK", "error.recovery.format"),
    (normalise.normalise_recovery_code, "ABCDE-FGHJK-MNPQRS", "error.recovery.format"),
    (normalise.normalise_recovery_code, "ABCDEF-GHJKM", "error.recovery.format"),  # the length before 64 bits
    (normalise.normalise_recovery_code, "ABCDE-FGHJK-MNPQ0", "error.recovery.format"),
    (normalise.normalise_recovery_code, "ABCDE-FGHJK-MNPQO", "error.recovery.format"),
    (normalise.normalise_recovery_code, "ABCDE-FGHJK-MNPQI", "error.recovery.format"),
    (normalise.normalise_recovery_code, "ABCDE-FGHJK-MNPQU", "error.recovery.format"),
    (normalise.normalise_recovery_code, "ABCDE-FGHJK-MNPQß", "error.recovery.format"),
    (normalise.normalise_recovery_code, "ABCDE-FGHJK-MNPQR" + " " * 48, "error.recovery.format"),
    (normalise.normalise_key, "", "error.text.required"),
    (normalise.normalise_key, KEY[:-1] + "0", "error.key.ambiguous"),
    (normalise.normalise_key, KEY[:-1] + "1", "error.key.ambiguous"),
    (normalise.normalise_key, KEY[:-1] + "8", "error.key.ambiguous"),
    (normalise.normalise_key, KEY[:-1] + "9", "error.key.invalid"),
    (normalise.normalise_key, KEY[:-2] + "09", "error.key.invalid"),
    (normalise.normalise_key, KEY[:-1] + "!", "error.key.invalid"),
    (normalise.normalise_key, KEY[:-1] + "ß", "error.key.invalid"),
    (normalise.normalise_key, KEY_26[:-1], "error.key.too_short"),
    (normalise.normalise_key, "JBSWY3DP", "error.key.too_short"),
    (normalise.normalise_key, KEY_26 + "A", "error.key.invalid"),
    (normalise.normalise_key, "A" * 129, "error.key.invalid"),
    (normalise.normalise_phone, "", "error.text.required"),
    (normalise.normalise_phone, "12345", "error.phone.invalid"),
    (normalise.normalise_phone, "abc", "error.phone.invalid"),
    (normalise.normalise_phone, "0120-ABC-DEF", "error.phone.invalid"),
    (normalise.normalise_phone, "٠٩٠١٢٣٤٥٦٧٨", "error.phone.invalid"),
    (normalise.normalise_phone, "090-1234-5678 ext. 12", "error.phone.invalid"),
    (normalise.normalise_phone, "090-1234-567", "error.phone.invalid"),
    (normalise.normalise_phone, "0" * 41, "error.phone.invalid"),
    (birth_date, "", "error.text.required"),
    (birth_date, "2023-02-30", "error.date.invalid"),
    (birth_date, "2023-13-01", "error.date.invalid"),
    (birth_date, "0000-01-01", "error.date.invalid"),
    (birth_date, "01/04/1990", "error.date.invalid"),
    (birth_date, "平成2年4月1日", "error.date.invalid"),
    (birth_date, "١٩٩٠-٠٤-٠١", "error.date.invalid"),
    (birth_date, "yesterday", "error.date.invalid"),
    (birth_date, "1990-04-01" + " " * 23, "error.date.invalid"),
    (birth_date, "2024-06-16", "error.date.future"),
    (birth_date, "1894-06-15", "error.date.too_old"),
    (birth_date, "1800-01-01", "error.date.too_old"),
    (normalise.normalise_email, "hanako@", "error.email.invalid"),
    (normalise.normalise_email, "@example.com", "error.email.invalid"),
    (normalise.normalise_email, "hanako example.com", "error.email.invalid"),
    (normalise.normalise_email, "hanako@@example.com", "error.email.invalid"),
    (normalise.normalise_email, "hanako@example", "error.email.invalid"),
    (normalise.normalise_email, "hanako@exa mple.com", "error.email.invalid"),
    (normalise.normalise_email, "hanako@-example.com", "error.email.invalid"),
    (normalise.normalise_email, "hanako@example..com", "error.email.invalid"),
    (normalise.normalise_email, "hanako@example_1.com", "error.email.invalid"),
    (normalise.normalise_email, "o'neil@example.com", "error.email.invalid"),
    (normalise.normalise_email, "花子@example.com", "error.email.invalid"),
    (normalise.normalise_email, "a" * 65 + "@example.com", "error.email.invalid"),
    (normalise.normalise_email, "a@" + "b" * 250 + ".jp", "error.email.invalid"),
    (short_text, "", "error.text.required"),
    (short_text, " \u3000\n\u200b", "error.text.required"),
    (short_text, "x" * 11, "error.text.too_long"),
    (short_text, "x" * 21, "error.text.too_long"),
    (short_text, "㍻" * 6, "error.text.too_long"),
]


@pytest.mark.parametrize(("normaliser", "text", "expected"), ACCEPTED)
def test_accepted_input_becomes_its_canonical_form(
    normaliser: Normaliser, text: str, expected: object
) -> None:
    assert normaliser(text) == expected


@pytest.mark.parametrize(("normaliser", "text", "reason"), REJECTED)
def test_rejected_input_raises_its_reason(normaliser: Normaliser, text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        normaliser(text)
    assert raised.value.reason == reason
    assert str(raised.value) == reason


def test_every_reason_raised_is_listed_and_every_listed_reason_is_raised() -> None:
    raised = {reason for _, _, reason in REJECTED}
    assert raised == set(normalise.REASONS)
    assert len(normalise.REASONS) == len(set(normalise.REASONS))


def test_invalid_input_is_a_value_error() -> None:
    assert issubclass(InvalidInput, ValueError)


def test_optional_text_may_be_empty() -> None:
    assert normalise.normalise_text(" \u200b ", max_length=10, required=False) == ""


def test_text_keeps_line_breaks_inside_free_text() -> None:
    assert normalise.normalise_text("1行目\n\n2行目\n", max_length=20) == "1行目\n\n2行目"


def reason_for(normaliser: Normaliser, text: str) -> str:
    with pytest.raises(InvalidInput) as raised:
        normaliser(text)
    return raised.value.reason


def test_a_new_recovery_code_survives_its_own_display_format() -> None:
    code = recovery_codes.new_recovery_code()
    shown = recovery_codes.format_recovery_code(code)
    assert shown == f"{code[:5]}-{code[5:10]}-{code[10:]}"
    assert normalise.normalise_recovery_code(shown) == code
    assert normalise.normalise_recovery_code(shown.lower().replace("-", "ー")) == code


def test_the_shortest_accepted_key_carries_128_bits() -> None:
    assert keys.KEY_MIN_LENGTH == len(KEY_26) == 26
    assert len(base64.b32decode(normalise.normalise_key(KEY_26) + "======")) == 16
    assert reason_for(normalise.normalise_key, KEY_26[:-1]) == "error.key.too_short"


def test_the_code_length_comes_from_the_otp_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read when a code is typed, not copied at import: eight digits pass once the core says eight."""
    assert normalise.normalise_code("0" * totp.DIGITS) == "0" * totp.DIGITS
    monkeypatch.setattr(totp, "DIGITS", 8)
    assert normalise.normalise_code("1234 5678") == "12345678"
    assert reason_for(normalise.normalise_code, "123456") == "error.code.format"


def test_the_recovery_code_and_key_rules_come_from_the_otp_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recovery_codes, "RECOVERY_CODE_LENGTH", 12)
    monkeypatch.setattr(keys, "KEY_MIN_LENGTH", 32)
    assert reason_for(normalise.normalise_recovery_code, "ABCDEF-GHJKM") == "error.recovery.format"
    assert normalise.normalise_recovery_code("ABCDEF-GHJKMN") == "ABCDEFGHJKMN"
    assert reason_for(normalise.normalise_key, KEY_26) == "error.key.too_short"
    assert normalise.normalise_key(KEY) == KEY


@pytest.mark.parametrize(
    ("born", "today", "reason"),
    [
        (datetime.date(1894, 6, 16), datetime.date(2024, 6, 16), "error.date.too_old"),
        (datetime.date(1892, 2, 29), datetime.date(2022, 2, 28), None),
        (datetime.date(1892, 2, 29), datetime.date(2022, 3, 1), "error.date.too_old"),
    ],
)
def test_age_counts_whole_years_and_leap_day_birthdays_come_on_first_march(
    born: datetime.date, today: datetime.date, reason: str | None
) -> None:
    if reason is None:
        assert normalise.parse_birth_date(born.isoformat(), today=today) == born
    else:
        with pytest.raises(InvalidInput, match=reason):
            normalise.parse_birth_date(born.isoformat(), today=today)
