// Material for MkDocs' search, answered by the help center's engine (search-engine.js, on MiniSearch).
//
// This file relies on Material's internals: the search worker's messages. Material's page posts
// SETUP with the index it fetched (search/search_index.json for the page's language, see
// hooks/search.py), waits for READY, then posts each QUERY (the raw text in the box) and renders
// each RESULT: {items: [[article, ...sections]]}, every item a document of the index with a score
// and {term: found} for its query words. Material 9.8 numbers the messages SETUP 0, READY 1,
// QUERY 2, RESULT 3 (src/.../search/worker/message). Material starts this worker as a classic
// worker, so the engine's files are classic scripts loaded with importScripts. The browser test
// tests/browser/test_search.py pins this contract and says so when an upgrade breaks it.
//
// minisearch.js is MiniSearch's own prebuilt file, copied into the site by hooks/search.py from
// node_modules/ (package-lock.json pins it). A build without it says so; here, every query is
// answered with one result that says search is unavailable, never with a silent empty list.

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;

let index = null;
let missing = null;

try {
  importScripts("minisearch.js", "search-text.js", "search-query.js", "search-ranking.js", "search-engine.js");
} catch (error) {
  missing = String(error?.message ?? error);
  console.error("search is unavailable: MiniSearch is not in this build (run npm ci, then build again)", error);
}

/** The one result a build without MiniSearch gives, in the index's language. */
function unavailable(language) {
  const title = language === "ja"
    ? "検索を利用できません（このサイトのビルドにMiniSearchがありません）"
    : "Search is unavailable (this build of the site lacks MiniSearch)";
  const text = `npm ci; mkdocs build (${missing})`;
  return { items: [[{ location: "", title, text, score: 1, terms: {} }]] };
}

let language = "en";

addEventListener("message", ({ data: message }) => {
  if (message.type === SETUP) {
    language = message.data?.config?.lang?.[0] ?? language;
    if (!missing) index = new self.HelpSearch.Index(message.data);
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    let data = { items: [] };
    try {
      data = missing ? unavailable(language) : index ? index.search(String(message.data ?? "")) : data;
    } catch (error) {
      console.warn("search failed", error); // an answer all the same: the page never hangs
    }
    postMessage({ type: RESULT, data });
  }
});
