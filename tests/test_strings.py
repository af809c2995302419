"""demo/strings.py: both languages say everything, and every reason a form can give has words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from demo import inbox, normalise, selfies
from demo.strings import EN, JA, SCENARIOS, STRINGS
from demo.twofactor import Verdict

TEMPLATES = Path(__file__).resolve().parents[1] / "demo" / "templates"
SCRIPTS = Path(__file__).resolve().parents[1] / "demo" / "static"


def test_japanese_and_english_have_the_same_keys() -> None:
    assert set(JA) == set(EN)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_reason_a_form_can_give_has_a_message(language: str) -> None:
    reasons = [*normalise.REASONS, *selfies.REASONS, *(f"verdict.{verdict.value}" for verdict in Verdict if verdict is not Verdict.ACCEPTED),
               "email.taken", "password.length", "sign_in.failed", "choice.required", "photo.not_requested",
               "reset.not_ready"]
    missing = [reason for reason in reasons if f"error.{reason}" not in STRINGS[language]]
    assert missing == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_mail_and_scenario_has_its_words(language: str) -> None:
    t = STRINGS[language]
    for kind in inbox.KINDS:
        assert f"mail.{kind}.subject" in t and f"mail.{kind}.body" in t
    for scenario in SCENARIOS:
        assert {f"scenario.{scenario}.{part}" for part in ("title", "summary", "steps", "start")} <= set(t)


def test_every_string_the_templates_and_scripts_name_exists() -> None:
    named = set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        named |= set(re.findall(r"\bt\.(\w+)", text)) | set(re.findall(r't\["([\w.-]+)"\]', text))
    for script in SCRIPTS.glob("*.js"):
        named |= set(re.findall(r'text\("(js\.[\w.]+)"', script.read_text(encoding="utf-8")))
    named.discard("get")
    assert sorted(name for name in named if name not in JA) == []
