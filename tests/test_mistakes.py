"""Issue 25: a build reports every mistake at once, with file and line (hooks/mistakes.py,
hooks/verdict.py), so four slips in three files take one rebuild, not four."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from hooks import mistakes
from tests.sites import build_edited, replacing

TYPED_KEY = "JBSWY3DPEHPK3PXPJBSWY3DP"


@pytest.mark.long
def test_three_mistakes_in_two_files_and_two_languages_are_reported_by_one_build(tmp_path: Path) -> None:
    result = build_edited(tmp_path, {
        # a setting that does not exist (found while rendering the page) and a key typed by hand
        # (found when the files are read), in the Japanese page
        "docs/why-2fa.md": lambda text: text + "\n{{ no_such_setting }}\n\n" + TYPED_KEY + "\n",
        # a related article that does not exist, in an English page (found in the English build)
        "docs/secret-key.en.md": replacing("related: [get-secret-key.md,", "related: [no-such-page.md,"),
    })

    assert not result.ok
    listed = re.findall(r"^docs/\S+:.*$", result.output, re.M)
    assert "3 mistakes to fix:" in result.output, result.output[-3000:]
    assert any(line.startswith("docs/secret-key.en.md: related article 'no-such-page.md' does not exist")
               for line in listed), listed
    assert any(re.match(r"docs/why-2fa\.md:\d+: unknown setting '\{\{ no_such_setting \}\}'", line)
               for line in listed), listed
    assert any(re.match(r"docs/why-2fa\.md:\d+: a secret key typed by hand", line) for line in listed), listed
    assert result.output.count("Aborted with a BuildError") == 1


def test_the_list_is_sorted_by_file_and_line_and_says_each_mistake_once() -> None:
    config = MkDocsConfig()
    mistakes.add(config, "docs/b.md:10", "ten")
    mistakes.extend(config, ["docs/b.md:9: nine", "docs/a.en.md: no line", "docs/b.md:10: ten"])
    with mistakes.collected(config):
        raise PluginError("docs/a.en.md:3: three\ndocs/b.md:9: nine")

    assert mistakes.found(config) == ["docs/a.en.md: no line", "docs/a.en.md:3: three", "docs/b.md:9: nine",
                                      "docs/b.md:10: ten"]
    with pytest.raises(PluginError, match=r"^4 mistakes to fix:\ndocs/a\.en\.md: no line\n"):
        mistakes.report(config)


def test_a_build_without_mistakes_is_not_stopped() -> None:
    mistakes.report(MkDocsConfig())  # nothing added: no error
