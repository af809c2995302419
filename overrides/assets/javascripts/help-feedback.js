// What the help center learns from its readers, and the way on when a search finds nothing.
//
//   - "Was this helpful?" under each article (partials/feedback.html), and searches that found
//     nothing, are sent to the server that sent the page; it marks its pages with
//     <meta name="help-feedback">. A copy of the site on a static host has no mark: the widget
//     stays hidden and nothing is sent.
//   - When a search finds nothing, the panel in partials/search.html shows the lost-phone page,
//     where to start and how to reach support, with or without a server.
//
// Material's page is read through material.js only.

import { searchBox, searchToggle, searchWords } from "./material.js";

const endpoint = document.querySelector('meta[name="help-feedback"]')?.content;
const language = document.documentElement.lang;

async function send(path, body) {
  const response = await fetch(new URL(path, new URL(endpoint, location.href)), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    credentials: "omit",
  });
  if (!response.ok) throw new Error(`feedback answered ${response.status}`);
}

function articleFeedback(section) {
  const words = JSON.parse(section.querySelector("template[data-feedback-words]").innerHTML);
  const status = section.querySelector("[data-feedback-status]");
  const more = section.querySelector("[data-feedback-more]");
  const answers = section.querySelector(".help-feedback__answers");
  const vote = { article: section.dataset.article, language: section.dataset.language };

  async function finish(body) {
    try {
      await send("articles", body);
      status.textContent = words.thanks;
    } catch {
      status.textContent = words.failed;
    }
    answers.hidden = true;
    more.hidden = true;
  }

  section.addEventListener("click", (event) => {
    const answer = event.target.closest("[data-helpful]");
    if (answer?.dataset.helpful === "yes") finish({ ...vote, helpful: true });
    if (answer?.dataset.helpful === "no") {
      answers.hidden = true;
      more.hidden = false;
      more.querySelector("input, textarea").focus();
    }
    if (event.target.closest("[data-feedback-skip]")) finish({ ...vote, helpful: false });
  });
  more.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(more);
    const reason = form.get("reason");
    finish({ ...vote, helpful: false, ...(reason ? { reason } : {}), comment: String(form.get("comment") ?? "") });
  });
  section.hidden = false;
}

// Material writes the number of results, or that there are none, once its worker answers. The
// panel shows the way on at once; the writers hear of the search only when the reader stops on it:
// Enter pressed, or the results closed, with nothing found. A reader who is still typing, or who
// found nothing on the way to a query that finds something, sends nothing. A query the page was
// opened with (?q=, a link anyone can write) is not the reader's until they type in the box.
function watchSearch() {
  const search = searchBox();
  const empty = document.querySelector("[data-search-empty]");
  if (!search || !empty) return;
  const { input, meta, list } = search;
  const { none } = searchWords();
  let reported = "";
  let typed = false;
  // Nothing was found only when Material says so: before it has searched, the line says "Type to
  // start searching" (or "Initializing search"), and that is no answer to report.
  const nothingFound = () => input.value.trim().length > 0 && list.children.length === 0 && none !== null &&
    meta.textContent.trim() === none;
  const check = () => { empty.hidden = !nothingFound(); };
  const report = () => {
    const query = input.value.trim();
    if (!endpoint || !typed || query === reported || !nothingFound()) return;
    reported = query;
    send("searches", { language, query }).catch(() => {});
  };
  new MutationObserver(check).observe(meta, { childList: true, characterData: true, subtree: true });
  new MutationObserver(check).observe(list, { childList: true });
  for (const name of ["input", "compositionend"]) {
    input.addEventListener(name, () => { // Material fills in ?q= without an input event
      typed = true;
      setTimeout(check, 300);
    });
  }
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.isComposing) report(); // Enter that ends an IME's word is no stop
  });
  const toggle = searchToggle();
  toggle?.addEventListener("change", () => { if (!toggle.checked) report(); });
}

if (endpoint) for (const section of document.querySelectorAll("[data-feedback]")) articleFeedback(section);
watchSearch();
