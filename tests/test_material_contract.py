"""Everything that leans on Material for MkDocs' and MkDocs' internals goes through one seam,
``hooks/material.py``, and every assumption of it holds against the installed versions
(``hooks/contract.py`` checks each one; README, "Moving off Material", says what a move needs).

Material's documented extension points (template blocks, ``extra``, palette options) are not
internals; INTERNALS lists what is, with the adapter each goes through.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import shutil
from pathlib import Path

import material as material_theme
import pytest

from demo.web import look
from hooks import contract, material

INTERNALS = {
    "the search protocol": "overrides/assets/javascripts/workers/search-worker.js answers Material's worker "
                           "messages (material.SEARCH_MESSAGES; hooks/search.py is the search's own)",
    "the __config rewrite": "material.app_config / with_app_config read and write the page's app config "
                            "(hooks/search.py's search_config still parses it itself)",
    "the search box's behaviour": "overrides/assets/javascripts/help-feedback.js reads Material's answer (its "
                                  "result count and the list it fills) to show the way on after an empty search; "
                                  "overrides/assets/javascripts/search-input.js sends the keyup Material's box reads "
                                  "a query on, for a query pasted, dictated or picked from an IME; "
                                  "tests/browser/test_search.py and test_feedback.py find out when not",
    "copied partials": "overrides/partials/search.html is Material's with our additions (material.COPIED_PARTIALS)",
    "DOM hooks": "our scripts read Material's page through overrides/assets/javascripts/material.js; "
                 "help.css, our templates and the demo's use md-* classes and custom properties",
    "theme macros": "hooks/samples.py and vectors.py render our macros through material.theme_macro",
    "mkdocs serve": "hooks/serve.py: material.forget_reported_messages, poll_every, observe",
    "the build's end": "hooks/publish.py: mkdocs serve's folder (material.is_serve_folder); on_shutdown after "
                       "strict mode's check and before gh-deploy's push; one on_post_build per language "
                       "static-i18n builds; tests/test_publish.py finds out when not",
    "server/site.py": "allows Material's inline scripts (partials/javascripts/) and <style> blocks "
                      "(partials/icons.html) by their hashes; tests/browser/test_content_security.py "
                      "finds out when not",
    "demo/web/look.py": "links the built site's main.*.min.css and palette.*.min.css",
}

THEME = Path(material_theme.__file__).parent / "templates"
ROOT = Path(__file__).resolve().parents[1]


def test_material_and_mkdocs_are_the_versions_the_adapters_were_checked_against() -> None:
    installed = (importlib.metadata.version("mkdocs-material"), importlib.metadata.version("mkdocs"))
    checklist = "\n".join(f"  {name}: {what}" for name, what in INTERNALS.items())
    assert installed == (material.MATERIAL_VERSION, material.MKDOCS_VERSION), (
        f"Material for MkDocs {installed[0]} and MkDocs {installed[1]} are installed; run this file and "
        f"tests/browser/, check each internal, then set hooks/material.py's versions:\n{checklist}"
    )


@pytest.mark.parametrize("adapter", list(contract.theme_checks(THEME)))
def test_each_assumption_about_the_theme_holds_for_the_installed_material(adapter: str) -> None:
    assert contract.theme_checks(THEME)[adapter] == []


def test_mkdocs_serve_internals_are_where_the_serve_hook_reaches_for_them() -> None:
    assert contract.serve_problems() == []


def test_our_scripts_read_materials_page_only_through_the_dom_adapter() -> None:
    assert contract.scripts_outside_the_dom_adapter() == []
    assert (contract.OVERRIDES / material.DOM_ADAPTER).is_file()


def test_our_templates_use_nothing_that_only_jinja2_renders() -> None:
    """Zensical renders templates with MiniJinja, which has no Python methods on values."""
    assert contract.python_only_constructs() == []


def test_the_demo_finds_the_stylesheets_it_borrows() -> None:
    folder = THEME / "assets" / "stylesheets"
    assert [pattern for pattern in look.THEME_STYLESHEETS if not list(folder.glob(pattern))] == []


def test_the_app_config_is_read_and_rewritten_in_a_built_page(built_site: Path) -> None:
    page = (built_site / "secret-key.html").read_text(encoding="utf-8")
    app = material.app_config(page)
    assert set(material.APP_CONFIG_KEYS) <= set(app)
    rewritten = material.with_app_config(page, {**app, "base": "</script><b>"})
    assert material.app_config(rewritten)["base"] == "</script><b>"
    assert "</script><b>" not in rewritten  # escaped: the script cannot be closed early
    assert rewritten.replace(material.APP_CONFIG.search(rewritten)[0], "") == page.replace(
        material.APP_CONFIG.search(page)[0], "")
    with pytest.raises(ValueError, match="__config"):
        material.app_config("<html></html>")


# The checks fail when an assumption breaks: each is shown a theme that changed one thing.


@pytest.fixture()
def theme(tmp_path: Path) -> Path:
    """A copy of the parts of Material's templates the checks read."""
    copy = tmp_path / "templates"
    for part in ("base.html", "partials", "assets/stylesheets", "assets/javascripts"):
        source = THEME / part
        if source.is_dir():
            shutil.copytree(source, copy / part, ignore=shutil.ignore_patterns("lunr", "workers"))
        else:
            (copy / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / part)
    assert all(problems == [] for problems in contract.theme_checks(copy).values())
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_copied_partial_is_reported_with_its_new_lines(theme: Path) -> None:
    _edit(theme / "partials" / "search.html", 'class="md-search__inner"', 'class="md-search__inner md-new"')
    [problem] = contract.copied_partial_problems(theme)
    assert "partials/search.html" in problem and "md-search__inner md-new" in problem


