// Material for MkDocs' search, answered by the help center's own engine (search-engine.js).
//
// This is the one place that relies on Material's internals: the search worker's messages.
// Material's page posts SETUP with the index it fetched (search/search_index.json for the
// page's language, see hooks/search.py), waits for READY, then posts each QUERY (the raw text
// in the box) and renders each RESULT: {items: [[article, ...sections]]}, every item a document
// of the index with a score and {term: found} for its query words. Material 9.8 numbers the
// messages SETUP 0, READY 1, QUERY 2, RESULT 3 (src/.../search/worker/message). The browser
// test tests/browser/test_search.py pins this contract and says so when an upgrade breaks it.

importScripts("search-engine.js");

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;

let index = null;

addEventListener("message", ({ data: message }) => {
  if (message.type === SETUP) {
    index = new self.HelpSearch.Index(message.data);
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    let data = { items: [] };
    try {
      data = index ? index.search(String(message.data ?? "")) : data;
    } catch (error) {
      console.warn("search failed", error); // an answer all the same: the page never hangs
    }
    postMessage({ type: RESULT, data });
  }
});
