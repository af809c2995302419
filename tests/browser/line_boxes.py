"""How a browser broke an element's text into lines, read from each character's box, and what is
wrong with it: a word split inside itself, or a line holding a single character.

The words are an independent reading of the text: BudouX's phrases for Japanese (the same
segmenter the build uses, applied here to the text the browser shows, with or without the
build's breaks), the spaces for English. A phrase wider than its line may break inside; any
other break must fall between two words."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from playwright.sync_api import Page

from content.phrases import phrases

LINES = """(selector) => [...document.querySelectorAll(selector)]
  .filter((element) => element.getClientRects().length && getComputedStyle(element).visibility !== "hidden")
  .map((element) => {
    const chars = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let index = 0; index < node.data.length; index++) {
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + 1);
        const box = [...range.getClientRects()].find((rect) => rect.width > 0);
        chars.push([node.data[index], box ? box.top : null, box ? box.width : 0]);
      }
    }
    const style = getComputedStyle(element);
    const width = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const name = element.tagName.toLowerCase() +
      (element.className ? "." + String(element.className).split(" ")[0] : "");
    return { name, lang: element.closest("[lang]")?.lang ?? "", width, chars };
  })"""

LETTER = re.compile(r"\w")
AFTER_PUNCTUATION = re.compile("(?<=[、。・」』\uff1a\uff1b\uff01\uff1f\uff09])")


@dataclass(frozen=True)
class Broken:
    element: str
    lines: list[str]
    problem: str

    def __str__(self) -> str:
        return f'{self.element} {" / ".join(self.lines)}: {self.problem}'


def words(text: str, language: str) -> list[str]:
    """The text cut where a line may break: phrases in Japanese (a break after punctuation, as in
    「替える・/なくしたとき」, splits no word), words elsewhere."""
    if language.startswith("ja"):
        return [part for chunk in re.split(r"(\s+)", text) for phrase in phrases(chunk)
                for part in AFTER_PUNCTUATION.split(phrase) if part]
    return [part for part in re.split(r"(\s+)", text) if part]


def broken_lines(page: Page, selector: str) -> list[Broken]:
    """Each element matching ``selector`` whose lines split a word or leave one character alone."""
    for _ in range(100):  # once fonts and transitions have settled
        if page.evaluate("document.fonts.status === 'loaded' && "
                         "document.getAnimations().every(animation => animation.playState !== 'running')"):
            break
        time.sleep(0.02)
    found = []
    for element in page.evaluate(LINES, selector):
        found += _problems(element["name"], element["lang"], element["width"], element["chars"])
    return found


def _problems(name: str, language: str, width: float, chars: list[tuple[str, float | None, float]]) -> list[Broken]:
    text = "".join(char for char, _, _ in chars)
    lines: list[str] = []
    starts: list[int] = []  # the index in text where each line begins
    top: float | None = None
    for index, (char, char_top, _) in enumerate(chars):
        if char_top is None:  # collapsed white space
            continue
        if top is None or char_top > top + 2:
            lines.append("")
            starts.append(index)
            top = char_top
        lines[-1] += char
    lines = [line.strip() for line in lines]
    where = f"{name} ({language})"
    problems = []
    letters = len(LETTER.findall(text))
    for line in lines:
        if len(LETTER.findall(line)) == 1 and letters > 1:
            problems.append(Broken(where, lines, f"{line!r} alone on a line"))
    boundaries, offset = set(), 0
    wide = set()  # the indexes inside a word wider than the line: a break there is forced
    for word in words(text, language):
        boundaries.add(offset)
        if sum(chars[offset + index][2] for index in range(len(word))) > width:
            wide.update(range(offset + 1, offset + len(word)))
        offset += len(word)
    for start in starts[1:]:
        if start not in boundaries and start not in wide and not text[start - 1].isspace():
            problems.append(Broken(where, lines, f"a word split at {text[start - 4:start]}|{text[start:start + 4]}"))
    return problems
