"""Sample secret keys with their QR code, written into the pages from a marker.

A writer places

    ```totp-sample
    account: hanako@example.com
    issuer: Tsubame          (optional, the service name by default)
    time: 2026-11-25T09:00:00Z
    ```

and the page shows, marked as a sample, the QR code (an SVG file added to the
site, never to docs/), the key in groups of four, the otpauth URI and "at <time>
this key shows <code>". The key is derived from the marker, so every build shows
the same one and two markers show different ones; key format, URI and QR come
from otp_core, the code the demo runs. The worked example must be listed in
data/totp-vectors.json, where the build checks it.
"""

from __future__ import annotations

import copy
import datetime
import functools
import hashlib
import hmac
import json
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from content import catalog
from content.limits import usable_cores
from hooks import material, mistakes, shared
from hooks.shared import SAMPLE, fenced_blocks, sample_codes, vectors_file
from otp_core import key_uri, keys, qr, totp

FIELDS = ("account", "issuer", "time")
FOLDER = "assets/samples"
PLACEHOLDER = "<!-- totp-sample -->"
PARALLEL_FROM = 100
"""New QR codes from which drawing them on every core repays starting the workers."""


@dataclass(frozen=True)
class Sample:
    account: str
    issuer: str
    time: datetime.datetime
    marker_issuer: str = ""

    @functools.cached_property
    def secret(self) -> str:
        """A key of the service's length, derived from what the marker says alone
        (renaming the service changes the URI's issuer, not the sample key)."""
        seed = f"{self.marker_issuer}\n{self.account}".encode()
        digest = hmac.new(b"help-center sample key", seed, hashlib.sha256).digest()
        return keys.key_from_bytes(digest[: keys.KEY_BYTES])

    @functools.cached_property
    def uri(self) -> str:
        return key_uri.otpauth_uri(self.secret, account=self.account, issuer=self.issuer)

    @functools.cached_property
    def code(self) -> str:
        return totp.code_at(self.secret, int(self.time.timestamp()))

    @functools.cached_property
    def utc(self) -> str:
        """The worked example's time as the vector file and the page write it: 2026-11-25T09:00:00Z."""
        return _iso(self.time)

    @functools.cached_property
    def qr_path(self) -> str:
        return f"{FOLDER}/{hashlib.sha256(self.uri.encode()).hexdigest()[:16]}.svg"


_macro: Any = None
"""The sample macro, loaded once per build (a theme environment compiles its templates anew)."""


def on_pre_build(*, config: MkDocsConfig) -> None:
    global _macro
    _macro = None  # templates may have changed since the last build (mkdocs serve)


def _sample_macro(config: MkDocsConfig) -> Any:
    global _macro
    if _macro is None:
        _macro = material.theme_macro(config, "hooks/sample.html", "sample")
    return _macro


@event_priority(-110)  # after mkdocs-static-i18n, which cannot sort files that have no source
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    wanted = {}
    for file in files.documentation_pages():
        with mistakes.collected(config):  # a malformed block: the page shows it as typed
            for sample in _samples(file.content_string, f"docs/{file.src_uri}", _service(config)):
                if files.get_file_from_path(sample.qr_path) is None:
                    wanted[sample.qr_path] = sample.uri
    for path, svg in zip(wanted, qr_codes(list(wanted.values())), strict=True):
        files.append(File.generated(config, path, content=svg))
    return files


_drawn: dict[str, str] = {}
"""QR codes by URI, kept between builds: each language's build and every rebuild asks."""


