"""The build's verdict: it stops once, at its end, listing every mistake the checks added
(``hooks/mistakes.py``).

Its ``on_post_build`` runs after mkdocs-static-i18n's (priority -100), which builds the other
languages inside the first language's build: so the last language's build reports the mistakes of
every language, and a mistake found in the first language still lets the others be checked.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from hooks import mistakes


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    mistakes.report(config)