def test_renumbered_search_messages_are_reported(theme: Path) -> None:
    source_map = next((theme / "assets" / "javascripts").glob("bundle.*.min.js.map"))
    data = json.loads(source_map.read_text(encoding="utf-8"))
    data["sourcesContent"] = [re.sub(r"SETUP,(\s+/\*.*?\*/\s+)READY,", r"READY,\1SETUP,", text or "")
                              for text in data["sourcesContent"]]
    source_map.write_text(json.dumps(data), encoding="utf-8")
    assert contract.theme_search_messages(theme) == ("READY", "SETUP", "QUERY", "RESULT")
    assert contract.search_protocol_problems(theme)


def test_a_renamed_class_and_a_lost_block_and_config_key_are_reported(theme: Path) -> None:
    for path in [*theme.rglob("*.html"), *theme.rglob("*.css"), *theme.rglob("bundle.*.min.js")]:
        path.write_text(path.read_text(encoding="utf-8").replace("md-search-result__meta", "md-meta"),
                        encoding="utf-8")
    _edit(theme / "base.html", "{% block hero %}{% endblock %}", "")
    _edit(theme / "base.html", '"base": base_url,', '"root": base_url,')
    assert contract.missing_names(theme) == [
        "md-search-result__meta is not in the theme (used by overrides/assets/javascripts/material.js, "
        "overrides/partials/search.html)"]
    assert contract.missing_blocks(theme) == ["base.html has no block hero (overrides/main.html, home.html fill it)"]
    assert contract.app_config_problems(theme) == ["the __config script has no 'base' (material.APP_CONFIG_KEYS)"]


def test_a_python_method_or_filter_in_a_template_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "overrides"
    folder.mkdir()
    (folder / "main.html").write_text(
        '{% import "partials/strings.html" as strings %}{{ strings.t("x") }}{{ "a{b}".format(b=1) }}'
        '{{ x | public_url }}{% if "search_config" is filter %}{{ y | search_config }}{% endif %}'
        "{{ d.get('k') }}", encoding="utf-8")
    assert contract.python_only_constructs(folder) == [
        "overrides/main.html: .format() on \"\": MiniJinja has no Python methods",
        "overrides/main.html: the filter public_url is not MiniJinja's; guard it with "
        '{% if "public_url" is filter %}',
        "overrides/main.html: .get() on d: MiniJinja has no Python methods",
    ]
