"""The help center's look, borrowed by the demo: Material's built stylesheets and our own, and
its Japanese line breaks (the ``phrases`` filter).

The demo's pages use Material's header, typography and palette so a reader who
follows a "try it" link stays in the same place. The stylesheets carry a content
hash in their names, so they are looked up in the built site once, at start.
Without a built site (the demo's own tests) the pages keep their own stylesheet only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from content.phrases import with_breaks

THEME_STYLESHEETS = ("main.*.min.css", "palette.*.min.css")
OUR_STYLESHEETS = ("palette.css", "help.css", "phrases.css")
"""Ours, in the help center's order: the colours of each scheme, the look, Japanese phrases."""


@dataclass(frozen=True)
class Look:
    stylesheets: tuple[str, ...] = ()
    """Site-relative URLs, in the order the help center's pages link them."""

    @classmethod
    def of_site(cls, site_dir: Path) -> Look:
        folder = site_dir / "assets" / "stylesheets"
        found = [sorted(folder.glob(pattern)) for pattern in THEME_STYLESHEETS]
        if not all(found) or not all((folder / name).is_file() for name in OUR_STYLESHEETS):
            return cls()
        names = [paths[-1].name for paths in found] + list(OUR_STYLESHEETS)
        return cls(tuple(f"/assets/stylesheets/{name}" for name in names))


def phrases(text: object) -> Markup:
    """The ``phrases`` filter of the demo's templates, for headings, buttons, the top tabs and
    labels: Japanese text with a ``<wbr>`` between its phrases (``content/phrases.py``, as the
    help center's build does), so ``phrases.css`` lets a label break only there; other text is
    only escaped. The phrases sit in one span: in a flex box (a button laid out as one) each
    ``<wbr>`` would be a box of its own, which splits the label's accessible name."""
    escaped = str(escape(text))
    broken = with_breaks(escaped)
    return Markup(escaped if broken == escaped else f'<span class="help-phrases">{broken}</span>')
