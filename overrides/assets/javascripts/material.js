// The one module of ours that reads Material for MkDocs' page by its classes (hooks/material.py,
// DOM_ADAPTER): a theme that renames them changes this file only. tests/test_material_contract.py
// names every md-* class used here that the installed theme no longer has, and fails when another
// of our scripts reads Material's page directly.

/** Material's search box and the list its search worker's answers fill; null without search. */
export function searchBox() {
  const input = document.querySelector("input.md-search__input");
  const meta = document.querySelector(".md-search-result__meta"); // "Type to start searching", then the count
  const list = document.querySelector(".md-search-result__list");
  return input && meta && list ? { input, meta, list } : null;
}

/** Material's switch for its search panel: checked while the panel is open. Material opens and
 * closes it with click(), so a "change" event follows every close (Escape, the overlay, the back
 * arrow). */
export function searchToggle() {
  return document.querySelector('input[data-md-toggle="search"]');
}

/** The title of the article Material shows. */
export function articleTitle() {
  return document.querySelector("article.md-content__inner h1");
}

/** Material's own words for its search line (the page's __config, hooks/material.py APP_CONFIG_KEYS):
 * ``none`` is what it writes once a query found nothing. */
export function searchWords() {
  try {
    const config = JSON.parse(document.getElementById("__config")?.textContent ?? "{}");
    return { none: config.translations?.["search.result.none"] ?? null };
  } catch {
    return { none: null };
  }
}

/** The links of Material's language menu, each with its hreflang. */
export function languageLinks() {
  return [...document.querySelectorAll("a.md-select__link[hreflang]")];
}
