// The demo's pages: the guide and the simulated phones drawn from the page data and this tab's
// sessionStorage, and the page's own helpers (copy, print, write on paper, a second tab).
// Every form posts normally and the server answers with a redirect, so reload, Back and Forward
// are the browser's own; nothing here depends on staying on one page.
import { Guide } from "./guide.js";
import { Phones } from "./phone.js";
import { textFrom } from "./dom.js";
import { keepDraft, watchPhotoSize } from "./forms.js";
import { showLocalTimes } from "./times.js";
import { holdsSomething, loadState, saveState, emptyPhones } from "./state.js";

const data = JSON.parse(document.getElementById("demo-data").textContent);
const text = textFrom(data.strings);
const main = document.getElementById("main");
const state = loadState();
const lastMilestone = data.milestones.at(-1)?.[0] ?? 0;
const save = () => saveState(state);

const guide = new Guide(document.getElementById("guide"), data, state, text, save);
const phones = new Phones(document.getElementById("phones"), state, data.otp, text, save, record);
phones.watchHolds();

/** A phone event for the guide, placed after the last thing the server recorded. */
function record(name) {
  const events = state.guide.events;
  events.push({ name: `phone:${name}`, at: lastMilestone + 0.5 + events.length / 1e4 });
  save();
  guide.render();
}

function startScenario(scenario) {
  Object.assign(state, { phones: emptyPhones(), paper: [], active: "old", open: false,
    guide: { scenario, start: lastMilestone, events: [], collapsed: state.guide.collapsed ?? false, list: false } });
  save();
}

function writeOnPaper(kind, values, where) {
  for (const value of values) if (!state.paper.some((note) => note.value === value)) state.paper.push({ kind, value });
  save();
  phones.render();
  phones.say(text(kind === "key" ? "js.wrote_key" : "js.wrote_codes"), where);
  record(kind === "key" ? "key-saved" : "codes-saved");
}

document.addEventListener("click", async (event) => {
  const start = event.target.closest("[data-start-scenario]");
  if (start) {
    if (holdsSomething(state) && !window.confirm(text("js.reset_confirm"))) {
      event.preventDefault();
      return;
    }
    startScenario(start.dataset.startScenario);
    return;
  }
  const action = event.target.closest("#main [data-action]");
  if (action?.dataset.action === "write-key") {
    writeOnPaper("key", [main.querySelector("[data-key]").textContent.trim()], "key");
  }
  if (action?.dataset.action === "write-codes") {
    writeOnPaper("code", [...main.querySelectorAll("[data-recovery-codes] code")].map((code) => code.textContent.trim()), "codes");
  }
  if (event.target.closest("#main [data-copy-key]")) phones.copyKey(phones.qr());
  if (event.target.closest("[data-print]")) window.print();
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const heading = [...main.querySelectorAll("[data-codes-heading] p")].map((line) => line.textContent.trim());
    const codes = [...heading, "", ...[...main.querySelectorAll(copy.dataset.copy)].map((code) => code.textContent.trim())]
      .join("\n").trim();
    try {
      await navigator.clipboard.writeText(codes);
      phones.say(text("js.copied_codes"), "codes");
    } catch {
      phones.say(text("js.copy_failed"), "codes"); // no permission: the codes stay on screen to copy by hand
    }
  }
});

// A recovery code typed from the paper notes is crossed out there once the server took it: the page the
// form leads to is no refusal (a refused form comes back with its errors) but the new codes or 2FA off.
const plain = (code) => code.replace(/[^0-9a-z]/gi, "").toLowerCase();
main.addEventListener("submit", (event) => {
  const field = event.target.querySelector("input[name=recovery_code], input[name=proof]");
  const note = field && state.paper.find((written) => written.kind === "code" && plain(written.value) === plain(field.value));
  if (note && !event.defaultPrevented) {
    state.tried = note.value;
    save();
  }
});
if (state.tried) {
  const taken = !document.getElementById("errors") && (main.dataset.page === "recovery-codes" || main.dataset.done === "disabled");
  const note = state.paper.find((written) => written.value === state.tried);
  if (taken && note) note.used = true;
  state.tried = null;
  save();
}

// A setup restarted in another tab makes this tab's key useless: say so here at once.
const setup = main.dataset.setup;
if ("BroadcastChannel" in window) {
  const channel = new BroadcastChannel("demo-setup");
  channel.addEventListener("message", ({ data: message }) => {
    if (setup && message.account === main.dataset.account && message.setup !== setup) {
      const warning = main.querySelector("[data-other-tab]");
      warning.hidden = false;
    }
  });
  if (setup) channel.postMessage({ account: main.dataset.account, setup });
}

for (const hidden of document.querySelectorAll("#main [data-print], #main [data-copy], #main [data-copy-key], #main .demo-sim-only")) {
  hidden.hidden = false;
}
watchPhotoSize(main);
for (const form of main.querySelectorAll("form[data-draft]")) keepDraft(form);
showLocalTimes(main, document.documentElement.lang);
phones.render();
guide.render();
if (main.dataset.page === "sheet") for (const id of ["side", "guide"]) document.getElementById(id).hidden = true;
document.getElementById("errors")?.focus();
