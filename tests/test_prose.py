"""hooks/prose.py: no secret key or otpauth URI is typed into an article by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hooks.prose import OTPAUTH, find_keys, prose_lines
from tests.sites import ROOT, build, build_edited, copy_project

FIX = "typed by hand would go stale; use a ```totp-sample``` block (see README)"
FINDS: dict[str, Callable[[str], object]] = {
    "a secret key": find_keys,
    "an otpauth URI": OTPAUTH.search,
}

KEYS = [
    ("JBSWY3DPEHPK3PXP", True),
    ("JBSW Y3DP EHPK 3PXP", True),
    ("キーは JBSW Y3DP EHPK 3PXP です", True),
    ("キーはJBSWY3DPEHPK3PXPです", True),
    ("`GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ`", True),
    ("JBSW Y3DP EHPK 3PXP GEZD GNBV GY3T QOJ", True),  # a short last group
    ("ABCDEFGHIJKLMNOP", False),  # letters only
    ("SETTINGS", False),
    ("AUTHENTICATIONCODES", False),
    ("THIS CODE WILL WORK ONLY ONCE", False),
    ("2345 6723 4567 2345", False),  # digits only
    ("JBSWY3DPEHPK3PX", False),  # 15 characters
    ("JBSW Y3DP EHPK", False),
    ("JBSW  Y3DP  EHPK  3PXP", False),  # not single spaces
    ("jbswy3dpehpk3pxp", False),
    ("xJBSWY3DPEHPK3PXP", False),  # part of a longer word
    ("JBSWY3DPEHPK3PXP9", False),
    ("RFC 6238 SHA1 TOTP", False),
    ("{{ key_length }} characters", False),
]


@pytest.mark.parametrize(("text", "is_key"), KEYS)
def test_a_key_is_a_long_run_of_base32_letters_with_digits(text: str, is_key: bool) -> None:
    assert bool(find_keys(text)) is is_key


def test_no_real_article_holds_a_typed_key_or_uri() -> None:
    for path in (ROOT / "docs").glob("*.md"):
        for number, text in prose_lines(path.read_text(encoding="utf-8")):
            assert not find_keys(text), f"docs/{path.name}:{number}"
            assert "otpauth://" not in text.lower(), f"docs/{path.name}:{number}"


def test_the_content_of_a_sample_block_is_not_prose() -> None:
    source = (
        "---\ndescription: key JBSWY3DPEHPK3PXP\n---\n\n# Title\n\n"
        "```totp-sample\naccount: JBSWY3DPEHPK3PXP@example.com\n```\n\n"
        "```text\notpauth://totp/x\n```\n"
    )

    lines = dict(prose_lines(source))

    assert "JBSWY3DPEHPK3PXP" in lines[2]  # the description is shown in search results
    assert 8 not in lines
    assert lines[7] == "```totp-sample" and lines[12] == "otpauth://totp/x"


@pytest.mark.parametrize(
    ("article", "anchor", "typed", "what"),
    [
        ("get-secret-key.md", "## キーの見本 {#example}\n", "キーの例: JBSW Y3DP EHPK 3PXP", "a secret key"),
        (
            "get-secret-key.en.md",
            "## What a key looks like {#example}\n",
            "For example JBSWY3DPEHPK3PXP.",
            "a secret key",
        ),
        (
            "set-up-2fa.en.md",
            "## What you need {#what-you-need}\n",
            "The QR code holds otpauth://totp/Tsubame:hanako?secret=X",
            "an otpauth URI",
        ),
        (
            "set-up-2fa.md",
            "# 2段階認証を設定する\n",
            "```text\notpauth://totp/x\n```",
            "an otpauth URI",
        ),
    ],
    ids=["grouped key", "ungrouped key", "otpauth URI", "otpauth URI in a code block"],
)
def test_a_key_or_uri_typed_into_an_article_stops_the_build_at_its_line(
    tmp_path: Path, article: str, anchor: str, typed: str, what: str
) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "docs" / article
    text = path.read_text(encoding="utf-8")
    assert text.count(anchor) == 1, f"{article} no longer has {anchor!r} once; update the test"
    path.write_text(text.replace(anchor, f"{anchor}\n{typed}\n\n"), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(number for number, text in enumerate(lines, start=1) if FINDS[what](text))

    result = build(project, tmp_path / "site")

    assert not result.ok
    assert f"docs/{article}:{line}: {what} {FIX}" in result.output, result.output


@pytest.mark.parametrize(
    ("page", "typed", "message"),
    [
        ("turn-off-2fa.en.md", "Open Tsubame and sign in.", "write {{ service_name }} instead of 'Tsubame'"),
        ("turn-off-2fa.md", "コードは30秒ごとに変わります。", "write {{ step_seconds }} instead of '30秒'"),
        ("turn-off-2fa.en.md", "Enter the 6-digit code.", "write {{ digits }} instead of '6-digit'"),
        ("turn-off-2fa.en.md", "You get 10 new recovery codes.",
         "write {{ recovery_code_count }} instead of '10 new recovery codes'"),
    ],
)
def test_a_typed_service_name_or_figure_stops_the_build_with_the_setting_to_write(
    tmp_path: Path, page: str, typed: str, message: str
) -> None:
    result = build_edited(tmp_path, {f"docs/{page}": lambda text: text + f"\n{typed}\n"})

    line = (ROOT / "docs" / page).read_text(encoding="utf-8").count("\n") + 2
    assert not result.ok
    assert f"docs/{page}:{line}: {message}" in result.output, result.output


def test_the_same_slip_on_two_pages_is_reported_for_each(tmp_path: Path) -> None:
    slip = lambda text: text + "\nThe code changes every 30 seconds.\n"  # noqa: E731
    result = build_edited(tmp_path, {"docs/turn-off-2fa.en.md": slip, "docs/change-email.en.md": slip})

    assert not result.ok
    assert "docs/turn-off-2fa.en.md:" in result.output and "docs/change-email.en.md:" in result.output
    assert result.output.count("write {{ step_seconds }} instead of '30 seconds'") == 2
