"""The catalogs' sentences as a plain page a prose linter can read (issue 24).

Each sentence of ``locales/<language>.toml`` becomes a paragraph of its own, with the
placeholders a reader never sees as braces rendered the way the page shows them: figures
from ``content/figures.py``, the service's name, an address, a number. ``where`` maps a
line of the page back to the catalog key, so a finding names the key a writer edits.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from content.catalog import LOCALES, figures, read_site

PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")
SAMPLES = {"email": "hanako@example.com", "support_email": "support@example.com", "ticket": "000123",
           "number": "T-000123", "date": "2026-12-07", "year": "2026", "month": "12", "day": "7",
           "key": "JBSWY3DPEHPK3PXP", "value": "JBSWY3DPEHPK3PXP"}
"""What a placeholder shows, where a number would not read the same."""


@dataclass(frozen=True)
class CatalogPage:
    text: str
    where: dict[int, str]
    """Line number (1-based) -> the catalog key whose sentence is on that line."""


def render(text: str) -> str:
    """``text`` with every placeholder shown as the page would show it."""
    values = {**figures(), "service": str(read_site()["service_name"]), **SAMPLES}
    return PLACEHOLDER.sub(lambda match: values.get(match[1], "3"), text)


def sentences(path: Path) -> list[tuple[str, str]]:
    """(key, sentence) for every sentence of the catalog at ``path``: lists item by item, counts
    form by form."""
    with path.open("rb") as file:
        raw = tomllib.load(file)
    out: list[tuple[str, str]] = []
    for key, entry in raw.items():
        items = entry if isinstance(entry, list) else list(entry.values()) if isinstance(entry, dict) else [entry]
        out.extend((key, render(item)) for item in items if item.strip())
    return out


def page(language: str, folder: Path = LOCALES) -> CatalogPage:
    """The catalog of ``language`` (in ``folder``) as one paragraph a sentence; an English label
    gets a full stop, as tests/test_prose_lint.py gives a heading one."""
    lines: list[str] = []
    where: dict[int, str] = {}
    for key, text in sentences(folder / f"{language}.toml"):
        where[len(lines) + 1] = key
        if language == "en" and not re.search(r"[.?!:)]$", text):
            text += "."  # a label ends like a sentence, so a linter does not read it into the next
        lines.extend([text, ""])
    return CatalogPage("\n".join(lines), where)