def qr_codes(uris: list[str]) -> list[str]:
    """The QR code of each URI; a large site's first build draws them on every core."""
    missing = [uri for uri in dict.fromkeys(uris) if uri not in _drawn]
    workers = usable_cores()
    if len(missing) >= PARALLEL_FROM and workers > 1:
        # fork: the workers start in milliseconds with qrcode already imported
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            chunk = -(-len(missing) // (4 * workers))
            _drawn.update(zip(missing, pool.map(qr.qr_svg, missing, chunksize=chunk), strict=True))
    else:
        _drawn.update((uri, qr.qr_svg(uri)) for uri in missing)
    return [_drawn[uri] for uri in uris]


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A placeholder for each sample block, at the block's indent (inside a content tab, say); the
    figure's HTML goes in after Markdown, which it does not need."""
    where = f"docs/{page.file.src_uri}"
    try:
        blocks = fenced_blocks(markdown, SAMPLE, where)
        page_samples(page.file.content_string, where, config)
    except PluginError:  # added by on_files
        return markdown
    if not blocks:
        return markdown
    lines = markdown.split("\n")  # no front matter here: block lines count from this text's first
    for block in reversed(blocks):
        lines[block.first - 1 : block.last] = ["", f"{block.indent}{PLACEHOLDER}", ""]
    return "\n".join(lines)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if PLACEHOLDER not in html:
        return html
    where = f"docs/{page.file.src_uri}"
    samples = iter(page_samples(page.file.content_string, where, config))  # parsed with source lines
    return re.sub(re.escape(PLACEHOLDER), lambda _: figure(next(samples), where, page.file.url, config), html)


def page_samples(source: str, where: str, config: MkDocsConfig) -> tuple[Sample, ...]:
    """The samples of the page whose text is ``source``, in page order."""
    return _samples(source, where, _service(config))


def figure(sample: Sample, where: str, page_url: str, config: MkDocsConfig) -> str:
    """The sample's figure (HTML) on the page at ``page_url``, in the build's language; a worked
    example that the vector file does not list is a mistake that names the line to add."""
    key = (sample.account, sample.utc)
    examples = sample_codes(vectors_file(config))
    if examples.get(key) != sample.code:  # the page shows the code the key gives
        listed = examples.get(key, "nothing")
        mistakes.add(
            config, where, f"the sample for {sample.account} shows {sample.code} at {key[1]} but "
            f"data/totp-vectors.json lists {listed}; put in \"samples\": "
            f'{{"account": "{key[0]}", "time": "{key[1]}", "code": "{sample.code}"}} '
            f"(python -m hooks.samples {where} writes it)"
        )
    html = _sample_macro(config)(
        sample=sample,
        key=keys.format_key(sample.secret),
        qr=get_relative_url(sample.qr_path, page_url),
        words=shared.words(config, config.theme["language"]),
    )
    return str(html).strip()


def _service(config: MkDocsConfig) -> str:
    return str(shared.site(config)["service_name"])


@functools.lru_cache(maxsize=4096)
def _samples(source: str, where: str, service: str) -> tuple[Sample, ...]:
    """The page's samples (cached: on_files and each page ask, and derivation costs HMACs)."""
    return tuple(_parse("\n".join(block.body), where, block.first, service)
                 for block in fenced_blocks(source, SAMPLE, where))


def _parse(body: str, where: str, line: int, service: str) -> Sample:
    fields: dict[str, str] = {}
    for offset, text in enumerate(body.splitlines(), start=1):
        name, colon, value = text.partition(":")
        if not text.strip():
            continue
        if not colon or name.strip() not in FIELDS or not value.strip():
            raise PluginError(
                f"{where}:{line + offset}: totp-sample takes lines 'name: value' with names "
                f"{', '.join(FIELDS)}; got {text.strip()!r}"
            )
        fields[name.strip()] = value.strip()
    if "account" not in fields or "time" not in fields:
        raise PluginError(f"{where}:{line}: totp-sample needs 'account:' and 'time:' (UTC, e.g. 2026-11-25T09:00:00Z)")
    try:
        time = datetime.datetime.fromisoformat(fields["time"].replace("Z", "+00:00"))
    except ValueError:
        time = None
    if time is None or time.utcoffset() != datetime.timedelta(0):
        raise PluginError(f"{where}:{line}: totp-sample time must be UTC like 2026-11-25T09:00:00Z")
    issuer = fields.get("issuer", service)
    return Sample(account=fields["account"], issuer=issuer, time=time, marker_issuer=fields.get("issuer", ""))


def _iso(time: datetime.datetime) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ")


def add_vector_lines(page: Path, vectors: Path, service: str) -> list[str]:
    """Write the worked example of each sample on ``page`` into the vector file (the ones it lacks)
    and return them. The file is rewritten as json.dumps(indent=2) writes it, as it is kept."""
    samples = _samples(page.read_text(encoding="utf-8"), str(page), service)
    data = copy.deepcopy(shared.load_vectors(vectors))  # a JSON mistake is named with its line
    known = {(entry["account"], entry["time"]) for entry in data["samples"]}
    added = []
    for sample in samples:
        entry = {"account": sample.account, "time": sample.utc, "code": sample.code}
        if (entry["account"], entry["time"]) not in known:
            data["samples"].append(entry)
            known.add((entry["account"], entry["time"]))
            added.append(json.dumps(entry, ensure_ascii=False))
    if added:
        vectors.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return added


def main(argv: list[str] | None = None) -> int:
    """``python -m hooks.samples docs/NAME.md``: add the page's sample codes to the vector file."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m hooks.samples", description=main.__doc__)
    parser.add_argument("pages", nargs="+", type=Path)
    args = parser.parse_args(argv)
    service = str(catalog.site(Path("data/site.toml"))["service_name"])
    for page in args.pages:
        try:
            added = add_vector_lines(page, Path("data/totp-vectors.json"), service)
        except PluginError as error:
            raise SystemExit(str(error)) from None
        for line in added:
            print(f"{page}: added {line}")
        if not added:
            print(f"{page}: every sample is already in data/totp-vectors.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
