"""TOTP and HOTP test vectors: recomputed on every build, shown to integrators.

``data/totp-vectors.json`` holds RFC 4226 Appendix D, RFC 6238 Appendix B and the
worked example of every sample on the pages. The build recomputes each one with
pyotp and stops, naming the vector, when a result differs: the pages can then
never teach a code the key does not produce. A ```` ```totp-vectors ```` block
renders the tables (the integrators' page).
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

import pyotp
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from hooks import material
from hooks.shared import load_vectors, vectors_file, words

DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
MARKER = re.compile(r"^```totp-vectors[ \t]*\n```[ \t]*$", re.M)


def hotp_code(vector: dict[str, Any]) -> str:
    """RFC 4226 section 5.3: HOTP of the ASCII seed at ``counter``."""
    secret = base64.b32encode(vector["seed_ascii"].encode()).decode()
    return pyotp.HOTP(secret, digits=vector["digits"]).at(vector["counter"])


def totp_code(vector: dict[str, Any]) -> str:
    """RFC 6238 section 4: TOTP of the ASCII seed at ``time`` with the named hash."""
    secret = base64.b32encode(vector["seed_ascii"].encode()).decode()
    totp = pyotp.TOTP(
        secret, digits=vector["digits"], digest=DIGESTS[vector["algorithm"]], interval=vector["step"]
    )
    return totp.at(vector["time"])


def mismatches(data: dict[str, Any]) -> list[str]:
    """Every RFC vector whose recomputed code differs from the one written down."""
    wrong = []
    for kind, compute in (("hotp", hotp_code), ("totp", totp_code)):
        for vector in data[kind]:
            got = compute(vector)
            if got != vector["code"]:
                wrong.append(f"{vector['name']}: expected {vector['code']}, computed {got}")
    return wrong


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    wrong = mismatches(load_vectors(vectors_file(config)))
    if wrong:
        raise PluginError(f"data/{vectors_file(config).name}: test vector mismatch: " + "; ".join(wrong))
    return config


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return vector_tables(markdown, config)


def vector_tables(markdown: str, config: MkDocsConfig) -> str:
    """``markdown`` with each ```` ```totp-vectors ```` block replaced by the tables, in the build's language."""
    if "```totp-vectors" not in markdown:
        return markdown
    macro = material.theme_macro(config, "hooks/vectors.html", "vectors")
    html = str(macro(load_vectors(vectors_file(config)), words(config, config.theme["language"])))
    return MARKER.sub(lambda _: "\n" + html.strip() + "\n", markdown)
