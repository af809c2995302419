"""content/catalog.py and locales/*.toml: every word in both languages, plurals, and figures that
come from the code, never typed into a sentence."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from content import catalog, figures, scenarios
from demo.rules import inbox, normalise, selfies
from demo.rules.gate import MESSAGES
from otp_core import keys, totp

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = [*(ROOT / "demo" / "templates").glob("*.html")]
SCRIPTS = [*(ROOT / "demo" / "static").glob("*.js")]
LANGUAGES = catalog.LANGUAGES


def raw(language: str) -> dict[str, object]:
    with (catalog.LOCALES / f"{language}.toml").open("rb") as file:
        return tomllib.load(file)


def test_every_language_has_the_same_keys_and_shapes() -> None:
    first, *others = (catalog.catalog(language) for language in LANGUAGES)
    for other in others:
        assert set(first) == set(other)
        for key, entry in first.items():
            assert type(entry) is type(other[key]) or {type(entry), type(other[key])} <= {str, dict}, key
            if isinstance(entry, list):
                assert len(entry) == len(other[key]), key


MESSAGE_KEY = re.compile(r"[\"'](error\.[a-z_]+\.[a-z_]+)[\"']")
"""A refusal's message as the code writes it: always the whole catalog key, so grep finds it."""


def message_keys() -> set[str]:
    return {key for folder in ("demo", "server", "feedback") for path in (ROOT / folder).rglob("*.py")
            for key in MESSAGE_KEY.findall(path.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_a_form_can_give_has_a_message(language: str) -> None:
    """Issue 22: every refusal the code can give is a whole key, written where it is decided."""
    reasons = {*message_keys(), *normalise.REASONS, *selfies.REASONS, *MESSAGES.values()}
    assert len(reasons) >= 35 and all(reason.startswith("error.") for reason in reasons)
    assert sorted(reason for reason in reasons if reason not in catalog.catalog(language)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_mail_and_scenario_has_its_words(language: str) -> None:
    t = catalog.catalog(language)
    for kind in inbox.KINDS:
        assert f"mail.{kind}.subject" in t and f"mail.{kind}.body" in t
    for kind in inbox.WARNINGS:
        assert f"mail.{kind}.not_you" in t
    for scenario in scenarios.scenarios().values():
        assert {f"scenario.{scenario.id}.{part}" for part in ("title", "summary")} <= set(t)
        assert len(t[f"scenario.{scenario.id}.steps"]) == len(scenario.steps), scenario.id


def test_every_string_the_templates_and_scripts_name_exists() -> None:
    named = set()
    for template in TEMPLATES:
        text = template.read_text(encoding="utf-8")
        named |= set(re.findall(r"\bt\.(\w+)", text)) | set(re.findall(r't\["([\w.-]+)"\]', text))
    for script in SCRIPTS:
        named |= set(re.findall(r'text\("([\w.-]+)"', script.read_text(encoding="utf-8")))
    named.discard("get")
    assert sorted(name for name in named if name not in catalog.catalog("ja")) == []


UNITS = r"(?:秒|分|桁|文字|個|万画素|MB|時間|seconds?|minutes?|digits?|characters?|megapixels|hours)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_figure_is_typed_into_a_sentence(language: str) -> None:
    """Issue 11: the step length, key length and friends come from the code ({step_seconds})."""
    typed = []
    for key, entry in raw(language).items():
        forms = entry.get("other", "") if isinstance(entry, dict) else entry  # "1 second" is a plural form
        for text in forms if isinstance(forms, list) else [forms]:
            typed += [f"{key}: {match}" for match in re.findall(rf"(?<![A-Za-z0-9_{{])[+-]?\d+\s?{UNITS}", str(text))]
    assert typed == []


def test_english_counts_have_a_singular_and_a_plural() -> None:
    for key, entry in raw("en").items():
        if isinstance(entry, dict) or "{count}" in str(entry):
            assert isinstance(entry, dict) and set(entry) == {"one", "other"}, key


def test_figures_come_from_the_modules_that_enforce_them() -> None:
    t = catalog.catalog("en")
    assert f"every {totp.STEP_SECONDS} seconds" in str(t["window_fact"])
    assert f"{figures.figures()['window_seconds']} seconds in all" in str(t["window_fact"])
    assert f"({keys.KEY_LENGTH} characters)" in str(t["key_label"])
    assert catalog.plural(t["wait"], 1) == "Try again in 1 second."
    assert catalog.plural(t["wait"], 2) == "Try again in 2 seconds."


def test_no_label_says_optional_twice_or_is_marked_optional_when_required() -> None:
    for language in LANGUAGES:
        for key, entry in catalog.catalog(language).items():
            if key.startswith("field."):
                assert not re.search(r"任意|optional", str(entry), re.I), (language, key)


def test_the_catalog_rejects_an_unknown_language() -> None:
    with pytest.raises(KeyError, match="fr"):
        catalog.catalog("fr")
