"""Issue 24: code-rejected's table quotes every refusal the demo can show for a code, in the
catalog's exact words, so a reader can find the sentence on the screen in the article.

The messages are read from the catalogs (the keys the demo shows for a typed code,
``demo.rules.gate.MESSAGES`` and the format and wait messages), with figures filled as the
page shows them; a count ({count}) may be any number. The table's {{ settings }} are filled
the same way, so the article keeps writing settings, not values.
"""

from __future__ import annotations

import re

import pytest

from content.catalog import catalog, figures, read_site
from demo.rules.gate import MESSAGES, Verdict
from tests.sites import ROOT

CODE_REFUSALS = [MESSAGES[verdict] for verdict in (Verdict.EXPIRED, Verdict.EARLY, Verdict.REPLAYED, Verdict.WRONG,
                                                     Verdict.WAIT, Verdict.LOCKED, Verdict.SUSPENDED)]
"""Every refusal of a well-formed code at sign-in (NOT_SET_UP belongs to setting up, SPENT to
recovery codes)."""
SHOWN_WITH = ["error.code.format", "wait", "wait_minutes", "wait_hours"]
"""What is typed wrong, and the waits shown after a refused code."""
QUOTES = {"ja": ("「", "」"), "en": ("**", "**")}
PAGES = {"ja": "code-rejected.md", "en": "code-rejected.en.md"}


def table(language: str) -> str:
    """The rows of the page's message table, its {{ settings }} filled as the site shows them."""
    source = (ROOT / "docs" / PAGES[language]).read_text(encoding="utf-8")
    values = {**figures(), **{key: str(value) for key, value in read_site().items()}}
    rows = "\n".join(line for line in source.split("\n") if line.startswith("| "))
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda match: values[match[1]], rows)


def shown(language: str, key: str) -> list[str]:
    """The message of ``key`` as the page can show it: every count form the demo uses."""
    entry = catalog(language)[key]
    if isinstance(entry, dict):
        forms = [entry["other"]] + ([entry["one"]] if key == "wait" and "one" in entry else [])
        return forms
    assert isinstance(entry, str)
    return [entry]


def unquoted(language: str, key: str, rows: str) -> list[str]:
    """The forms of ``key``'s message that ``rows`` does not quote word for word."""
    opening, closing = QUOTES[language]
    return [f"{opening}{message}{closing}" for message in shown(language, key)
            if not re.search(re.escape(f"{opening}{message}{closing}").replace(re.escape("{count}"), r"\d+"), rows)]


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("key", CODE_REFUSALS + SHOWN_WITH)
def test_the_table_quotes_each_refusal_exactly(language: str, key: str) -> None:
    assert unquoted(language, key, table(language)) == [], f"docs/{PAGES[language]} does not quote {key}"


def test_a_reworded_message_is_caught() -> None:
    """The check on a copy of the table where one message is worded otherwise, and one wait has
    no number."""
    rows = table("ja").replace("「コードが違います。」", "「コードが正しくありません。」")
    assert unquoted("ja", "error.verdict.wrong", rows) == ["「コードが違います。」"]
    rows = table("en").replace("**Try again in 1 second.**", "**Try again shortly.**")
    assert unquoted("en", "wait", rows) == ["**Try again in 1 second.**"]
