"""hooks/samples.py: generated sample keys that are right, repeatable and plainly samples."""

from __future__ import annotations

import base64
import datetime
import filecmp
import hashlib
import hmac
import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks import samples as samples_hook
from otp_core import key_uri, keys, qr, totp
from tests.sites import ROOT, build, build_edited, copy_project

PAGES = ("get-secret-key.html", "en/get-secret-key.html")


def samples(page: Path) -> list[dict[str, str]]:
    text = page.read_text(encoding="utf-8")
    found = []
    for figure in re.findall(r'<figure class="help-sample".*?</figure>', text, re.S):
        found.append({
            "uri": html.unescape(re.search(r'data-sample-uri="([^"]+)"', figure).group(1)),
            "key": re.search(r'<code class="help-sample__key">([^<]+)</code>', figure).group(1),
            "shown_uri": html.unescape(re.search(r'<code class="help-sample__uri">([^<]+)</code>', figure).group(1)),
            "time": re.search(r'data-time="([^"]+)"', figure).group(1),
            "code": re.search(r'data-code="(\d+)"', figure).group(1),
            "text": re.sub(r"<[^>]+>", "", figure),
            "qr": re.search(r'<img class="help-sample__qr" src="([^"]+)"', figure).group(1),
        })
    return found


def plain_hmac_totp(key_text: str, when: str) -> str:
    """RFC 6238 with SHA1 from the printed key, using only the standard library."""
    secret = base64.b32decode(key_text.replace(" ", ""))
    moment = datetime.datetime.fromisoformat(when.replace("Z", "+00:00"))
    counter = int(moment.timestamp()) // totp.STEP_SECONDS
    mac = hmac.new(secret, counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return str((int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF) % 10**totp.DIGITS).zfill(totp.DIGITS)


@pytest.mark.parametrize("page", PAGES)
def test_each_sample_shows_a_key_its_uri_and_a_correct_worked_example(built_site: Path, page: str) -> None:
    found = samples(built_site / page)
    assert found, f"{page} shows no sample"
    for sample in found:
        assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", sample["key"])
        assert len(sample["key"].replace(" ", "")) == keys.KEY_LENGTH
        assert sample["uri"] == sample["shown_uri"]
        assert f"secret={sample['key'].replace(' ', '')}&" in sample["uri"]
        assert sample["uri"].startswith("otpauth://totp/Tsubame:")
        assert plain_hmac_totp(sample["key"], sample["time"]) == sample["code"]
        assert sample["code"] in sample["text"]
        assert ("見本" if not page.startswith("en/") else "SAMPLE") in sample["text"]
        assert (built_site / Path(page).parent / sample["qr"]).resolve().is_file()
        assert not (Path("docs") / sample["qr"]).exists()


def test_both_languages_show_the_same_sample_for_the_same_marker(built_site: Path) -> None:
    ja, en = (samples(built_site / page) for page in PAGES)
    assert [s["uri"] for s in ja] == [s["uri"] for s in en]


def test_search_lists_the_article_but_not_the_sample_key(built_site: Path) -> None:
    for page in PAGES:
        key = samples(built_site / page)[0]["key"]
        index = (built_site / Path(page).parent / "search" / "search_index.json").read_text(encoding="utf-8")
        assert Path(page).name in index
        assert key not in index and key.replace(" ", "") not in index


def test_many_new_qr_codes_drawn_on_every_core_match_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(samples_hook, "_drawn", {})
    uris = [key_uri.otpauth_uri(keys.new_secret(), account=f"reader{n}@example.com", issuer="Tsubame")
            for n in range(samples_hook.PARALLEL_FROM)]
    assert samples_hook.qr_codes(uris + uris[:3]) == [qr.qr_svg(uri) for uri in uris + uris[:3]]


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    again = build(Path(__file__).resolve().parents[1], tmp_path / "again")
    assert again.ok, again.output
    comparison = filecmp.dircmp(built_site, again.site)
    differing: list[str] = []

    def walk(node: filecmp.dircmp[str], prefix: str = "") -> None:
        differing.extend(prefix + name for name in node.diff_files + node.left_only + node.right_only)
        for name, child in node.subdirs.items():
            walk(child, f"{prefix}{name}/")

    walk(comparison)
    differing = [name for name in differing if not name.endswith(".gz")]  # gzip stamps its own time
    assert differing == []


def test_a_different_marker_gives_a_different_key(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    for name in ("get-secret-key.md", "get-secret-key.en.md"):
        page = project / "docs" / name
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("hanako@example.com", "taro@example.com"), encoding="utf-8")

    result = build(project, tmp_path / "site")

    assert not result.ok  # the new worked example must be listed first
    assert '"account": "taro@example.com"' in result.output
    assert "data/totp-vectors.json" in result.output


@pytest.mark.parametrize(
    ("marker", "message", "offset"),
    [
        ("account: a@example.com\ncolour: red\ntime: 2026-11-25T09:00:00Z", "got 'colour: red'", 2),
        ("account: a@example.com", "needs 'account:' and 'time:'", 0),
        ("account: a@example.com\ntime: 2026-11-25T18:00:00+09:00", "time must be UTC", 0),
    ],
)
def test_a_malformed_marker_stops_the_build_with_file_and_line(
    tmp_path: Path, marker: str, message: str, offset: int
) -> None:
    project = copy_project(tmp_path / "project")
    for name in ("change-email.md", "change-email.en.md"):  # both, so the pages still pair up
        page = project / "docs" / name
        page.write_text(page.read_text(encoding="utf-8") + f"\n```totp-sample\n{marker}\n```\n", encoding="utf-8")
    lines = (project / "docs" / "change-email.md").read_text(encoding="utf-8").split("\n")
    line = lines.index("```totp-sample") + 1 + offset  # the marker's line, or the faulty field's

    result = build(project, tmp_path / "site")

    assert not result.ok
    assert message in result.output
    assert f"docs/change-email.md:{line}: " in result.output


SAMPLE_MARKER = "account: hanako@example.com\ntime: 2026-11-26T09:00:00Z"


def _with_sample(fence: str, indent: str = "", tab: str = "") -> Callable[[str], str]:
    """An edit appending a sample in ``fence`` (``~~~``, `````` ```` ``````), indented inside ``tab``."""
    body = "\n".join(f"{indent}{line}" for line in [f"{fence}totp-sample", *SAMPLE_MARKER.split("\n"), fence])
    return lambda text: text + (f'\n=== "{tab}"\n\n' if tab else "\n") + body + "\n"


@pytest.mark.parametrize(
    ("fence", "indent", "tabs"),
    [("~~~", "", ("", "")), ("````", "", ("", "")), ("```", "    ", ("ブラウザ", "Browser"))],
    ids=["tildes", "four backticks", "indented in a content tab"],
)
def test_a_sample_in_any_fence_is_drawn(tmp_path: Path, fence: str, indent: str, tabs: tuple[str, str]) -> None:
    result = build_edited(tmp_path, {
        "docs/change-email.md": _with_sample(fence, indent, tabs[0]),
        "docs/change-email.en.md": _with_sample(fence, indent, tabs[1]),
    })

    assert result.ok, result.output
    for page in ("change-email.html", "en/change-email.html"):
        drawn = samples(result.site / page)
        assert len(drawn) == 1 and drawn[0]["time"] == "2026-11-26T09:00:00Z"
        assert "totp-sample" not in (result.site / page).read_text(encoding="utf-8")


def test_a_sample_fence_left_open_stops_the_build_at_its_line(tmp_path: Path) -> None:
    unclosed = lambda text: text + "\n```totp-sample\n" + SAMPLE_MARKER + "\n"  # noqa: E731
    result = build_edited(tmp_path, {"docs/change-email.md": unclosed, "docs/change-email.en.md": unclosed})

    lines = (ROOT / "docs" / "change-email.md").read_text(encoding="utf-8").count("\n") + 2
    assert not result.ok
    assert f"docs/change-email.md:{lines}: the ```totp-sample``` block is never closed" in result.output


def test_the_command_writes_a_new_samples_vector_line_and_the_build_then_passes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    marker = "account: taro@example.com\ntime: 2026-12-01T00:00:00Z"
    for name in ("change-email.md", "change-email.en.md"):
        page = project / "docs" / name
        page.write_text(page.read_text(encoding="utf-8") + f"\n```totp-sample\n{marker}\n```\n", encoding="utf-8")
    vectors = project / "data" / "totp-vectors.json"
    before = vectors.read_text(encoding="utf-8")
    assert not build(project, tmp_path / "site").ok

    command = subprocess.run(
        [sys.executable, "-m", "hooks.samples", "docs/change-email.md"], cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60,
    )

    assert command.returncode == 0, command.stderr
    added = 'docs/change-email.md: added {"account": "taro@example.com", "time": "2026-12-01T00:00:00Z"'
    assert added in command.stdout
    after = vectors.read_text(encoding="utf-8")
    old, new = json.loads(before), json.loads(after)
    assert new["samples"][:-1] == old["samples"] and {k: v for k, v in new.items() if k != "samples"} == {
        k: v for k, v in old.items() if k != "samples"
    }
    assert new["samples"][-1]["account"] == "taro@example.com" and re.fullmatch(r"\d{6}", new["samples"][-1]["code"])
    assert after.startswith(before[: before.rindex("    }")])  # the rest of the file is left as it was
    assert build(project, tmp_path / "site2").ok
