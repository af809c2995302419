"""A build into the folder the running server serves: a failed one changes nothing a reader sees,
and a good one is served at once, without a restart and without a moment of 404 (hooks/publish.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devtools.server import Server, start_server
from tests.sites import article_names, build, copy_project, page_path, replacing

pytestmark = pytest.mark.long
LANGUAGES = ("ja", "en")
NEW_ARTICLE = "keep-your-key-safe"


class Readers:
    """Readers asking for ``paths`` one after another until stopped: every answer that was not 200."""

    def __init__(self, url: str, paths: list[str]) -> None:
        self.url, self.paths = url, paths
        self.failures: list[tuple[str, int]] = []
        self.asked = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)

    def __enter__(self) -> Readers:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _read(self) -> None:
        with httpx.Client(base_url=self.url, timeout=10) as client:
            while not self._stop.is_set():
                for path in self.paths:
                    status = client.get(path).status_code
                    self.asked += 1
                    if status != 200:
                        self.failures.append((path, status))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, Server]]:
    project = copy_project(tmp_path / "project")
    first = build(project, tmp_path / "site")
    assert first.ok, first.output
    server = start_server(tmp_path / "site", tmp_path)
    yield project, server
    server.stop()


def every_page() -> list[str]:
    return [page_path(name, language) for language in LANGUAGES for name in article_names()]


def test_a_failed_build_into_the_served_folder_leaves_every_page_served(served: tuple[Path, Server],
                                                                        tmp_path: Path) -> None:
    project, server = served
    # A slip in an English page: the Japanese pages build first, the English build stops.
    slipped = project / "docs" / "change-phone.en.md"
    text = slipped.read_text(encoding="utf-8")
    slipped.write_text(text.replace("{{ service_name }}", "{{ sevice_name }}", 1), encoding="utf-8")
    with Readers(server.url, every_page()) as readers:
        result = build(project, tmp_path / "site")
    assert not result.ok and "sevice_name" in result.output
    assert readers.asked > len(every_page()), "the readers asked too little to show anything"
    assert readers.failures == []
    with httpx.Client(base_url=server.url) as client:
        statuses = {path: client.get(path).status_code for path in every_page()}
    assert set(statuses.values()) == {200}, statuses
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data", "data-key", "project", "site"], (
        "the failed build's folder was left behind")


def test_a_good_build_is_served_at_once_without_a_restart(served: tuple[Path, Server], tmp_path: Path) -> None:
    project, server = served
    for suffix, title in (("", "# シークレットキーを安全に保管する"), (".en", "# Keep your secret key safe")):
        (project / "docs" / f"{NEW_ARTICLE}{suffix}.md").write_text(
            f"---\ndescription: {title[2:]}\nupdated: 2026-11-25\nrelated: [secret-key.md, change-phone.md]\n---\n\n"
            f"{title}\n\n{{{{ service_name }}}}\n", encoding="utf-8")
    entries = {"index.md": "- [シークレットキーを安全に保管する](keep-your-key-safe.md)\uff1a保管場所を選ぶとき",
               "index.en.md": "- [Keep your secret key safe](keep-your-key-safe.md): when you choose where"}
    for home, entry in entries.items():
        with (project / "docs" / home).open("a", encoding="utf-8") as file:  # every article is on the home pages
            file.write(f"\n{entry}\n")
    mkdocs_yml = project / "mkdocs.yml"
    mkdocs_yml.write_text(replacing("      - secret-key.md\n", f"      - secret-key.md\n      - {NEW_ARTICLE}.md\n")(
        mkdocs_yml.read_text(encoding="utf-8")), encoding="utf-8")
    new_pages = [page_path(NEW_ARTICLE, language) for language in LANGUAGES]
    with httpx.Client(base_url=server.url) as client:
        assert [client.get(path).status_code for path in new_pages] == [404, 404]
    with Readers(server.url, every_page()) as readers:
        result = build(project, tmp_path / "site")
    assert result.ok, result.output
    assert readers.failures == []
    with httpx.Client(base_url=server.url) as client:
        assert [client.get(path).status_code for path in new_pages] == [200, 200]
        assert "Keep your secret key safe" in client.get(new_pages[1]).text
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data", "data-key", "project", "site"], (
        "the old build was not removed")
