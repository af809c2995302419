// The demo's pages as one page: links and forms inside /demo/ are fetched and swapped in,
// so the simulated phones (kept only in memory) survive from step to step.
import { Guide } from "./guide.js";
import { Simulator, el } from "./phone.js";

const aside = document.getElementById("simulator");
let strings = readStrings(document);
const guideRoot = el("section", { class: "guide", id: "guide", "aria-labelledby": "guide-title", hidden: "" });
const phonesRoot = el("div", { class: "phones" });
aside.append(guideRoot, phonesRoot);
const guide = new Guide(guideRoot, strings);
const simulator = new Simulator(phonesRoot, strings, onPhoneEvent);
simulator.watchHolds();
showSimulator();
observe();

function readStrings(doc) {
  return JSON.parse(doc.getElementById("demo-strings")?.textContent ?? "{}");
}

function showSimulator() {
  aside.hidden = document.querySelector("main")?.dataset.page === "sheet";
}

function onPhoneEvent(event, detail) {
  const t = (key, values) => simulator.text(key, values);
  if (event === "scanned") guide.record(`scanned-${detail.phone}`);
  if (event === "key-typed") guide.record(`key-typed-${detail.phone}`);
  if (event === "gone") guide.record("gone", t("js.event.gone"));
  if (event === "paper-key" || event === "copied") guide.record("paper-key");
  if (event === "paper-codes") guide.record("paper-codes");
}

// What the page just shown tells the guide.
function observe() {
  const main = document.querySelector("main");
  if (!main) return;
  const data = main.dataset;
  const t = (key, values) => simulator.text(key, values);
  if (data.page === "scenario") guide.start(data.scenario);
  if (data.page === "account") {
    guide.record("account");
    guide.record("account-page");
    if (data.twoFactor === "on") guide.record("two-factor-on");
    if (data.twoFactor === "off" && guide.state.has("two-factor-on")) guide.record("two-factor-off", t("js.event.two_factor_off"));
    if (data.signedIn === "code") guide.record("signed-in-code", t("js.event.signed_in_code"));
    if (data.signedIn === "recovery") guide.record("signed-in-recovery", t("js.event.signed_in_recovery"));
    if (data.done === "replaced") guide.record("replaced", t("js.event.replaced"));
    if (data.step) guide.record(`step-${data.step}`, t("js.event.step", { step: { "-1": "T-1", 0: "T", 1: "T+1" }[data.step] }));
  }
  if (data.page === "recovery-codes") guide.record("two-factor-on", t("js.event.two_factor_on"));
  if (data.page === "sign-in-code" && data.refused) guide.record("refused", t("js.event.refused"));
  if (data.page === "ticket") guide.record(`ticket-${data.status}`, t("js.event.ticket", { status: t(`status.${data.status}`) }));
  if (data.page === "staff-ticket" && data.status === "resolved") guide.record("reset", t("js.event.reset"));
}

function inDemo(url) {
  return url.origin === location.origin && url.pathname.startsWith("/demo/")
    && !/^\/demo\/(static\/|openapi\.json)|\/sheet$|\/selfies\//.test(url.pathname);
}

document.addEventListener("click", (event) => {
  const print = event.target.closest("[data-print]");
  if (print) return window.print();
  const link = event.target.closest("#page a[href]");
  if (!link || link.target || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.getAttribute("href"), location.href);
  if (!inDemo(url) || (url.hash && url.pathname === location.pathname && url.search === location.search)) return;
  event.preventDefault();
  go(url, { method: "GET" });
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.closest("#page")) return;
  const url = new URL(form.getAttribute("action") ?? location.href, location.href);
  if (!inDemo(url)) return;
  event.preventDefault();
  const body = new FormData(form, event.submitter);
  if (form.method.toLowerCase() === "get") go(new URL(`${url.pathname}?${new URLSearchParams(body)}`, url), { method: "GET" });
  else go(url, { method: "POST", body });
});

window.addEventListener("popstate", () => go(new URL(location.href), { method: "GET" }, false));

async function go(url, init, remember = true) {
  document.getElementById("page").setAttribute("aria-busy", "true");
  let response;
  try {
    response = await fetch(url, { ...init, credentials: "same-origin" });
  } catch {
    location.href = url; // offline or refused: let the browser show it
    return;
  }
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const next = doc.getElementById("page");
  if (!next) {
    location.href = response.url;
    return;
  }
  document.getElementById("page").replaceWith(document.importNode(next, true));
  document.title = doc.title;
  document.documentElement.lang = doc.documentElement.lang;
  if (remember) history.pushState({}, "", response.url);
  const fresh = readStrings(document);
  if (fresh["js.simulator"] !== strings["js.simulator"]) {
    strings = fresh;
    simulator.setStrings(strings);
    guide.setStrings(strings);
  }
  showSimulator();
  observe();
  const target = document.querySelector("#errors") ?? document.querySelector("#page main h1") ?? document.querySelector("#page main");
  target.setAttribute("tabindex", "-1");
  target.focus();
}
