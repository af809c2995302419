"""Japanese text cut into phrases with BudouX, so a line breaks between phrases and never inside a word.

Japanese has no spaces: a browser may break a line between any two characters, which splits
スマートフォン into 「スマートフォ / ン」 and leaves a character alone on a heading's last line.
BudouX (Google's phrase segmenter, a small model shipped with the package) finds where phrases
end; a ``<wbr>`` there, with ``word-break: keep-all`` on the element, lets the browser break there
only (``overflow-wrap: anywhere`` still breaks a phrase wider than its line). ``<wbr>`` is markup,
not a character: page titles, the search index and copied text read the words as written.

One implementation serves the help center's build (``hooks/line_breaks.py``) and the demo's
labels (the ``phrases`` filter of ``demo/web/look.py``).
"""

from __future__ import annotations

import functools
import html
import re

import budoux

TAG = re.compile(r"(<[^>]*>)")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")
"""Kana and kanji: text without them is left as it is."""
BREAK = "<wbr>"
LATIN_THEN_JAPANESE = re.compile(r"(?<=[A-Za-z])(?=[\u3040-\u30ff\u3400-\u9fff])")
"""A name in Latin letters run into Japanese (Tsubameヘルプセンター): two words BudouX keeps as one."""
NO_START = re.compile("^[、。,.・:;?!)」』】〉》ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
                      "\u3015\uff0c\uff0e\uff1a\uff1b\uff1f\uff01\uff09]+")
"""What may not begin a line (kinsoku): punctuation, closing brackets, small kana. A browser will not
break before them even at a <wbr>, so a phrase BudouX starts with one gives it to the phrase before."""


@functools.cache
def _parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


@functools.lru_cache(maxsize=8192)  # the same headings and labels come back on every page
def phrases(text: str) -> tuple[str, ...]:
    """``スマートフォンを紛失した`` -> ``("スマートフォンを", "紛失した")``; joined, the text again."""
    if not JAPANESE.search(text):
        return (text,)
    cut: list[str] = []
    for phrase in _parser().parse(text):
        for part in LATIN_THEN_JAPANESE.split(phrase):
            lead = NO_START.match(part)
            if lead and cut:
                cut[-1] += lead[0]
                part = part[lead.end():]
            if part:
                cut.append(part)
    return tuple(cut)


def with_breaks(markup: str) -> str:
    """HTML with ``<wbr>`` between the phrases of each run of Japanese text; tags and their
    attributes are kept as they are, and no break is put inside a character reference."""
    parts = TAG.split(markup)
    for index in range(0, len(parts), 2):  # text and tags alternate, text first
        if JAPANESE.search(parts[index]):
            parts[index] = BREAK.join(html.escape(phrase, quote=False)
                                      for phrase in phrases(html.unescape(parts[index])))
    return "".join(parts)
