"""What a writer must not type: keys, otpauth URIs, the service's name and the figures.

A key or URI typed into an article goes stale as soon as the key format or the
sample changes, or is wrong from the start (a mistyped character, a key of the
wrong length). The sample hook writes them from a ```totp-sample``` marker with
the code the demo runs, so anything key-shaped outside such a block stops the
build with the file and line. The service's name and the figures the code
enforces (the step length, the key length...) come from settings the same way:
typing "Tsubame" or "30秒" stops the build and names the setting to write, and so does a figure
spelled out ("six-digit", "half a minute") or typed in full-width digits.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.utils.meta import YAML_RE

from content import figures
from hooks import mistakes, shared
from hooks.shared import SAMPLE, markdown_lines

BASE32_RUN = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?:[A-Z2-7]{16,}|[A-Z2-7]{4}(?: [A-Z2-7]{4})+(?: [A-Z2-7]{1,3})?)"
    r"(?![A-Za-z0-9])"
)
"""A whole word of the Base32 alphabet (RFC 4648 §6), or groups of four as apps show keys."""

OTPAUTH = re.compile(r"otpauth://", re.I)
KEY_LETTER = re.compile(r"[A-Z]")
KEY_DIGIT = re.compile(r"[2-7]")


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    service = str(shared.site(config)["service_name"])
    mistakes.extend(config, (
        problem
        for file in files.documentation_pages()
        for problem in (*typed_by_hand(f"docs/{file.src_uri}", file.content_string),
                        *typed_settings(f"docs/{file.src_uri}", file.content_string, service))
    ))
    return files


@functools.lru_cache(maxsize=4096)  # each language's build reads every page
def typed_by_hand(where: str, source: str) -> tuple[str, ...]:
    """One error per key or URI typed into the article at ``where``."""
    return tuple(
        f"{where}:{number}: {what} typed by hand would go stale; use a ```{SAMPLE}``` block (see README)"
        for number, text in prose_lines(source)
        for what in _typed(text)
    )


def guarded_figures() -> tuple[tuple[str, str, str], ...]:
    """The figures the code enforces that prose must not type, with the units they are written with
    (30秒, 30 seconds): the one table's entries that name their units (``content/figures.py``)."""
    return tuple((name, str(figure.value), figure.units) for name, figure in figures.table().items() if figure.units)


def typed_settings(where: str, source: str, service: str) -> tuple[str, ...]:
    """One error per service name or enforced figure typed as a value instead of a setting."""
    return _typed_settings(where, source, service, guarded_figures())


@functools.lru_cache(maxsize=4096)
def _typed_settings(where: str, source: str, service: str,
                    guarded: tuple[tuple[str, str, str], ...]) -> tuple[str, ...]:
    problems = []
    names: dict[tuple[str, str], list[str]] = {}
    for name, value, units in guarded:  # two figures of one value and unit (10 minutes) share a pattern
        names.setdefault((value, units), []).append(f"{{{{ {name} }}}}")
    patterns = [(" or ".join(found), re.compile(rf"(?<![\d.{{]){value}{units}"))
                for (value, units), found in names.items()]
    for number, text in prose_lines(source):
        plain = re.sub(r"\{\{[^}]*\}\}|`[^`]*`|\]\([^)]*\)", " ", text)
        if service and re.search(rf"(?<![\w.-]){re.escape(service)}(?![\w.-])", plain, re.I):
            problems.append(f"{where}:{number}: write {{{{ service_name }}}} instead of {service!r}, so a new "
                            "name reaches every page")
        for name, pattern in patterns:
            if found := pattern.search(plain):
                problems.append(f"{where}:{number}: write {name} instead of {found[0].strip()!r}: the "
                                "figure comes from the code the demo runs")
            for written in spelled_out(plain, pattern):
                problems.append(f"{where}:{number}: write {name} instead of {written!r}: the figure comes "
                                "from the code the demo runs, written as a setting, not in words or full-width")
    return tuple(problems)


NUMBER_WORDS = {word: value for value, word in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])} | {
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}
TIME_PHRASES = {"half a minute": "30 seconds", "half-a-minute": "30 seconds", "a minute and a half": "90 seconds",
                "one and a half minutes": "90 seconds",
                "half an hour": "30 minutes", "an hour and a half": "90 minutes"}
WRITTEN_NUMBER = re.compile(
    "|".join(re.escape(phrase) for phrase in sorted(TIME_PHRASES, key=len, reverse=True))
    + r"|\b(?:(?:a|one)[ -]hundred|" + "|".join(NUMBER_WORDS) + r")(?:[ -](?:" + "|".join(list(NUMBER_WORDS)[1:10])
    + r"))?\b|[\uff10-\uff19]+", re.I)
"""A figure a writer spelled out (six-digit, half a minute, thirty seconds) or typed in full-width digits."""


def spelled_out(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Each figure in ``text`` that ``pattern`` (a figure with its units, in digits) finds once the
    figure is written in digits: the words as the writer typed them."""
    found = []
    for match in WRITTEN_NUMBER.finditer(text):
        digits = _as_digits(match[0])
        rest = text[match.end():]
        if typed := pattern.match(digits + rest):  # every guarded figure's pattern ends in its units
            found.append(text[match.start(): match.end() + max(0, typed.end() - len(digits))])
    return found


def _as_digits(words: str) -> str:
    """``six`` -> ``6``, ``thirty-five`` -> ``35``, full-width ``30`` -> ``30``, ``half a minute`` -> ``30 seconds``."""
    if words.lower() in TIME_PHRASES:
        return TIME_PHRASES[words.lower()]
    if words[0].isdigit():
        return words.translate(FULL_WIDTH)
    value = 0
    for word in re.split(r"[ -]", words.lower()):
        value += 100 if word == "hundred" else NUMBER_WORDS.get(word, 0)
    return str(value)


FULL_WIDTH = {0xFF10 + digit: str(digit) for digit in range(10)}
"""Full-width digits (U+FF10 to U+FF19) to ASCII ones."""


def find_keys(text: str) -> list[str]:
    """Runs in ``text`` that read as a Base32 secret key: at least 16 characters.

    A key mixes letters and the digits 2-7, so all-caps words (``SETTINGS``, a
    shouted phrase in groups of four) and figures are not taken for one.
    """
    return [
        run
        for run in BASE32_RUN.findall(text)
        if len(run.replace(" ", "")) >= 16 and KEY_LETTER.search(run) and KEY_DIGIT.search(run)
    ]


def prose_lines(source: str) -> Iterator[tuple[int, str]]:
    """Each line of an article with its number, except the content of sample blocks.

    The front matter is read too: its description is shown in search results.
    """
    front_matter = YAML_RE.match(source)
    if front_matter:
        yield from enumerate(source[: front_matter.end()].split("\n")[:-1], start=1)
    for number, text, fence in markdown_lines(source):
        if fence != SAMPLE:
            yield number, text


def _typed(text: str) -> list[str]:
    """What on this line should have come from a sample."""
    found = []
    if find_keys(text):
        found.append("a secret key")
    if OTPAUTH.search(text):
        found.append("an otpauth URI")
    return found
